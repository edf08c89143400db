import { planCommand } from '../command-handling/aggregate-command';
import { defineCommandRoute } from '../command-handling/command-route';
import { occurredAt } from '../command-handling/occurred-at';
import { InvalidRequestException } from '@ayumi/http';
import { SetBusinessPlanRequest } from './set-business-plan.request.dto';

export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2100;

export function parseFiscalYear(raw: string | undefined, field = 'fiscalYear'): number {
  const fiscalYear = Number(raw);
  if (!/^\d{4}$/.test(raw ?? '') || fiscalYear < MIN_FISCAL_YEAR || fiscalYear > MAX_FISCAL_YEAR) {
    const message = `${field} must be a year from ${MIN_FISCAL_YEAR} to ${MAX_FISCAL_YEAR}`;
    throw new InvalidRequestException(400, 'REQUEST.INVALID_PARAMETER', message, [{ field, message }]);
  }
  return fiscalYear;
}

export const setBusinessPlanRoute = defineCommandRoute({
  method: 'PUT',
  path: '/plans/:fiscalYear',
  body: SetBusinessPlanRequest,
  status: 200,
  permission: 'plans:write',
  toCommand: ({ params, body, context }) =>
    planCommand({
      type: 'SetBusinessPlan',
      now: context.now,
      data: {
        fiscalYear: parseFiscalYear(params.fiscalYear),
        targets: body.targets.map(({ program, metric, period, target }) => ({ program, metric, period, target })),
        occurredAt: occurredAt(body, context),
      },
    }),
});
