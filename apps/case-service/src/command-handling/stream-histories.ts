import type { EventStore } from '@ayumi/event-store';
import type { AggregateCommand, AggregateState } from './aggregate-command';
import { PERSONAL_DATA_REFS } from './personal-data';
import { toDomainEvent } from './read-aggregate.query';

/**
 * A command recorded in a stream: the hash of its request, the revision of its last event, and the
 * vault records its events refer to, by the request field they came from.
 */
export type RecordedCommand = Readonly<{ requestHash: unknown; revision: number; recordRefs: Readonly<Partial<Record<PersonalField, string>>> }>;

type PersonalField = keyof typeof PERSONAL_DATA_REFS;

function recordRefsIn(data: unknown): Partial<Record<PersonalField, string>> {
  if (typeof data !== 'object' || data === null) return {};
  return Object.fromEntries(Object.entries(PERSONAL_DATA_REFS).flatMap(([field, refField]) => {
    const ref = (data as Readonly<Record<string, unknown>>)[refField];
    return typeof ref === 'string' ? [[field, ref]] : [];
  }));
}

/** A stream as the command handler needs it: its aggregate's state, its revision, the commands in it. */
export type StreamHistory = Readonly<{
  revision: number;
  state: AggregateState;
  commands: ReadonlyMap<string, RecordedCommand>;
  /** True when it was kept from this process's last write, so another process may have written since. */
  kept: boolean;
}>;

/** Streams kept; a case's state is typically a few kB, so this bounds the memory to some tens of MB. */
export const KEPT_STREAMS = 10_000;

/**
 * Most commands follow one another on the same streams; keeping each stream's folded state after this
 * process's last write saves reading and folding it again before the next append. A kept history can
 * be behind another process's writes: the append at its revision then fails as a conflict and the
 * handler reads the stream. Least recently used streams are dropped beyond `capacity`.
 */
export class StreamHistories {
  private readonly kept = new Map<string, StreamHistory>();

  constructor(private readonly store: EventStore, private readonly capacity: number) {}

  /** The kept history, or the stream read from the store and folded (always from the store when `fresh`). */
  async load(command: AggregateCommand, fresh: boolean): Promise<StreamHistory> {
    const kept = fresh ? undefined : this.kept.get(command.streamId);
    this.kept.delete(command.streamId);
    if (kept) {
      this.kept.set(command.streamId, kept);
      return kept;
    }
    const stored = await this.store.readStream(command.streamId);
    const commands = new Map<string, RecordedCommand>();
    for (const event of stored) {
      const commandId = event.metadata['commandId'];
      if (typeof commandId !== 'string') continue;
      const earlier = commands.get(commandId);
      commands.set(commandId, {
        requestHash: earlier?.requestHash ?? event.metadata['requestHash'],
        revision: event.revision,
        recordRefs: { ...earlier?.recordRefs, ...recordRefsIn(event.data) },
      });
    }
    return { revision: stored.at(-1)?.revision ?? 0, state: command.evolve(null, stored.map(toDomainEvent)), commands, kept: false };
  }

  /** Keeps the stream as `commandId` left it: at `revision`, in `state` (unless a later write is kept already). */
  keep(streamId: string, before: StreamHistory, after: Readonly<{ state: AggregateState; commandId: string } & RecordedCommand>): void {
    if ((this.kept.get(streamId)?.revision ?? 0) >= after.revision) return;
    const commands = new Map(before.commands).set(after.commandId, { requestHash: after.requestHash, revision: after.revision, recordRefs: after.recordRefs });
    this.kept.delete(streamId);
    this.kept.set(streamId, { revision: after.revision, state: after.state, commands, kept: true });
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
  }

  forget(streamId: string): void {
    this.kept.delete(streamId);
  }
}
