import type { ProgramId } from '@ayumi/events';
import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { RecordPlacementRequest } from './record-placement.request.dto';

// The program arrives as a string; the domain checks it against the metric catalog (422 when unknown).
export const recordPlacementRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/placements',
  body: RecordPlacementRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context, newId }) => {
    const placementId = newId('placementId');
    return caseCommand(
      {
        type: 'RecordPlacement',
        now: context.now,
        data: { ...body, program: body.program as ProgramId, referralId: body.referralId ?? null, caseId: params.caseId!, placementId, occurredAt: occurredAt(body, context) },
      },
      { placementId },
    );
  },
});
