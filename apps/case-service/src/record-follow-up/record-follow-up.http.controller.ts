import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RecordFollowUpRequest } from './record-follow-up.request.dto';
import { recordFollowUpRoute } from './record-follow-up.route';

@ApiTags('cases')
@Controller()
export class RecordFollowUpHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/follow-ups')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a retention check after a placement, returns followUpId' })
  record(@Req() request: Request, @Body() body: RecordFollowUpRequest) {
    return this.commands.fromHttp(recordFollowUpRoute, request, body);
  }
}
