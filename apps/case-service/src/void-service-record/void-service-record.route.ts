import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { VoidServiceRecordRequest } from './void-service-record.request.dto';

export const voidServiceRecordRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases/:caseId/voids',
  body: VoidServiceRecordRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ params, body, context }) =>
    caseCommand({
      type: 'VoidServiceRecord',
      now: context.now,
      data: { caseId: params.caseId!, recordId: body.recordId, reason: body.reason, occurredAt: occurredAt(body, context) },
    }),
});
