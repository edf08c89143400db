/**
 * Pure conversions between the port's events and KurrentDB's records (no I/O).
 * The schema version travels in the event's metadata (`schemaVersion`) and is taken out again on read.
 */
import { jsonEvent } from '@kurrent/kurrentdb-client';
import type { EventData, JSONType } from '@kurrent/kurrentdb-client';
import type { EventMetadataRecord, EventToAppend, StoredEvent } from '../event-store.port';
import type { KurrentPosition } from './kurrentdb-positions';
import { encodePosition, toRevision } from './kurrentdb-positions';

/** The metadata key that carries the port's `schemaVersion` inside KurrentDB's event metadata. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** The fields of a recorded KurrentDB event this adapter reads. */
export type RecordedEventLike = Readonly<{
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata?: unknown;
  position?: KurrentPosition;
}>;

/** A resolved event as reads and subscriptions return it. */
export type ResolvedEventLike = Readonly<{ event?: RecordedEventLike; commitPosition?: bigint }>;

/**
 * The event to write: the deterministic event id becomes KurrentDB's event id (so KurrentDB's own
 * idempotence and the adapter's duplicate detection both work on it).
 */
export function toEventData(event: EventToAppend): EventData {
  if (Object.prototype.hasOwnProperty.call(event.metadata, SCHEMA_VERSION_KEY)) {
    throw new Error(`Event ${event.eventId}: metadata must not carry "${SCHEMA_VERSION_KEY}" (the KurrentDB adapter stores the schema version there)`);
  }
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as JSONType,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion },
  });
}

/** The schema version (default 1 when absent or malformed) and the metadata without it. */
export function splitMetadata(raw: unknown): { schemaVersion: number; metadata: EventMetadataRecord } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    return { schemaVersion: 1, metadata: {} };
  }
  const { [SCHEMA_VERSION_KEY]: version, ...metadata } = raw as Record<string, unknown>;
  const schemaVersion = typeof version === 'number' && Number.isSafeInteger(version) && version > 0 ? version : 1;
  return { schemaVersion, metadata };
}

/**
 * The `$all` position of a resolved event: the recorded event's own position, else (servers before
 * 22.6 on stream reads) the commit position for both parts; undefined when the server sent neither.
 */
export function positionOf(resolved: ResolvedEventLike): KurrentPosition | undefined {
  if (resolved.event?.position) return resolved.event.position;
  if (resolved.commitPosition !== undefined) return { commit: resolved.commitPosition, prepare: resolved.commitPosition };
  return undefined;
}

export function toStoredEvent(recorded: RecordedEventLike, position: KurrentPosition): StoredEvent {
  const { schemaVersion, metadata } = splitMetadata(recorded.metadata);
  return {
    streamId: recorded.streamId,
    revision: toRevision(recorded.revision),
    position: encodePosition(position),
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion,
    data: recorded.data,
    metadata,
    recordedAt: recorded.created.toISOString(),
  };
}
