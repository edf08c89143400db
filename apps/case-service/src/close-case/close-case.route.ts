import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { CloseCaseRequest } from './close-case.request.dto';

export const closeCaseRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/closure',
  body: CloseCaseRequest,
  status: 201,
  toCommand: ({ params, body, context }) =>
    caseCommand({ type: 'CloseCase', now: context.now, data: { ...body, caseId: params.caseId!, occurredAt: occurredAt(body, context) } }),
});
