import { employerCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { RegisterEmployerRequest } from './register-employer.request.dto';

export const registerEmployerRoute = defineCommandRoute({
  method: 'POST',
  path: '/employers',
  body: RegisterEmployerRequest,
  status: 201,
  permission: 'employers:write',
  toCommand: ({ body, context, newId }) => {
    const employerId = body.employerId ?? newId('employerId');
    return employerCommand({ type: 'RegisterEmployer', now: context.now, data: { ...body, employerId, occurredAt: occurredAt(body, context) } });
  },
});
