import type { SqlExecutor } from '@ayumi/sql';

/** The events one request wrote, found by the X-Correlation-Id it carried (kept in each event's metadata). */
export type CommandRows = Readonly<{ streamIds: readonly string[]; count: number; minRevision: number; maxRevision: number }>;

export async function eventsByCorrelationId(sql: SqlExecutor): Promise<Map<string, CommandRows>> {
  const rows = await sql.query<{ correlation_id: string; stream_ids: string[]; count: number; min_revision: number; max_revision: number }>(
    `SELECT metadata->>'correlationId' AS correlation_id, array_agg(DISTINCT stream_id) AS stream_ids, count(*)::int AS count,
            min(revision)::int AS min_revision, max(revision)::int AS max_revision
     FROM ayumi_events GROUP BY 1`);
  return new Map(rows.map((r) => [r.correlation_id, { streamIds: r.stream_ids, count: r.count, minRevision: r.min_revision, maxRevision: r.max_revision }]));
}

/** Streams whose revisions are not exactly 1..n: a gap would be a lost or half-written append. */
export async function streamsWithGaps(sql: SqlExecutor): Promise<string[]> {
  const rows = await sql.query<{ stream_id: string }>(
    `SELECT stream_id FROM ayumi_events GROUP BY stream_id
     HAVING min(revision) <> 1 OR max(revision) <> count(*) OR count(DISTINCT revision) <> count(*)`);
  return rows.map((r) => r.stream_id);
}

/**
 * The write of one command is whole when its events sit in one stream at consecutive revisions;
 * `expected` is how many events the command decides (null: not known to the caller).
 */
export function isWholeCommand(rows: CommandRows, expected: number | null): boolean {
  return rows.streamIds.length === 1 && rows.maxRevision - rows.minRevision + 1 === rows.count && (expected === null || rows.count === expected);
}
