import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { RecordReferralOutcomeRequest } from './record-referral-outcome.request.dto';

export const recordReferralOutcomeRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/referrals/:referralId/outcome',
  body: RecordReferralOutcomeRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) =>
    caseCommand({
      type: 'RecordReferralOutcome',
      now: context.now,
      data: { caseId: params.caseId!, referralId: params.referralId!, outcome: body.outcome, occurredAt: occurredAt(body, context) },
    }),
});
