import { Inject, Injectable } from '@nestjs/common';
import type { SuccessCase, SuccessCaseAggregates, SuccessCaseSummary } from '@ayumi/domain';
import { listableRows, suppressSmallGroups } from '@ayumi/domain';
import type { SqlExecutor } from '@ayumi/sql';
import { READ_MODELS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import type { SuccessCaseCursor } from './success-cases.cursor';
import { encodeCursor } from './success-cases.cursor';
import type { SuccessCasesOptions } from './success-cases.options';
import { SUCCESS_CASES_OPTIONS } from './success-cases.options';

/** Every filter is optional; days are whole days from intake to placement, both bounds included. */
export type SuccessCaseFilters = Readonly<{
  program?: string;
  fiscalYear?: number;
  ageBand?: string;
  relaxed?: boolean;
  minDays?: number;
  maxDays?: number;
}>;

export type SuccessCasePage = Readonly<{ rows: readonly SuccessCase[]; next: SuccessCaseCursor | null }>;

/** Reads the page after `after` (from the start when null) of at most `limit` rows. */
export type SuccessCasePageReader = (after: SuccessCaseCursor | null, limit: number) => Promise<SuccessCasePage>;

export type SuccessCasesResponse = Readonly<{
  filters: SuccessCaseFilters;
  k: number;
  /** Over the whole filtered group, not the page. */
  aggregates: SuccessCaseAggregates;
  rows: readonly SuccessCase[];
  page: Readonly<{ limit: number; nextCursor: string | null }>;
}>;

type SuccessCaseRow = {
  sort_key: string; program: string; age_band: string; intake_month: string; placement_month: string; fiscal_year: number;
  days_to_placement: number; employment_type: string; relaxed: boolean; relaxations: string[]; consultations: number;
};

/** The filters as a WHERE condition on a success-cases table, with its parameters ($1, $2, …). */
function condition(filters: SuccessCaseFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const terms: string[] = [];
  const term = (sql: (p: string) => string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    terms.push(sql(`$${params.length}`));
  };
  term((p) => `program = ${p}`, filters.program);
  term((p) => `fiscal_year = ${p}`, filters.fiscalYear);
  term((p) => `age_band = ${p}`, filters.ageBand);
  term((p) => `relaxed = ${p}`, filters.relaxed);
  term((p) => `days_to_placement >= ${p}`, filters.minDays);
  term((p) => `days_to_placement <= ${p}`, filters.maxDays);
  return { where: terms.length === 0 ? 'true' : terms.join(' AND '), params };
}

const successCaseOf = (r: SuccessCaseRow): SuccessCase => ({
  program: r.program,
  ageBand: r.age_band,
  intakeMonth: r.intake_month,
  placementMonth: r.placement_month,
  fiscalYear: r.fiscal_year,
  daysToPlacement: r.days_to_placement,
  employmentType: r.employment_type,
  relaxedBeforePlacement: r.relaxed,
  relaxationsBeforePlacement: r.relaxations,
  consultationsBeforePlacement: r.consultations,
});

/** One keyset page in (placement month, sort key) order: its cost does not grow with how far in it is. */
export async function readSuccessCasePage(
  sql: SqlExecutor, table: string, filters: SuccessCaseFilters, after: SuccessCaseCursor | null, limit: number,
): Promise<SuccessCasePage> {
  const { where, params } = condition(filters);
  const keyset = after ? ` AND (placement_month, sort_key) > ($${params.length + 1}, $${params.length + 2})` : '';
  const rows = await sql.query<SuccessCaseRow>(
    `SELECT sort_key, program, age_band, intake_month, placement_month, fiscal_year, days_to_placement, employment_type, relaxed,
            relaxations, consultations
     FROM ${table} WHERE ${where}${keyset}
     ORDER BY placement_month, sort_key LIMIT ${limit + 1}`,
    after ? [...params, after.placementMonth, after.sortKey] : params,
  );
  // One row more than asked tells whether another page follows, without an empty last page.
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page.map(successCaseOf), next: rows.length > limit && last ? { placementMonth: last.placement_month, sortKey: last.sort_key } : null };
}

/** Pages of the filtered group with only what may be listed (see listableRows). */
export async function listablePages(sql: SqlExecutor, table: string, filters: SuccessCaseFilters, k: number): Promise<SuccessCasePageReader> {
  const summary = await readSuccessCaseSummary(sql, table, filters);
  return async (after, limit) => {
    const page = await readSuccessCasePage(sql, table, filters, after, limit);
    const rows = listableRows(page.rows, summary, k);
    return { rows, next: rows.length > 0 ? page.next : null };
  };
}

/** The summary of the whole filtered group, computed by the database (the group is never loaded). */
export async function readSuccessCaseSummary(sql: SqlExecutor, table: string, filters: SuccessCaseFilters): Promise<SuccessCaseSummary> {
  const { where, params } = condition(filters);
  const [row] = await sql.query<{ count: number; median: number | null; relaxed: number; kinds: Record<string, number> }>(
    `SELECT count(*)::int AS count,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_placement) AS median,
            count(*) FILTER (WHERE relaxed)::int AS relaxed,
            (SELECT coalesce(jsonb_object_agg(kind, cases), '{}'::jsonb)
             FROM (SELECT kind, count(DISTINCT case_id)::int AS cases
                   FROM ${table}, jsonb_array_elements_text(relaxations) AS kind
                   WHERE ${where} GROUP BY kind) AS by_kind) AS kinds
     FROM ${table} WHERE ${where}`,
    params,
  );
  return { count: row!.count, medianDaysToPlacement: row!.median, relaxedBeforePlacement: row!.relaxed, casesByRelaxationKind: row!.kinds };
}

/** GET /success-cases and its export, on the read models reads use now. */
@Injectable()
export class SuccessCasesQuery {
  constructor(
    @Inject(READ_MODELS) private readonly sql: SqlExecutor,
    private readonly runner: ProjectionRunner,
    @Inject(SUCCESS_CASES_OPTIONS) private readonly options: SuccessCasesOptions,
  ) {}

  async search(filters: SuccessCaseFilters, after: SuccessCaseCursor | null, limit: number): Promise<SuccessCasesResponse> {
    const table = this.runner.activeTables().successCases;
    const [page, summary] = await Promise.all([
      readSuccessCasePage(this.sql, table, filters, after, limit),
      readSuccessCaseSummary(this.sql, table, filters),
    ]);
    const rows = listableRows(page.rows, summary, this.options.k);
    return {
      filters,
      k: this.options.k,
      aggregates: suppressSmallGroups(summary, this.options.k),
      rows,
      page: { limit, nextCursor: rows.length > 0 && page.next ? encodeCursor(page.next) : null },
    };
  }

  /** Pages of the tables active when the export starts, so a rebuild switching over midway cannot mix versions. */
  exportPages(filters: SuccessCaseFilters): Promise<SuccessCasePageReader> {
    return listablePages(this.sql, this.runner.activeTables().successCases, filters, this.options.k);
  }
}
