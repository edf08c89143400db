import { employerCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { ReceiveJobOrderRequest } from './receive-job-order.request.dto';

export const receiveJobOrderRoute = defineCommandRoute({
  method: 'POST',
  path: '/employers/:employerId/job-orders',
  body: ReceiveJobOrderRequest,
  status: 201,
  permission: 'employers:write',
  toCommand: ({ params, body, context, newId }) => {
    const jobOrderId = body.jobOrderId ?? newId('jobOrderId');
    return employerCommand(
      { type: 'ReceiveJobOrder', now: context.now, data: { ...body, employerId: params.employerId!, jobOrderId, occurredAt: occurredAt(body, context) } },
      { jobOrderId },
    );
  },
});
