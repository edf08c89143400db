import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { CollectHiringOutlookRequest } from './collect-hiring-outlook.request.dto';
import { collectHiringOutlookRoute } from './collect-hiring-outlook.route';

@ApiTags('employers')
@Controller()
export class CollectHiringOutlookHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('employers/:employerId/hiring-outlooks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a hiring-outlook survey of the employer, returns outlookId' })
  collect(@Req() request: Request, @Body() body: CollectHiringOutlookRequest) {
    return this.commands.fromHttp(collectHiringOutlookRoute, request, body);
  }
}
