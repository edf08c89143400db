/**
 * Pure mappings between Ayumi's event-store vocabulary and KurrentDB's. No I/O, no client calls:
 * everything here is unit-tested without a server.
 */
import type { LogPosition, StreamRevision } from '../event-store.port';

/** The stream-name prefixes of Ayumi's aggregates (DESIGN §2); everything else in `$all` is ignored. */
export const AYUMI_STREAM_PREFIXES: readonly string[] = Object.freeze(['case-', 'employer-', 'plan-']);

/** A `$all` position, as the client types it. */
export type KurrentPosition = Readonly<{ commit: bigint; prepare: bigint }>;

/** KurrentDB's expected state for an append: `no_stream` or the 0-based number of the stream's last event. */
export type KurrentExpectedState = 'no_stream' | bigint;

/** What KurrentDB reports as a stream's state: `no_stream` or the 0-based number of its last event. */
export type KurrentCurrentState = 'no_stream' | bigint;

const MAX_UINT64 = (1n << 64n) - 1n;

/** True for the streams Ayumi owns (and never for system streams, whose names start with `$`). */
export function isAyumiStream(streamId: string): boolean {
  return AYUMI_STREAM_PREFIXES.some((prefix) => streamId.startsWith(prefix));
}

/** True for KurrentDB's own events (`$metadata`, `$>`, `$statsCollected`…). */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/**
 * Ayumi revisions count events (no stream = 0, after the first event = 1); KurrentDB's expected
 * state names the 0-based number of the last event. So 0 → `no_stream`, n → n - 1.
 */
export function toExpectedState(expectedRevision: StreamRevision): KurrentExpectedState {
  if (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0) {
    throw new RangeError(`Not a stream revision: ${expectedRevision} (expected a non-negative integer)`);
  }
  return expectedRevision === 0 ? 'no_stream' : BigInt(expectedRevision - 1);
}

/** The Ayumi revision of the event KurrentDB numbers `eventNumber` (0-based): eventNumber + 1. */
export function toRevision(eventNumber: bigint): StreamRevision {
  if (eventNumber < 0n) throw new RangeError(`Not an event number: ${eventNumber}`);
  const revision = eventNumber + 1n;
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Event number ${eventNumber} is beyond a safe integer`);
  return Number(revision);
}

/**
 * The Ayumi revision of a stream in the state KurrentDB reports: `no_stream` → 0, n → n + 1.
 * Negative states (-5 deleted, -6 tombstoned, -1 "no stream" from older servers) count as 0.
 */
export function fromCurrentState(state: KurrentCurrentState): StreamRevision {
  if (state === 'no_stream' || state < 0n) return 0;
  return toRevision(state);
}

/** `"<commit>/<prepare>"`, both decimal: the `$all` position as an opaque {@link LogPosition}. */
export function encodePosition(position: KurrentPosition): LogPosition {
  return `${position.commit.toString(10)}/${position.prepare.toString(10)}`;
}

const POSITION = /^(\d{1,20})\/(\d{1,20})$/;

/** The `$all` position a {@link LogPosition} of this adapter encodes; anything else is refused clearly. */
export function parsePosition(position: LogPosition): KurrentPosition {
  const match = typeof position === 'string' ? POSITION.exec(position) : null;
  if (!match) throw new Error(`Not a KurrentDB log position: "${String(position)}" (expected "<commit>/<prepare>")`);
  const commit = BigInt(match[1]!);
  const prepare = BigInt(match[2]!);
  if (commit > MAX_UINT64 || prepare > MAX_UINT64) {
    throw new Error(`Not a KurrentDB log position: "${position}" (beyond 64 bits)`);
  }
  return { commit, prepare };
}

/** Orders `$all` positions: by commit, then prepare. */
export function comparePositions(a: KurrentPosition, b: KurrentPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
