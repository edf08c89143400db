import type { StoredEventWithoutMetadata } from '@ayumi/event-store';
import type { BatchOutcome } from './project-batch';
import { counterKeyOf } from './project-batch';

/**
 * Applies a batch with `apply` (its own transaction). When the batch fails for what is in it (say, a
 * plan's fiscal year 2013.5 for an integer column, or a target that is not an object, written by
 * another tool), the events are applied again one at a time, and an event that fails on its own is
 * passed over with `passOver` and reported malformed. Sending the same batch again would fail forever
 * and stop every read model behind it; the log cannot be edited, so the event is reported and left
 * behind. Failures of the database itself (unreachable, a serialisation conflict) are thrown.
 */
export async function applyPassingOverRefused<Event extends StoredEventWithoutMetadata>(
  events: readonly Event[],
  apply: (events: readonly Event[]) => Promise<BatchOutcome>,
  passOver: (event: Event) => Promise<void>,
): Promise<BatchOutcome> {
  try {
    return await apply(events);
  } catch (error) {
    if (!isCausedByData(error)) throw error;
    const [only] = events;
    if (events.length === 1 && only) {
      await passOver(only);
      return { ...NOTHING, malformed: [{ eventId: only.eventId, error: `could not be applied: ${String((error as Error).message)}` }] };
    }
  }
  const outcomes: BatchOutcome[] = [];
  for (const event of events) outcomes.push(await applyPassingOverRefused([event], apply, passOver));
  return combined(outcomes);
}

/**
 * Data PostgreSQL refuses (SQLSTATE class 22, data exception; 23, a constraint such as a target
 * revision without a program) or data the projection code cannot read (a TypeError on a value of
 * an unexpected shape). Anything else, such as a lost connection, is a database failure.
 */
function isCausedByData(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string') return code.startsWith('22') || code.startsWith('23');
  return name === 'TypeError' || name === 'RangeError';
}

const NOTHING: BatchOutcome = { applied: 0, duplicates: 0, malformed: [], changed: [], changedTargetYears: [] };

function combined(outcomes: readonly BatchOutcome[]): BatchOutcome {
  const changed = new Map(outcomes.flatMap((o) => o.changed).map((k) => [counterKeyOf(k), k]));
  return {
    applied: outcomes.reduce((sum, o) => sum + o.applied, 0),
    duplicates: outcomes.reduce((sum, o) => sum + o.duplicates, 0),
    malformed: outcomes.flatMap((o) => o.malformed),
    changed: [...changed.values()],
    changedTargetYears: [...new Set(outcomes.flatMap((o) => o.changedTargetYears))],
  };
}
