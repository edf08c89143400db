import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { createEventStore } from '@ayumi/event-store';
import { appendLog, generateLog } from '../apps/projections/test/support/log-generator';
import { AppProcess } from '../test/support/app-process';
import { createBenchSchema } from './bench-schema';
import { sleep } from './stats';

export type RebuildResult = Readonly<{
  cases: number;
  events: number;
  /** Writing the log through the event store (16 in flight), for reference. */
  appendSeconds: number;
  /** From the read-model version's start to its last batch (the database's clock), without the process start-up. */
  rebuildSeconds: number;
  /** From spawning the process until every event was projected. */
  secondsWithStartUp: number;
  eventsPerSecond: number;
  /** Peak resident set size of the projections process (VmHWM), MiB. */
  peakRssMiB: number;
  rawReadEventsPerSecond: number;
  ratio: number;
}>;

const PAGE = 1000;

/** The log read in its order with nothing done to it: keyset pages of (tx_id, position), as the projections page it. */
async function rawOrderedRead(url: string): Promise<{ events: number; seconds: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    let events = 0;
    for (let after = ['0', '0']; ;) {
      const { rows } = await client.query<{ position: string; tx_id: string }>(
        `SELECT position::text, tx_id::text, stream_id, revision::text, event_id::text, type, schema_version, data, metadata, recorded_at
         FROM ayumi_events e WHERE (e.tx_id, e.position) > ($1::xid8, $2::bigint) ORDER BY e.tx_id, e.position LIMIT ${PAGE}`, after);
      if (rows.length === 0) break;
      events += rows.length;
      after = [rows.at(-1)!.tx_id, rows.at(-1)!.position];
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/** Peak resident set size of a process, from Linux's /proc (MiB). */
function peakRssMiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * A log of `cases` cases (~20 events each, plus employers and plans) on the PostgreSQL server, then
 * the built projections app started on it as a child process: it fills its first read-model version
 * from position 0, exactly as a rebuild does, in batches with the checkpoint.
 */
export async function benchRebuild(serverUrl: string, cases: number): Promise<RebuildResult> {
  const schema = await createBenchSchema(serverUrl, 'rebuild', 16);
  let projections: AppProcess | null = null;
  try {
    const store = await createEventStore(schema.sql);
    const appendSeconds = await appendLog(store, generateLog(cases, Math.max(20, Math.round(cases / 250)), 2013));
    const events = await store.countEvents();
    await schema.sql.query('VACUUM ANALYZE ayumi_events');
    const raw = await rawOrderedRead(schema.url);

    const started = performance.now();
    projections = await AppProcess.start('projections', { EVENT_STORE: 'postgres', DATABASE_URL: schema.url });
    // Polled in the database: GET /projections counts the whole log each time, which would slow the rebuild down.
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      const versions = await schema.sql.query<{ status: string; events: number }>(
        'SELECT status, events_processed::float8 AS events FROM ayumi_projection_versions').catch(() => []);
      if (versions.some((v) => v.status === 'active' && v.events >= events)) break;
      if (!projections.running || Date.now() > deadline) throw new Error(`The projections did not catch up:\n${projections.output()}`);
      await sleep(200);
    }
    const secondsWithStartUp = (performance.now() - started) / 1000;
    const [version] = await schema.sql.query<{ seconds: number }>(
      'SELECT extract(epoch FROM updated_at - started_at)::float8 AS seconds FROM ayumi_projection_versions WHERE version = 1');
    const rebuildSeconds = version!.seconds;
    const peak = peakRssMiB(projections.child.pid!);
    const eventsPerSecond = events / rebuildSeconds;
    const rawReadEventsPerSecond = raw.events / raw.seconds;
    return { cases, events, appendSeconds, rebuildSeconds, secondsWithStartUp, eventsPerSecond, peakRssMiB: peak, rawReadEventsPerSecond, ratio: eventsPerSecond / rawReadEventsPerSecond };
  } finally {
    await projections?.kill();
    await schema.drop();
  }
}
