/** A domain event: a past-tense type and readonly, JSON-safe data. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** ISO 8601 date-time with an offset, e.g. `2013-05-08T10:00:00+09:00`. */
export type IsoDateTime = string;

/** ISO 8601 calendar date, e.g. `2013-10-01`. */
export type IsoDate = string;

/** Stored beside every event: who recorded it, when, and which command produced it. */
export type EventMetadata = Readonly<{
  eventId: string;
  /** The command that produced the event; equal for every event of one append. */
  commandId: string;
  /** The whole conversation (e.g. one import or one client request chain). */
  correlationId: string;
  /** What caused this command: the previous command or event id, or the request. */
  causationId: string;
  userId: string;
  /** A digest of the request, so a reused idempotency key with another body can be refused. */
  requestHash?: string;
}>;

/** An event as read back from a stream: its envelope and its place in the logs. */
export type RecordedEvent<E extends Event = Event> = E &
  Readonly<{
    streamId: string;
    /** 1-based: the stream's first event has revision 1. */
    revision: number;
    position: string;
    /** When the store accepted it; `occurredAt` in the data says when it happened. */
    recordedAt: IsoDateTime;
    metadata: EventMetadata;
  }>;
