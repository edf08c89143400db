import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { IssueReferralRequest } from './issue-referral.request.dto';
import { issueReferralRoute } from './issue-referral.route';

@ApiTags('cases')
@Controller()
export class IssueReferralHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases/:caseId/referrals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Refer the client to a job order of an employer, returns referralId' })
  issue(@Req() request: Request, @Body() body: IssueReferralRequest) {
    return this.commands.fromHttp(issueReferralRoute, request, body);
  }
}
