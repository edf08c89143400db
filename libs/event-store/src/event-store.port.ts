/**
 * The event store port: everything the write side and the projections need from a log of streams.
 * Adapters: PostgreSQL (pg), PGlite (embedded) and KurrentDB. One contract suite runs against each.
 */

/** Opaque position in the ordered global log; only the adapter that produced it understands it. */
export type LogPosition = string;

/**
 * Revisions count events: a stream that does not exist has revision 0, after its first event 1.
 * `expectedRevision` on append must equal the stream's current revision (optimistic concurrency).
 */
export type StreamRevision = number;

export interface EventMetadataRecord {
  readonly [key: string]: unknown;
}

export interface EventToAppend {
  /** Deterministic per command and index, so a retried command maps to the same ids. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadataRecord;
}

export interface StoredEvent {
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly position: LogPosition;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadataRecord;
  /** When the store accepted the event (ISO 8601, UTC). */
  readonly recordedAt: string;
}

/** An event as a projection reads it: what happened, without who asked for it (its metadata). */
export type StoredEventWithoutMetadata = Omit<StoredEvent, 'metadata'>;

export interface AppendResult {
  /** Revision of the stream after the append: the revision of its last event. */
  readonly revision: StreamRevision;
  /** True when every event id was already in the stream: a retry, nothing was written. */
  readonly duplicate: boolean;
}

export interface GlobalLogPage {
  readonly events: readonly StoredEvent[];
  /** Checkpoint to resume after: the position of the last event returned, or the one passed in. */
  readonly position: LogPosition | null;
}

export interface EventStore {
  /**
   * Appends atomically. Throws {@link WrongExpectedRevisionError} when the stream's revision differs
   * from `expectedRevision`, unless all event ids are already in the stream (then: duplicate, no write).
   */
  append(streamId: string, expectedRevision: StreamRevision, events: readonly EventToAppend[]): Promise<AppendResult>;

  /** Every event of the stream in revision order; an empty array for a stream that does not exist. */
  readStream(streamId: string): Promise<StoredEvent[]>;

  /**
   * Events of the global log strictly after `after` (null = from the start), in log order, at most
   * `limit`. Never returns an event that a later call could place before one already returned, so
   * a reader that checkpoints the returned position never skips an event under concurrent writers.
   */
  readAll(after: LogPosition | null, limit: number): Promise<GlobalLogPage>;

  /** How many events the log holds (for progress and lag reporting). */
  countEvents(): Promise<number>;

  /** Calls `listener` after events were appended (by any process); returns an unsubscribe function. */
  onAppended(listener: () => void): Promise<() => Promise<void>>;

  close(): Promise<void>;
}

/** Where a read of the log stream by stream has got to: its last event, as `<revision>:<streamId>` (stream ids may hold colons). */
export type StreamCursor = string;

export const streamCursorOf = (event: Pick<StoredEvent, 'streamId' | 'revision'>): StreamCursor => `${event.revision}:${event.streamId}`;

/** The stream id and revision of a cursor; null: before every event. */
export function parseStreamCursor(cursor: StreamCursor | null): Readonly<{ streamId: string; revision: StreamRevision }> | null {
  if (cursor === null) return null;
  const match = /^(\d{1,15}):(.*)$/s.exec(cursor);
  if (!match) throw new Error(`Not a stream cursor: "${cursor}" (expected "<revision>:<streamId>")`);
  return { streamId: match[2]!, revision: Number(match[1]) };
}

export interface StreamOrderedPage {
  /** Without metadata: nothing that reads a whole log this way uses it, and it was nearly half of every row. */
  readonly events: readonly StoredEventWithoutMetadata[];
  /** Cursor to resume after: that of the last event returned, or the one passed in. */
  readonly cursor: StreamCursor | null;
}

/**
 * What a store may offer besides {@link EventStore}: the log up to a position, stream by stream. A
 * projection starting from the beginning of a long log (a rebuild) reads it this way, so that each
 * case is folded in one go and its read-model rows written once, not at every page it appears in.
 */
export interface StreamOrderedReads {
  /** The position of the last event `readAll` can return now; null while the log is empty. */
  head(): Promise<LogPosition | null>;

  /**
   * The events at or before `upTo` (a position `head` returned), ordered by stream, then revision,
   * strictly after `after` (null = from the first), at most `limit`.
   */
  readStreamsUpTo(upTo: LogPosition, after: StreamCursor | null, limit: number): Promise<StreamOrderedPage>;
}

export function readsStreamsInOrder(store: EventStore): store is EventStore & StreamOrderedReads {
  const reads = store as Partial<StreamOrderedReads>;
  return typeof reads.head === 'function' && typeof reads.readStreamsUpTo === 'function';
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedRevision: StreamRevision,
    readonly actualRevision: StreamRevision,
  ) {
    super(`Stream ${streamId} is at revision ${actualRevision}, not ${expectedRevision}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Event ids of an append are already in the log, but not as that same append (they are in another
 * stream, or only some are there). Ids derive from the command, so this is one command (one
 * Idempotency-Key) sent again for a different record.
 */
export class EventIdsTakenError extends Error {
  constructor(readonly streamId: string) {
    super(`Event ids of this append to ${streamId} were already used by another append`);
    this.name = 'EventIdsTakenError';
  }
}

/** The store could not be reached (connection refused, server shutting down): retry later. */
export class EventStoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('The event store is unavailable');
    this.name = 'EventStoreUnavailableError';
  }
}
