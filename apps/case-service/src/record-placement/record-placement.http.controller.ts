import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RecordPlacementRequest } from './record-placement.request.dto';
import { recordPlacementRoute } from './record-placement.route';

@ApiTags('cases')
@Controller()
export class RecordPlacementHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/placements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a placement (hire), returns placementId' })
  record(@Req() request: Request, @Body() body: RecordPlacementRequest) {
    return this.commands.fromHttp(recordPlacementRoute, request, body);
  }
}
