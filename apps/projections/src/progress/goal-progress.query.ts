import { Inject, Injectable } from '@nestjs/common';
import type { GoalProgress } from '@ayumi/domain';
import { goalProgress, METRIC_CATALOG } from '@ayumi/domain';
import type { GoalPeriod } from '@ayumi/events';
import type { SqlClient } from '@ayumi/sql';
import { READ_MODELS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';

export type ProgressRequest = Readonly<{
  fiscalYear: number;
  /** Counts up to the end of this local date (YYYY-MM-DD). */
  asOf: string;
  /** Only what had been recorded by this instant (ISO 8601), or everything. */
  knownAt: string | null;
  programs: readonly string[];
  metrics: readonly string[];
}>;

export type MonthRestatement = Readonly<{ month: string; reported: number; restated: number }>;

export type MetricProgress = GoalProgress & Readonly<{
  label: { ja: string; en: string };
  breakdown: Readonly<Record<string, { total: number; byMonth: Readonly<Record<string, number>> }>>;
  /**
   * With `knownAt`: the figures as originally reported (the rest of the response) against the
   * figures as restated by everything recorded since, per month, so late records are visible.
   */
  restatement?: Readonly<{ restatedTotal: number; months: readonly MonthRestatement[] }>;
}>;

export type ProgressReport = Readonly<{
  fiscalYear: number;
  asOf: string;
  knownAt: string | null;
  programs: Readonly<Record<string, Readonly<Record<string, MetricProgress>>>>;
}>;

type CountRow = { program: string; metric: string; breakdown: string; month: string; count: number };
type TargetRow = { program: string; metric: string; period: GoalPeriod; target: number };

/** The figures of GET /progress, aggregated from the counted records of the active read models. */
@Injectable()
export class GoalProgressQuery {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly sql: SqlClient,
  ) {}

  async report(request: ProgressRequest): Promise<ProgressReport> {
    const reported = await this.figures(request);
    if (request.knownAt === null) return reported;
    const restated = await this.figures({ ...request, knownAt: null });
    const programs = Object.fromEntries(Object.entries(reported.programs).map(([program, metrics]) => [program, Object.fromEntries(
      Object.entries(metrics).map(([metric, figures]) => {
        const now = restated.programs[program]![metric]!;
        const months = Object.entries(figures.byMonth).map(([month, count]) => ({ month, reported: count, restated: now.byMonth[month] ?? 0 }));
        return [metric, { ...figures, restatement: { restatedTotal: now.total, months } }];
      }))]));
    return { ...reported, programs };
  }

  private async figures(request: ProgressRequest): Promise<ProgressReport> {
    const { fiscalYear, asOf, knownAt } = request;
    const definitions = METRIC_CATALOG.filter((d) =>
      (request.programs.length === 0 || request.programs.includes(d.program)) && (request.metrics.length === 0 || request.metrics.includes(d.metric)));
    const t = this.runner.activeTables();
    const [counts, targets] = await Promise.all([
      this.sql.query<CountRow>(
        `SELECT r.program, r.metric, b.breakdown, r.month, count(*)::int AS count
         FROM ${t.countedRecords} r CROSS JOIN LATERAL (VALUES (''), (r.breakdown)) AS b(breakdown)
         WHERE b.breakdown IS NOT NULL AND r.month >= $1 AND r.month <= $2
           AND (r.month < $3 OR r.local_date <= $4)
           AND ($5::timestamptz IS NULL OR r.recorded_at <= $5::timestamptz)
           AND (r.uncounted_at IS NULL OR ($5::timestamptz IS NOT NULL AND r.uncounted_at > $5::timestamptz))
         GROUP BY r.program, r.metric, b.breakdown, r.month`,
        [`${fiscalYear - 1}-04`, `${fiscalYear + 1}-03`, `${fiscalYear}-04`, asOf, knownAt],
      ),
      knownAt === null
        ? this.sql.query<TargetRow>(`SELECT program, metric, period, target FROM ${t.targets} WHERE fiscal_year = $1`, [fiscalYear])
        : this.sql.query<TargetRow>(
          `SELECT program, metric, period, target FROM (
             SELECT DISTINCT ON (program, metric) program, metric, period, target FROM ${t.targetHistory}
             WHERE fiscal_year = $1 AND recorded_at <= $2::timestamptz ORDER BY program, metric, recorded_at DESC) AS known
           WHERE target IS NOT NULL`,
          [fiscalYear, knownAt]),
    ]);

    const byMonth = (program: string, metric: string, breakdown: string) =>
      Object.fromEntries(counts.filter((c) => c.program === program && c.metric === metric && c.breakdown === breakdown).map((c) => [c.month, c.count]));
    const asOfMonth = asOf.slice(0, 7);
    const programs: Record<string, Record<string, MetricProgress>> = {};
    for (const d of definitions) {
      const months = byMonth(d.program, d.metric, '');
      const progress = goalProgress({
        fiscalYear, asOfMonth, period: d.period,
        target: targets.find((t) => t.program === d.program && t.metric === d.metric)?.target ?? null,
        countsByMonth: months, previousYearCountsByMonth: months,
      });
      const breakdown = Object.fromEntries(Object.keys(d.breakdown).map((name) => {
        const part = goalProgress({ fiscalYear, asOfMonth, period: d.period, target: null, countsByMonth: byMonth(d.program, d.metric, name), previousYearCountsByMonth: {} });
        return [name, { total: part.total, byMonth: part.byMonth }];
      }));
      (programs[d.program] ??= {})[d.metric] = { ...progress, label: d.label, breakdown };
    }
    return { fiscalYear, asOf, knownAt, programs };
  }
}
