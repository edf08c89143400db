import { Controller, Get, Inject, Query } from '@nestjs/common';
import { findMetric, localDate, METRIC_CATALOG } from '@ayumi/domain';
import { InvalidRequestException } from '@ayumi/http';
import type { ProjectionOptions } from '../projection.tokens';
import { PROJECTION_OPTIONS } from '../projection.tokens';
import { GoalProgressQuery } from './goal-progress.query';
import { ProgressRequestQuery } from './progress.request.dto';
import { RequirePermission } from '@ayumi/security';

const invalid = (field: string, message: string) => new InvalidRequestException(400, 'VALIDATION.FAILED', message, [{ field, message }]);

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
    const [first, last] = [`${fiscalYear}-04-01`, `${fiscalYear + 1}-03-31`];
    const today = localDate(new Date().toISOString(), this.options.timeZone);
    const asOf = query.asOf ?? (today < first ? first : today > last ? last : today);
    if (asOf < first) throw invalid('asOf', `asOf must not be before the fiscal year starts (${first})`);
    if (query.program && query.metric && !findMetric(query.program, query.metric)) {
      const known = METRIC_CATALOG.filter((m) => m.program === query.program).map((m) => m.metric);
      throw invalid('metric', `Program ${query.program} has no metric "${query.metric}"; known: ${known.join(', ')}`);
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
