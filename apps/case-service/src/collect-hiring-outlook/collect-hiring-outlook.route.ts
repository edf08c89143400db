import type { ProgramId } from '@ayumi/events';
import { employerCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { CollectHiringOutlookRequest } from './collect-hiring-outlook.request.dto';

// The program arrives as a string; the domain checks it against the metric catalog (422 when unknown).
export const collectHiringOutlookRoute = defineCommandRoute({
  method: 'POST',
  path: '/employers/:employerId/hiring-outlooks',
  body: CollectHiringOutlookRequest,
  status: 201,
  permission: 'employers:write',
  toCommand: ({ params, body, context, newId }) => {
    const outlookId = newId('outlookId');
    return employerCommand(
      {
        type: 'CollectHiringOutlook',
        now: context.now,
        data: { ...body, program: body.program as ProgramId, employerId: params.employerId!, outlookId, occurredAt: occurredAt(body, context) },
      },
      { outlookId },
    );
  },
});
