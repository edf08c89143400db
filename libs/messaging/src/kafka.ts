import type { Kafka as KafkaClient } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { StoredEvent } from '@ayumi/event-store';

export const CASE_EVENTS_TOPIC = 'case-events';
export const GOAL_PROGRESS_TOPIC = 'goal-progress';

export type KafkaSettings = Readonly<{
  brokers: readonly string[];
  clientId: string;
  /**
   * Idempotent producer (with one request in flight). On by default; librdkafka's mock cluster,
   * used by the tests, does not answer kafkajs's producer-id handshake, so tests turn it off.
   */
  idempotentProducer: boolean;
}>;

export function createKafka(settings: KafkaSettings): KafkaClient {
  return new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.WARN });
}

export function createProducer(kafka: KafkaClient, settings: KafkaSettings) {
  return kafka.producer({
    idempotent: settings.idempotentProducer,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** A log event on `case-events`: keyed by stream id so each stream stays in one partition, in order. */
export function toCaseEventMessage(event: StoredEvent) {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: { 'event-id': event.eventId, 'event-type': event.type },
  };
}

export function fromCaseEventMessage(value: Buffer | null): StoredEvent {
  if (value === null) throw new Error('A case-events message without a value');
  const event = JSON.parse(value.toString('utf8')) as StoredEvent;
  if (typeof event.streamId !== 'string' || typeof event.revision !== 'number' || typeof event.eventId !== 'string') {
    throw new Error('A case-events message that is not a stored event');
  }
  return event;
}
