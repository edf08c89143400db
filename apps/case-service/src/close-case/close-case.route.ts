import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { withNoteInVault } from '../command-handling/personal-data';
import { CloseCaseRequest } from './close-case.request.dto';

export const closeCaseRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/closure',
  body: CloseCaseRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) => {
    const { data, personalData } = withNoteInVault(body);
    return caseCommand({ type: 'CloseCase', now: context.now, data: { ...data, caseId: params.caseId!, occurredAt: occurredAt(body, context) } }, {}, personalData);
  },
});
