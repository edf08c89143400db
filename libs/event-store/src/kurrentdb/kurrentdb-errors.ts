/**
 * Pure decisions about KurrentDB outcomes: which errors mean "unavailable, retry later", and what an
 * append that hit a revision conflict really was (a retry of an earlier append, or a conflict).
 */
import {
  DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError,
} from '@kurrent/kurrentdb-client';
import type { StreamRevision } from '../event-store.port';

/** The `type` of the client's command errors that mean the server could not be reached or answer. */
const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader']);

/** gRPC status codes (raw errors not converted by the client): 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE. */
const UNAVAILABLE_GRPC_CODES: ReadonlySet<number> = new Set([4, 14]);

/**
 * True when the error means the store cannot be reached right now (down, restarting, leader
 * changing, too slow), so the caller should retry later rather than treat it as a bug.
 */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError
    || error instanceof TimeoutError || error instanceof NotLeaderError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { type, code, message } = error as { type?: unknown; code?: unknown; message?: unknown };
  if (typeof type === 'string' && UNAVAILABLE_TYPES.has(type)) return true;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  // Cluster discovery (gossip) gives up with a plain Error.
  return typeof message === 'string' && /^Failed to discover after \d+ attempts/.test(message);
}

/** An event of a stream as the conflict decision needs it. */
export type StreamEventRef = Readonly<{ eventId: string; revision: StreamRevision }>;

export type ConflictDecision =
  | Readonly<{ kind: 'duplicate'; revision: StreamRevision }>
  | Readonly<{ kind: 'conflict' }>;

/**
 * After KurrentDB refused an append for its expected revision: if every event id of the append is
 * already in the stream, the append is a retry of an earlier one (duplicate, at the revision of the
 * last of them); otherwise it is a real conflict. Some ids present but not all is a conflict too:
 * the earlier append was a different one.
 */
export function decideAfterConflict(streamEvents: readonly StreamEventRef[], appendIds: readonly string[]): ConflictDecision {
  if (appendIds.length === 0) return { kind: 'conflict' };
  const revisions = new Map(streamEvents.map((e) => [normalizeId(e.eventId), e.revision]));
  let last = 0;
  for (const id of appendIds) {
    const revision = revisions.get(normalizeId(id));
    if (revision === undefined) return { kind: 'conflict' };
    last = Math.max(last, revision);
  }
  return { kind: 'duplicate', revision: last };
}

/**
 * Before appending: the events found in the stream's slots the append would fill (from
 * `expectedRevision` on) hold exactly the append's ids, in order. Then the append is a retry that
 * already succeeded, and KurrentDB would silently acknowledge it (its own idempotence) without
 * telling us nothing was written — so the adapter answers `duplicate` without writing.
 */
export function isRetryOfStoredAppend(idsInSlots: readonly string[], appendIds: readonly string[]): boolean {
  return appendIds.length > 0
    && idsInSlots.length === appendIds.length
    && appendIds.every((id, i) => normalizeId(id) === normalizeId(idsInSlots[i]!));
}

/** KurrentDB returns UUIDs in lower case; callers may have used upper case. */
function normalizeId(id: string): string {
  return id.toLowerCase();
}
