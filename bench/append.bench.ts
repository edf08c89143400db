import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEventStore, deterministicEventId } from '@ayumi/event-store';
import { createBenchSchema } from './bench-schema';
import type { Rate } from './stats';
import { saturate } from './stats';

export type AppendResult = Readonly<{ concurrency: number; seconds: number; adapter: Rate; raw: Rate; ratio: number }>;

/** The same columns, keys and indexes as `ayumi_events`, written without the adapter. */
const RAW_TABLE = `
CREATE TABLE raw_events (
  position bigserial PRIMARY KEY, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), stream_id text NOT NULL, revision bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE, type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(), UNIQUE (stream_id, revision)
)`;
const RAW_INDEX = 'CREATE INDEX ON raw_events (tx_id, position)';
const RAW_INSERT = `INSERT INTO raw_events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)`;

const data = { caseId: 'c', consultationId: 'x', program: 'employment-support', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt: '2013-05-01T10:00:00+09:00' };

function nextEvent() {
  const commandId = randomUUID();
  const eventId = deterministicEventId(commandId, 0);
  return { eventId, type: 'ConsultationHeld', schemaVersion: 2, data, metadata: { eventId, commandId, correlationId: commandId, causationId: commandId, userId: 'bench' } };
}

/**
 * Single-event appends, `concurrency` in flight, each lane writing its own stream: through the
 * event-store adapter (stream lock, revision and duplicate checks, insert, notify after commit) and as
 * bare `BEGIN; INSERT; COMMIT` transactions on as many connections, on the same server, `seconds` each.
 */
export async function benchAppend(serverUrl: string, concurrency: number, seconds: number): Promise<AppendResult> {
  const schema = await createBenchSchema(serverUrl, 'append', concurrency);
  const clients: Client[] = [];
  try {
    const store = await createEventStore(schema.sql);
    await schema.sql.query(RAW_TABLE);
    await schema.sql.query(RAW_INDEX);
    for (let i = 0; i < concurrency; i += 1) {
      const client = new Client({ connectionString: schema.url });
      await client.connect();
      clients.push(client);
    }
    const revisions = new Array<number>(concurrency).fill(0);
    const throughAdapter = () => saturate(concurrency, seconds / 2, async (lane) => {
      revisions[lane] = (await store.append(`bench-${lane}`, revisions[lane]!, [nextEvent()])).revision;
    });
    const rawRevisions = new Array<number>(concurrency).fill(0);
    const bare = () => saturate(concurrency, seconds / 2, async (lane) => {
      const client = clients[lane]!;
      const event = nextEvent();
      rawRevisions[lane]! += 1;
      await client.query('BEGIN');
      await client.query(RAW_INSERT, [`bench-${lane}`, rawRevisions[lane], event.eventId, event.type, event.schemaVersion, event.data, event.metadata]);
      await client.query('COMMIT');
    });
    // Alternated, because whichever runs first on a fresh table is slower (caches, autovacuum, clock).
    const raw = [await bare()];
    const adapter = [await throughAdapter()];
    raw.push(await bare());
    adapter.push(await throughAdapter());
    const [adapterRate, rawRate] = [combine(adapter), combine(raw)];
    return { concurrency, seconds, adapter: adapterRate, raw: rawRate, ratio: adapterRate.perSecond / rawRate.perSecond };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    await schema.drop();
  }
}

/** Runs of one kind as one figure: operations over the total time; the worse of the percentiles. */
function combine(runs: readonly Rate[]): Rate {
  const count = runs.reduce((n, r) => n + r.count, 0);
  const seconds = runs.reduce((n, r) => n + r.count / r.perSecond, 0);
  return { count, perSecond: count / seconds, p50Ms: Math.max(...runs.map((r) => r.p50Ms)), p99Ms: Math.max(...runs.map((r) => r.p99Ms)) };
}
