import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { ReceiveJobOrderRequest } from './receive-job-order.request.dto';
import { receiveJobOrderRoute } from './receive-job-order.route';

@ApiTags('employers')
@Controller()
export class ReceiveJobOrderHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('employers/:employerId/job-orders')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a job order received from the employer, returns jobOrderId' })
  receive(@Req() request: Request, @Body() body: ReceiveJobOrderRequest) {
    return this.commands.fromHttp(receiveJobOrderRoute, request, body);
  }
}
