import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { ReopenCaseRequest } from './reopen-case.request.dto';

export const reopenCaseRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/reopening',
  body: ReopenCaseRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) =>
    caseCommand({ type: 'ReopenCase', now: context.now, data: { caseId: params.caseId!, reason: body.reason, occurredAt: occurredAt(body, context) } }),
});
