import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { VoidServiceRecordRequest } from './void-service-record.request.dto';
import { voidServiceRecordRoute } from './void-service-record.route';

@ApiTags('cases')
@Controller()
export class VoidServiceRecordHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/voids')
  @HttpCode(201)
  @ApiOperation({ summary: 'Void a consultation or referral entered in error' })
  void(@Req() request: Request, @Body() body: VoidServiceRecordRequest) {
    return this.commands.fromHttp(voidServiceRecordRoute, request, body);
  }
}
