import { Inject } from '@nestjs/common';
import type { IQuery, IQueryHandler } from '@nestjs/cqrs';
import { QueryHandler } from '@nestjs/cqrs';
import type { AyumiEvent } from '@ayumi/events';
import { upcast } from '@ayumi/events';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../event-store.token';

export type AggregateSnapshot<State> = Readonly<{ state: State; revision: number }>;

/** Current state of one aggregate, folded from its stream: reads never lag behind writes. */
export class ReadAggregateQuery<State = unknown> implements IQuery {
  constructor(
    readonly streamId: string,
    readonly fold: (events: readonly AyumiEvent[]) => State,
  ) {}
}

@QueryHandler(ReadAggregateQuery)
export class ReadAggregateQueryHandler implements IQueryHandler<ReadAggregateQuery, AggregateSnapshot<unknown>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, fold }: ReadAggregateQuery): Promise<AggregateSnapshot<unknown>> {
    const stored = await this.store.readStream(streamId);
    return { state: fold(stored.map(toDomainEvent)), revision: stored.at(-1)?.revision ?? 0 };
  }
}

export function toDomainEvent(stored: Parameters<typeof upcast>[0]): AyumiEvent {
  // The log only holds events this service wrote, upcast to their current shape.
  return upcast(stored) as unknown as AyumiEvent;
}
