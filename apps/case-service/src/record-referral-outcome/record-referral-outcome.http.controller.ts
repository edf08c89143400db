import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RecordReferralOutcomeRequest } from './record-referral-outcome.request.dto';
import { recordReferralOutcomeRoute } from './record-referral-outcome.route';

@ApiTags('cases')
@Controller()
export class RecordReferralOutcomeHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/referrals/:referralId/outcome')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the outcome of a referral' })
  record(@Req() request: Request, @Body() body: RecordReferralOutcomeRequest) {
    return this.commands.fromHttp(recordReferralOutcomeRoute, request, body);
  }
}
