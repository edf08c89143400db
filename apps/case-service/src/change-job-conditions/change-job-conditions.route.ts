import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { ChangeJobConditionsRequest } from './change-job-conditions.request.dto';

export const changeJobConditionsRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/condition-changes',
  body: ChangeJobConditionsRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) =>
    caseCommand({
      type: 'ChangeJobConditions',
      now: context.now,
      data: { caseId: params.caseId!, changes: { ...body.changes }, reason: body.reason, occurredAt: occurredAt(body, context) },
    }),
});
