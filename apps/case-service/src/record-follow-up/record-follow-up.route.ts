import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { withNoteInVault } from '../command-handling/personal-data';
import { RecordFollowUpRequest } from './record-follow-up.request.dto';

export const recordFollowUpRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/follow-ups',
  body: RecordFollowUpRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context, newId }) => {
    const followUpId = newId('followUpId');
    const { data, personalData } = withNoteInVault(body);
    return caseCommand(
      { type: 'RecordFollowUp', now: context.now, data: { ...data, caseId: params.caseId!, followUpId, occurredAt: occurredAt(body, context) } },
      { followUpId },
      personalData,
    );
  },
});
