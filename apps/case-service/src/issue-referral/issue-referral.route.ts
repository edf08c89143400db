import type { ProgramId } from '@ayumi/events';
import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { IssueReferralRequest } from './issue-referral.request.dto';

// The program arrives as a string; the domain checks it against the metric catalog (422 when unknown).
export const issueReferralRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/referrals',
  body: IssueReferralRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context, newId }) => {
    const referralId = newId('referralId');
    return caseCommand(
      { type: 'IssueReferral', now: context.now, data: { ...body, program: body.program as ProgramId, caseId: params.caseId!, referralId, occurredAt: occurredAt(body, context) } },
      { referralId },
    );
  },
});
