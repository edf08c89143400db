import type { SqlClient, SqlExecutor } from '@ayumi/sql';
import { DatabaseUnavailableError } from '@ayumi/sql';
import type {
  AppendResult, EventMetadataRecord, EventStore, EventToAppend, GlobalLogPage, LogPosition, StoredEvent, StreamCursor, StreamOrderedPage,
  StreamOrderedReads, StreamRevision, StoredEventWithoutMetadata,
} from './event-store.port';
import { EventIdsTakenError, EventStoreUnavailableError, WrongExpectedRevisionError, parseStreamCursor, streamCursorOf } from './event-store.port';

const NOTIFY_CHANNEL = 'ayumi_events';

/**
 * One schema for PostgreSQL and PGlite. `tx_id` (the 64-bit, never-wrapping transaction id) orders
 * the global log safely (see READ_ALL).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ayumi_events (
  position       bigserial PRIMARY KEY,
  tx_id          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text NOT NULL,
  revision       bigint NOT NULL CHECK (revision > 0),
  event_id       uuid NOT NULL UNIQUE,
  type           text NOT NULL,
  schema_version integer NOT NULL,
  data           jsonb NOT NULL,
  metadata       jsonb NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS ayumi_events_log_order ON ayumi_events (tx_id, position);
`;

/** 64-bit columns are selected as text: pg and PGlite would parse them differently. */
type EventRow = {
  position: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadataRecord;
  /** In UTC, as PostgreSQL writes a timestamp: `2026-12-04 19:01:01.123456`. */
  recorded_at: string;
};

/**
 * recorded_at as text: pg (and PGlite) would parse it into a Date, only for it to be written out as
 * ISO again, which took a tenth of a rebuild's processing.
 */
const FACTS = "position::text, tx_id::text, stream_id, revision::text, event_id::text, type, schema_version, data, (recorded_at AT TIME ZONE 'UTC')::text AS recorded_at";
const COLUMNS = `${FACTS}, metadata`;

/**
 * A position alone is not a safe checkpoint: transactions commit out of position order, so a
 * reader could pass a position whose event is not visible yet and never see it. Reading only
 * events of transactions older than every running one (xmin of the current snapshot), in
 * (tx_id, position) order, guarantees nothing can later appear behind the checkpoint.
 * ORDER BY names the table's columns: the bare names would sort the text output columns.
 */
const READ_ALL = `
  SELECT ${COLUMNS} FROM ayumi_events e
  WHERE (e.tx_id, e.position) > ($1::xid8, $2::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.tx_id, e.position
  LIMIT $3`;

/** The last event READ_ALL can return now: every event at or before it belongs to a finished transaction. */
const HEAD = `
  SELECT e.tx_id::text, e.position::text FROM ayumi_events e
  WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.tx_id DESC, e.position DESC
  LIMIT 1`;

/** The log up to a head, in the order of the (stream_id, revision) index. */
const READ_STREAMS_UP_TO = `
  SELECT ${FACTS} FROM ayumi_events e
  WHERE (e.stream_id, e.revision) > ($1, $2::bigint) AND (e.tx_id, e.position) <= ($3::xid8, $4::bigint)
  ORDER BY e.stream_id, e.revision
  LIMIT $5`;

/**
 * The append in one round trip, its own transaction. The stream's lock comes first, before the
 * transaction writes anything and so before it has a transaction id: appends to one stream get
 * increasing ids in revision order, and the log order keeps stream order. The INSERT, a statement of
 * a VOLATILE function, takes its snapshot after the lock, so it sees every append that came before;
 * it inserts only if the stream is at the expected revision and returns how many events it inserted.
 * An id already taken is refused by the unique index.
 */
const APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION ayumi_append(p_stream_id text, p_expected bigint, p_events jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $append$
DECLARE
  inserted bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  INSERT INTO ayumi_events (stream_id, revision, event_id, type, schema_version, data, metadata)
  SELECT p_stream_id, p_expected + e.ord, (e.value->>'eventId')::uuid, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata'
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
  WHERE (SELECT coalesce(max(s.revision), 0) FROM ayumi_events s WHERE s.stream_id = p_stream_id) = p_expected
  ORDER BY e.ord;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  RETURN inserted;
END
$append$`;

/**
 * The event store on PostgreSQL or PGlite. Per-stream order comes from the revision; the global
 * order from (transaction id, position), read only below the oldest transaction still running.
 */
export class SqlEventStore implements EventStore, StreamOrderedReads {
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;

  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await this.guard(() => this.sql.transaction(async (tx) => {
      // Two processes migrating at once must not race on CREATE TABLE.
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_events_schema', 0))");
      for (const statement of SCHEMA.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query(APPEND_FUNCTION);
      const [ahead] = await tx.query<{ tx_id: string; current: string }>(
        'SELECT tx_id::text, pg_current_xact_id()::text AS current FROM ayumi_events WHERE tx_id >= pg_current_xact_id() ORDER BY tx_id DESC LIMIT 1');
      if (ahead) throw new TransactionIdsBehindError(ahead.tx_id, ahead.current);
    }));
  }

  append(streamId: string, expectedRevision: StreamRevision, events: readonly EventToAppend[]): Promise<AppendResult> {
    return this.guard(async () => {
      if (events.length > 0) {
        const [{ inserted }] = await this.sql.query<{ inserted: number }>(
          'SELECT ayumi_append($1, $2, $3::jsonb)::int AS inserted', [streamId, expectedRevision, JSON.stringify(events)]);
        if (inserted === events.length) {
          this.notifyAppended();
          return { revision: expectedRevision + events.length, duplicate: false };
        }
      }
      // Nothing was written: a retry of an earlier append, or a stale revision. (Revisions only grow:
      // one equal to the expected one now means another append just got there, so try again.)
      const duplicate = await this.findEarlierAppend(this.sql, streamId, events);
      if (duplicate !== null) return { revision: duplicate, duplicate: true };
      const actual = await this.currentRevision(streamId);
      if (actual !== expectedRevision) throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      return events.length === 0 ? { revision: actual, duplicate: false } : this.append(streamId, expectedRevision, events);
    }).catch(async (error: unknown) => {
      const { code, constraint } = error as { code?: string; constraint?: string };
      // Belt and braces: should a writer bypass the lock, the unique revision still refuses it.
      if (code === '23505' && String(constraint).includes('stream_id')) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, await this.currentRevision(streamId));
      }
      if (code === '23505' && String(constraint).includes('event_id')) {
        const earlier = await this.findEarlierAppend(this.sql, streamId, events);
        if (earlier !== null) return { revision: earlier, duplicate: true };
      }
      throw error;
    });
  }

  private async currentRevision(streamId: string): Promise<number> {
    const [row] = await this.guard(() => this.sql.query<{ revision: string }>(
      'SELECT coalesce(max(revision), 0)::text AS revision FROM ayumi_events WHERE stream_id = $1', [streamId]));
    return Number(row!.revision);
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const rows = await this.guard(() => this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM ayumi_events e WHERE e.stream_id = $1 ORDER BY e.revision`, [streamId]));
    return rows.map(toStoredEvent);
  }

  async readAll(after: LogPosition | null, limit: number): Promise<GlobalLogPage> {
    const [txId, position] = parseLogPosition(after);
    const rows = await this.guard(() => this.sql.query<EventRow>(READ_ALL, [txId, position, limit]));
    const events = rows.map(toStoredEvent);
    return { events, position: events.at(-1)?.position ?? after };
  }

  async head(): Promise<LogPosition | null> {
    const [row] = await this.guard(() => this.sql.query<{ tx_id: string; position: string }>(HEAD));
    return row ? logPositionOf(row) : null;
  }

  async readStreamsUpTo(upTo: LogPosition, after: StreamCursor | null, limit: number): Promise<StreamOrderedPage> {
    const [txId, position] = parseLogPosition(upTo);
    // Revisions start at 1, so ('', 0) comes before every event.
    const { streamId, revision } = parseStreamCursor(after) ?? { streamId: '', revision: 0 };
    const rows = await this.guard(() => this.sql.query<Omit<EventRow, 'metadata'>>(READ_STREAMS_UP_TO, [streamId, revision, txId, position, limit]));
    const events = rows.map(toEventWithoutMetadata);
    const last = events.at(-1);
    return { events, cursor: last ? streamCursorOf(last) : after };
  }

  async countEvents(): Promise<number> {
    const [row] = await this.guard(() => this.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM ayumi_events'));
    return row?.count ?? 0;
  }

  onAppended(listener: () => void): Promise<() => Promise<void>> {
    return this.guard(() => this.sql.listen(NOTIFY_CHANNEL, listener));
  }

  async close(): Promise<void> {
    await this.notifying;
    await this.sql.close();
  }

  /**
   * Wakes the listeners of every process after a commit. A NOTIFY inside the append transaction
   * would take PostgreSQL's global notification lock at commit and serialise all appends (it halved
   * append throughput in `npm run bench`). One NOTIFY in flight, sent once more for the appends that
   * committed while it was, wakes the same readers; they poll as well should it be lost.
   */
  private notifyAppended(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = (async () => {
      do {
        this.notifyAgain = false;
        await this.sql.notify(NOTIFY_CHANNEL).catch(() => undefined);
      } while (this.notifyAgain);
    })().finally(() => {
      this.notifying = null;
    });
  }

  /** The revision of an earlier append with the same event ids (a retry), or null for new events. */
  private async findEarlierAppend(tx: SqlExecutor, streamId: string, events: readonly EventToAppend[]): Promise<number | null> {
    if (events.length === 0) return null;
    const found = await tx.query<{ stream_id: string; revision: string }>(
      `SELECT e.stream_id, e.revision::text FROM ayumi_events e
       WHERE e.event_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) ORDER BY e.revision`,
      [JSON.stringify(events.map((e) => e.eventId))],
    );
    if (found.length === 0) return null;
    if (found.length !== events.length || found.some((row) => row.stream_id !== streamId)) {
      throw new EventIdsTakenError(streamId);
    }
    return Number(found.at(-1)!.revision);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof DatabaseUnavailableError ? new EventStoreUnavailableError(error) : error;
    }
  }
}

/**
 * The log is ordered by transaction ids, which belong to one PostgreSQL cluster. A log restored from
 * a logical dump (pg_dump) into another cluster, whose ids are behind, would read new events before
 * old ones or not at all, so the store refuses to start on it.
 */
export class TransactionIdsBehindError extends Error {
  constructor(readonly logTxId: string, readonly clusterTxId: string) {
    super(`ayumi_events holds transaction ids up to ${logTxId}, but this PostgreSQL cluster is at ${clusterTxId}: the log comes from `
      + 'another cluster (a pg_dump restored here?) and could not be read in order. Restore from a physical backup (pg_basebackup), '
      + `or move this cluster's transaction ids past ${logTxId} (pg_resetwal -e/-x on the stopped server) before starting Ayumi.`);
    this.name = 'TransactionIdsBehindError';
  }
}

const LOG_POSITION = /^(\d{1,20}):(\d{1,20})$/;

function parseLogPosition(position: LogPosition | null): [string, string] {
  if (position === null) return ['0', '0'];
  const match = LOG_POSITION.exec(position);
  if (!match) throw new Error(`Not a PostgreSQL log position: "${position}" (expected "<txId>:<position>")`);
  return [match[1]!, match[2]!];
}

/** `<txId>:<position>`, the form parseLogPosition reads. */
const logPositionOf = (row: Pick<EventRow, 'tx_id' | 'position'>): LogPosition => `${row.tx_id}:${row.position}`;

function toStoredEvent(row: EventRow): StoredEvent {
  return { ...toEventWithoutMetadata(row), metadata: row.metadata };
}

function toEventWithoutMetadata(row: Omit<EventRow, 'metadata'>): StoredEventWithoutMetadata {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: logPositionOf(row),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    recordedAt: isoInstantOf(row.recorded_at),
  };
}

/** PostgreSQL's text of a UTC timestamp as Date#toISOString writes it (milliseconds, truncated). */
export function isoInstantOf(utc: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(utc);
  if (!match) return new Date(`${utc.replace(' ', 'T')}Z`).toISOString();
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}
