import {
  BACKWARDS, END, FORWARDS, KurrentDBClient, START, StreamNotFoundError, WrongExpectedVersionError, streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, Filter, Position, ReadPosition } from '@kurrent/kurrentdb-client';
import type {
  AppendResult, EventStore, EventToAppend, GlobalLogPage, LogPosition, StoredEvent, StreamRevision,
} from '../event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port';
import { decideAfterConflict, isRetryOfStoredAppend, isUnavailableError } from './kurrentdb-errors';
import type { KurrentPosition } from './kurrentdb-positions';
import {
  AYUMI_STREAM_PREFIXES, comparePositions, encodePosition, fromCurrentState, isAyumiStream, isSystemEventType,
  parsePosition, toExpectedState, toRevision,
} from './kurrentdb-positions';
import type { ResolvedEventLike } from './kurrentdb-records';
import { positionOf, toEventData, toStoredEvent } from './kurrentdb-records';

/** Resubscription backoff of {@link KurrentDbEventStore.onAppended}: 250 ms doubling up to 30 s. */
const RESUBSCRIBE_FIRST_DELAY_MS = 250;
const RESUBSCRIBE_MAX_DELAY_MS = 30_000;
/** How long `onAppended` waits for the server to confirm the subscription before returning anyway. */
const SUBSCRIPTION_CONFIRMATION_MS = 10_000;

/**
 * The event store on KurrentDB (or EventStoreDB 22.6+), through `@kurrent/kurrentdb-client`.
 *
 * - Revisions: Ayumi's are 1-based counts, KurrentDB's 0-based event numbers (see kurrentdb-positions).
 * - Positions: the `$all` position, encoded `"<commit>/<prepare>"`. `$all` is totally ordered and only
 *   holds committed events, so a checkpointed position never skips a later-visible event.
 * - Only Ayumi's streams (`case-`, `employer-`, `plan-`) are read from `$all`, filtered on the server.
 * - Idempotence: an append whose event ids already fill the slots it targets answers `duplicate`
 *   without writing (one small read before each append); an append refused for its expected
 *   revision is read back and answers `duplicate` when all its ids are in the stream.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<() => Promise<void>>();
  /** Running total for {@link countEvents}: Ayumi events up to `position`. */
  private counted: { count: number; position: KurrentPosition | null } = { count: 0, position: null };
  private counting: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: KurrentDBClient) {}

  /** A store on the server of a `kurrentdb://` (or `esdb://`) connection string; connects lazily on first use. */
  static connect(url: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(url));
  }

  append(streamId: string, expectedRevision: StreamRevision, events: readonly EventToAppend[]): Promise<AppendResult> {
    const streamState = toExpectedState(expectedRevision);
    return this.guard(async () => {
      if (events.length === 0) {
        const actual = await this.currentRevision(streamId);
        if (actual !== expectedRevision) throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
        return { revision: actual, duplicate: false };
      }
      const ids = events.map((e) => e.eventId);
      const data = events.map(toEventData);

      // KurrentDB acknowledges a repeated append at the same expected revision as a success without
      // saying that nothing was written: look at the slots first so a retry answers `duplicate`.
      if (isRetryOfStoredAppend(await this.eventIdsFrom(streamId, expectedRevision, events.length), ids)) {
        return { revision: expectedRevision + events.length, duplicate: true };
      }

      let actualState: bigint | 'no_stream' | null = null;
      try {
        const result = await this.client.appendToStream(streamId, data, { streamState });
        if (result.success) return { revision: toRevision(result.nextExpectedRevision), duplicate: false };
        // Only with throwOnAppendFailure=false in the connection string; its revision is unreliable.
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        actualState = error.actualState;
      }

      const stored = await this.readStream(streamId);
      const decision = decideAfterConflict(stored, ids);
      if (decision.kind === 'duplicate') return { revision: decision.revision, duplicate: true };
      const actual = actualState === null ? (stored.at(-1)?.revision ?? 0) : fromCurrentState(actualState);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
    });
  }

  readStream(streamId: string): Promise<StoredEvent[]> {
    return this.guard(async () => {
      const events: StoredEvent[] = [];
      try {
        for await (const resolved of this.client.readStream(streamId)) {
          const stored = storedOrUndefined(resolved as ResolvedEventLike);
          if (stored) events.push(stored);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });
  }

  /**
   * Reads `$all` forwards with a server-side stream-name filter, so `limit` counts Ayumi events, not
   * scanned records: a page shorter than `limit` means the end of the log. KurrentDB reads `$all`
   * from a position inclusively; the event at exactly `after` is dropped. The returned position is the
   * last returned event's, or the last scanned record's when the log ended after filtered records,
   * or `after` when nothing was scanned.
   */
  async readAll(after: LogPosition | null, limit: number): Promise<GlobalLogPage> {
    const start = after === null ? null : parsePosition(after);
    if (!Number.isSafeInteger(limit) || limit <= 0) return { events: [], position: after };
    return this.guard(async () => {
      const events: StoredEvent[] = [];
      let cursor = start;
      for (;;) {
        const wanted = limit - events.length + (cursor === null ? 0 : 1);
        const before = cursor;
        let scanned = 0;
        for await (const resolved of this.client.readAll({ fromPosition: cursor ?? START, maxCount: wanted, direction: FORWARDS, filter: ayumiFilter() })) {
          scanned += 1;
          const position = positionOf(resolved as ResolvedEventLike);
          const recorded = (resolved as ResolvedEventLike).event;
          if (!recorded || !position || (cursor !== null && comparePositions(position, cursor) <= 0)) continue;
          cursor = position;
          if (isSystemEventType(recorded.type) || !isAyumiStream(recorded.streamId)) continue;
          events.push(toStoredEvent(recorded, position));
          if (events.length === limit) break;
        }
        // Done when the page is full, the log ended, or (defensively) the read made no progress.
        if (events.length >= limit || scanned < wanted || cursor === before) break;
      }
      return { events, position: cursor === null ? after : encodePosition(cursor) };
    });
  }

  /**
   * KurrentDB has no cheap count of `$all` (nor of a prefix of stream names without the system
   * projections). The first call scans every Ayumi event of `$all` (filtered on the server): O(log);
   * later calls continue from where the previous one stopped: O(new events). Calls are serialized.
   * The running total assumes Ayumi never deletes or truncates its streams (it does not).
   */
  countEvents(): Promise<number> {
    const next = this.counting.catch(() => undefined).then(() => this.guard(() => this.countMore()));
    this.counting = next;
    return next;
  }

  /**
   * A catch-up subscription to `$all` with a server-side stream-name filter, started after the last
   * record of the log (so nothing appended after this call resolves is missed) and resumed after
   * an error from the last position it saw, with exponential backoff. Bursts of events are
   * coalesced into one call of `listener` per turn of the event loop.
   */
  async onAppended(listener: () => void): Promise<() => Promise<void>> {
    let from: ReadPosition = await this.guard(() => this.lastPosition());
    let stopped = false;
    let current: AllStreamSubscription | undefined;
    let timer: NodeJS.Timeout | undefined;
    let failures = 0;
    let wakePending = false;

    const wake = () => {
      if (wakePending || stopped) return;
      wakePending = true;
      setImmediate(() => {
        wakePending = false;
        if (stopped) return;
        try {
          listener();
        } catch {
          // A listener's failure is its own; the subscription keeps running.
        }
      });
    };

    const subscribe = (onFirstOutcome?: (error?: unknown) => void) => {
      const filter = ayumiFilter((position) => { from = position; });
      const subscription = this.client.subscribeToAll({ fromPosition: from, filter });
      current = subscription;
      let ended = false;
      const end = (error?: unknown) => {
        if (ended) return;
        ended = true;
        onFirstOutcome?.(error ?? new Error('The KurrentDB subscription ended'));
        if (stopped || current !== subscription) return;
        current = undefined;
        void subscription.unsubscribe().catch(() => undefined);
        const delay = Math.min(RESUBSCRIBE_MAX_DELAY_MS, RESUBSCRIBE_FIRST_DELAY_MS * 2 ** failures);
        failures += 1;
        timer = setTimeout(() => { timer = undefined; if (!stopped) subscribe(); }, delay);
        timer.unref?.();
      };
      subscription.once('confirmation', () => { failures = 0; onFirstOutcome?.(); });
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        const position = positionOf(resolved as ResolvedEventLike);
        if (position) from = position;
        const recorded = resolved.event;
        if (recorded && !isSystemEventType(recorded.type) && isAyumiStream(recorded.streamId)) wake();
      });
      subscription.on('error', (error: Error) => end(error));
      subscription.on('end', () => end());
      subscription.on('close', () => end());
    };

    const unsubscribe = async () => {
      if (stopped) return;
      stopped = true;
      this.subscriptions.delete(unsubscribe);
      if (timer) clearTimeout(timer);
      const subscription = current;
      current = undefined;
      await subscription?.unsubscribe().catch(() => undefined);
    };
    this.subscriptions.add(unsubscribe);

    // Wait until the server confirmed the subscription (or refused it) so failures surface here.
    const first = await new Promise<unknown>((resolve) => {
      let settled = false;
      const settle = (error?: unknown) => { if (!settled) { settled = true; clearTimeout(guardTimer); resolve(error); } };
      const guardTimer = setTimeout(() => settle(), SUBSCRIPTION_CONFIRMATION_MS);
      guardTimer.unref?.();
      subscribe(settle);
    });
    if (first !== undefined) {
      await unsubscribe();
      throw isUnavailableError(first) ? new EventStoreUnavailableError(first) : first;
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((unsubscribe) => unsubscribe()));
    await this.client.dispose();
  }

  /** The ids of the events at revisions expectedRevision + 1 … expectedRevision + count, if any. */
  private async eventIdsFrom(streamId: string, expectedRevision: StreamRevision, count: number): Promise<string[]> {
    const ids: string[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(expectedRevision), maxCount: count, direction: FORWARDS })) {
        if (resolved.event) ids.push(resolved.event.id);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return ids;
  }

  /** The stream's revision: the number of its events (0 when it does not exist). */
  private async currentRevision(streamId: string): Promise<StreamRevision> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, maxCount: 1, direction: BACKWARDS })) {
        if (resolved.event) return toRevision(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 0;
      throw error;
    }
    return 0;
  }

  /** The position of the last record of `$all` (any stream), or START for an empty log. */
  private async lastPosition(): Promise<ReadPosition> {
    for await (const resolved of this.client.readAll({ fromPosition: END, maxCount: 1, direction: BACKWARDS })) {
      const position = positionOf(resolved as ResolvedEventLike);
      if (position) return position as Position;
    }
    return START;
  }

  private async countMore(): Promise<number> {
    let { count, position } = this.counted;
    try {
      for await (const resolved of this.client.readAll({ fromPosition: position ?? START, direction: FORWARDS, filter: ayumiFilter() })) {
        const at = positionOf(resolved as ResolvedEventLike);
        const recorded = (resolved as ResolvedEventLike).event;
        if (!recorded || !at || (position !== null && comparePositions(at, position) <= 0)) continue;
        position = at;
        if (!isSystemEventType(recorded.type) && isAyumiStream(recorded.streamId)) count += 1;
      }
    } finally {
      this.counted = { count, position };
    }
    return count;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isUnavailableError(error) ? new EventStoreUnavailableError(error) : error;
    }
  }
}

/** Server-side filter on Ayumi's stream-name prefixes; `onCheckpoint` follows the scan across filtered records. */
function ayumiFilter(onCheckpoint?: (position: Position) => void): Filter {
  return streamNameFilter({
    prefixes: [...AYUMI_STREAM_PREFIXES],
    ...(onCheckpoint ? { checkpointReached: (_subscription: AllStreamSubscription, position: Position) => onCheckpoint(position) } : {}),
  });
}

function storedOrUndefined(resolved: ResolvedEventLike): StoredEvent | undefined {
  const position = positionOf(resolved);
  if (!resolved.event) return undefined;
  if (!position) throw new Error(`KurrentDB returned event ${resolved.event.id} without a $all position (server 22.6 or later needed)`);
  return toStoredEvent(resolved.event, position);
}
