import { Controller, Get, Inject, Query } from '@nestjs/common';
import { localDate } from '@ayumi/domain';
import { InvalidRequestException } from '@ayumi/http';
import type { ProjectionOptions } from '../projection.tokens';
import { PROJECTION_OPTIONS } from '../projection.tokens';
import { GoalProgressQuery } from './goal-progress.query';
import { ProgressRequestQuery } from './progress.request.dto';
import { RequirePermission } from '@ayumi/security';

@Controller()
export class ProgressHttpController {
  constructor(
    private readonly progress: GoalProgressQuery,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {}

  /** Goal counters of a fiscal year as of a date, optionally as they were known at an earlier time. */
  @Get('progress')
  @RequirePermission('progress:read')
  report(@Query() query: ProgressRequestQuery) {
    const fiscalYear = Number(query.fiscalYear);
    const asOf = query.asOf ?? localDate(new Date().toISOString(), this.options.timeZone);
    if (asOf < `${fiscalYear}-04-01`) {
      const message = `asOf must not be before the fiscal year starts (${fiscalYear}-04-01)`;
      throw new InvalidRequestException(400, 'VALIDATION.FAILED', message, [{ field: 'asOf', message }]);
    }
    return this.progress.report({
      fiscalYear,
      asOf,
      knownAt: query.knownAt ?? null,
      programs: query.program ? [query.program] : [],
      metrics: query.metric ? [query.metric] : [],
    });
  }
}
