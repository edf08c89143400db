import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { RetractPlacementRequest } from './retract-placement.request.dto';

export const retractPlacementRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/placements/:placementId/retraction',
  body: RetractPlacementRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) =>
    caseCommand({
      type: 'RetractPlacement',
      now: context.now,
      data: { caseId: params.caseId!, placementId: params.placementId!, reason: body.reason, occurredAt: occurredAt(body, context) },
    }),
});
