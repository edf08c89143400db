import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { ReopenCaseRequest } from './reopen-case.request.dto';
import { reopenCaseRoute } from './reopen-case.route';

@ApiTags('cases')
@Controller()
export class ReopenCaseHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/reopening')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reopen a closed case' })
  reopen(@Req() request: Request, @Body() body: ReopenCaseRequest) {
    return this.commands.fromHttp(reopenCaseRoute, request, body);
  }
}
