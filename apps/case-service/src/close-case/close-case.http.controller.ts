import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { CloseCaseRequest } from './close-case.request.dto';
import { closeCaseRoute } from './close-case.route';

@ApiTags('cases')
@Controller()
export class CloseCaseHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/closure')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close the case' })
  close(@Req() request: Request, @Body() body: CloseCaseRequest) {
    return this.commands.fromHttp(closeCaseRoute, request, body);
  }
}
