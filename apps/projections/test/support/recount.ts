import { METRIC_CATALOG } from '@ayumi/domain';
import type { SqlClient } from '@ayumi/sql';
import type { ReadModelTables } from '../../src/read-models/read-model-tables';

/**
 * The expected counters, recomputed from scratch by the metric catalog (not by the projection code),
 * and the same figures read back from a version's read models.
 */

/** `program/metric/month` → count, and `program/metric#breakdown/month` → count. */
export type Counters = Record<string, number>;

/** Every record an event counts, minus every record a void or retraction un-counts: DESIGN.md §3. */
export function recomputeCounters(events: readonly { type: string; data: Record<string, unknown> }[]): Counters {
  const counted = new Map<string, { key: string; breakdownKey: string | null }>();
  const uncounted = new Set<string>();
  for (const { type, data } of events) {
    for (const definition of METRIC_CATALOG) {
      if (data['program'] !== definition.program) continue;
      const counts = definition.counts.find((c) => c.type === type);
      if (counts) {
        const occurredAt = String(data['occurredAt']);
        // Every generated time is written in +09:00, so its month in Asia/Tokyo is its first 7 characters.
        if (!occurredAt.endsWith('+09:00')) throw new Error(`Unexpected offset in ${occurredAt}`);
        const month = occurredAt.slice(0, 7);
        const breakdown = Object.entries(definition.breakdown).find(([, types]) => types.includes(type))?.[0];
        counted.set(`${String(data[counts.recordIdField])}|${definition.program}/${definition.metric}`, {
          key: `${definition.program}/${definition.metric}/${month}`,
          breakdownKey: breakdown ? `${definition.program}/${definition.metric}#${breakdown}/${month}` : null,
        });
      }
      const uncounts = definition.uncountedBy.find((u) => u.type === type);
      if (uncounts) uncounted.add(`${String(data[uncounts.recordIdField])}|${definition.program}/${definition.metric}`);
    }
  }
  const result: Counters = {};
  for (const [id, { key, breakdownKey }] of counted) {
    if (uncounted.has(id)) continue;
    result[key] = (result[key] ?? 0) + 1;
    if (breakdownKey) result[breakdownKey] = (result[breakdownKey] ?? 0) + 1;
  }
  return result;
}

export async function recomputeFromLog(sql: SqlClient): Promise<Counters> {
  const rows = await sql.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM ayumi_events ORDER BY stream_id, revision');
  return recomputeCounters(rows);
}

/** The same figures aggregated from one version's counted records. */
export async function countersOf(sql: SqlClient, t: ReadModelTables): Promise<Counters> {
  const rows = await sql.query<{ key: string; n: number }>(
    `SELECT program || '/' || metric || '/' || month AS key, count(*)::int AS n FROM ${t.countedRecords} WHERE uncounted_at IS NULL GROUP BY 1
     UNION ALL
     SELECT program || '/' || metric || '#' || breakdown || '/' || month, count(*)::int FROM ${t.countedRecords}
     WHERE uncounted_at IS NULL AND breakdown IS NOT NULL GROUP BY 1`);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

export const sorted = (counters: Counters): Counters => Object.fromEntries(Object.entries(counters).sort(([a], [b]) => a.localeCompare(b)));
export const sum = (counters: Counters) => Object.values(counters).reduce((a, b) => a + b, 0);

export function fiscalMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    return `${month >= 4 ? fiscalYear : fiscalYear + 1}-${String(month).padStart(2, '0')}`;
  });
}

/** Rows in one table and not the other, both ways (0 when the two hold the same rows). */
export async function tableDifference(sql: SqlClient, a: string, b: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ((TABLE ${a} EXCEPT ALL TABLE ${b}) UNION ALL (TABLE ${b} EXCEPT ALL TABLE ${a})) AS d`);
  return row!.n;
}

export async function expectSameReadModels(sql: SqlClient, expected: ReadModelTables, actual: ReadModelTables): Promise<void> {
  const differences = Object.fromEntries(await Promise.all((Object.keys(expected) as (keyof ReadModelTables)[]).map(
    async (name) => [name, await tableDifference(sql, expected[name], actual[name])] as const)));
  expect(differences).toEqual(Object.fromEntries(Object.keys(expected).map((name) => [name, 0])));
}
