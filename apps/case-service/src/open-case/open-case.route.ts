import { caseCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { newRecordRef } from '../command-handling/personal-data';
import { OpenCaseRequest } from './open-case.request.dto';

export const openCaseRoute = defineCommandRoute({
  method: 'POST',
  path: '/cases',
  body: OpenCaseRequest,
  status: 201,
  permission: 'cases:write',
  toCommand: ({ body, context, newId }) => {
    const caseId = body.caseId ?? newId('caseId');
    const { caseId: _chosen, occurredAt: _at, personalData, ...intake } = body;
    const personalDataRef = personalData && newRecordRef();
    return caseCommand(
      { type: 'OpenCase', now: context.now, data: { ...intake, caseId, occurredAt: occurredAt(body, context), ...(personalDataRef && { personalDataRef }) } },
      {},
      personalData && personalDataRef ? [{ recordRef: personalDataRef, record: { ...personalData }, field: 'personalData' }] : [],
    );
  },
});
