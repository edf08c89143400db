import type { ProgramId } from '@ayumi/events';
import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { withNoteInVault } from '../command-handling/personal-data';
import { RecordConsultationRequest } from './record-consultation.request.dto';

// The program arrives as a string; the domain checks it against the metric catalog (422 when unknown).
export const recordConsultationRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/consultations',
  body: RecordConsultationRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context, newId }) => {
    const consultationId = newId('consultationId');
    const { data, personalData } = withNoteInVault(body);
    return caseCommand(
      { type: 'RecordConsultation', now: context.now, data: { ...data, program: body.program as ProgramId, caseId: params.caseId!, consultationId, occurredAt: occurredAt(body, context) } },
      { consultationId },
      personalData,
    );
  },
});
