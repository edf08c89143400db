import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RetractPlacementRequest } from './retract-placement.request.dto';
import { retractPlacementRoute } from './retract-placement.route';

@ApiTags('cases')
@Controller()
export class RetractPlacementHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/placements/:placementId/retraction')
  @HttpCode(201)
  @ApiOperation({ summary: 'Retract a placement (hire declined or withdrawn before start)' })
  retract(@Req() request: Request, @Body() body: RetractPlacementRequest) {
    return this.commands.fromHttp(retractPlacementRoute, request, body);
  }
}
