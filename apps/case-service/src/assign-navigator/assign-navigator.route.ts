import { seesAllCases } from '@ayumi/security';
import { InvalidRequestException } from '@ayumi/http';
import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { AssignNavigatorRequest } from './assign-navigator.request.dto';

export const assignNavigatorRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/navigator',
  body: AssignNavigatorRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) => {
    // Navigators take cases on; handing a case to someone else is a supervisor's call.
    if (!seesAllCases(context.principal) && body.navigatorId !== context.principal.userId) {
      throw new InvalidRequestException(403, 'AUTH.ASSIGN_OTHERS', 'A navigator can assign a case only to themselves', [{ field: 'navigatorId', message: 'must be your own user id' }]);
    }
    return caseCommand({ type: 'AssignNavigator', now: context.now, data: { caseId: params.caseId!, navigatorId: body.navigatorId, occurredAt: occurredAt(body, context) } });
  },
});
