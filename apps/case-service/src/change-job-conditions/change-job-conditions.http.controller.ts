import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { ChangeJobConditionsRequest } from './change-job-conditions.request.dto';
import { changeJobConditionsRoute } from './change-job-conditions.route';

@ApiTags('cases')
@Controller()
export class ChangeJobConditionsHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/condition-changes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Change (e.g. relax) the desired job conditions' })
  change(@Req() request: Request, @Body() body: ChangeJobConditionsRequest) {
    return this.commands.fromHttp(changeJobConditionsRoute, request, body);
  }
}
