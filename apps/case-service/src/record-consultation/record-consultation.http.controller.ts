import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RecordConsultationRequest } from './record-consultation.request.dto';
import { recordConsultationRoute } from './record-consultation.route';

@ApiTags('cases')
@Controller()
export class RecordConsultationHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/consultations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a consultation, returns consultationId' })
  record(@Req() request: Request, @Body() body: RecordConsultationRequest) {
    return this.commands.fromHttp(recordConsultationRoute, request, body);
  }
}
