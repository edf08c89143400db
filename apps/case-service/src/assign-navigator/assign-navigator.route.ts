import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { AssignNavigatorRequest } from './assign-navigator.request.dto';

export const assignNavigatorRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/navigator',
  body: AssignNavigatorRequest,
  status: 201,
  toCommand: ({ params, body, context }) =>
    caseCommand({ type: 'AssignNavigator', now: context.now, data: { caseId: params.caseId!, navigatorId: body.navigatorId, occurredAt: occurredAt(body, context) } }),
});
