import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { AssignNavigatorRequest } from './assign-navigator.request.dto';
import { assignNavigatorRoute } from './assign-navigator.route';

@ApiTags('cases')
@Controller()
export class AssignNavigatorHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/navigator')
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign the navigator (dedicated caseworker)' })
  assign(@Req() request: Request, @Body() body: AssignNavigatorRequest) {
    return this.commands.fromHttp(assignNavigatorRoute, request, body);
  }
}
