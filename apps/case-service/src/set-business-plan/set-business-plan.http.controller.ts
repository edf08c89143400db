import { Body, Controller, HttpCode, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { SetBusinessPlanRequest } from './set-business-plan.request.dto';
import { setBusinessPlanRoute } from './set-business-plan.route';

@ApiTags('plans')
@Controller()
export class SetBusinessPlanHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Put('plans/:fiscalYear')
  @HttpCode(200)
  @ApiOperation({ summary: 'Adopt or revise the business plan of a fiscal year (targets per program and metric)' })
  set(@Req() request: Request, @Body() body: SetBusinessPlanRequest) {
    return this.commands.fromHttp(setBusinessPlanRoute, request, body);
  }
}
