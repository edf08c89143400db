import type { StoredEvent } from '@ayumi/event-store';
import type { Consumer, Kafka } from 'kafkajs';
import { CASE_EVENTS_TOPIC, fromCaseEventMessage } from './kafka';

export type CaseEventsHandler = (events: readonly StoredEvent[]) => Promise<void>;

/**
 * A member of a consumer group on `case-events`. Each partition's batch goes to the handler, which
 * applies it idempotently in one transaction; the offsets are committed only afterwards, so a crash
 * redelivers (at least once) and the handler's dedupe makes the effect exactly once.
 */
export class CaseEventsConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    groupId: string,
    private readonly handle: CaseEventsHandler,
    private readonly onMalformed: (error: unknown) => void,
    /** kafkajs gave up for good (an error it does not retry): nothing more is consumed until a restart. */
    private readonly onStopped: (error: unknown) => void,
  ) {
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: true });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.onStopped(payload.error);
    });
  }

  /** Joins the group and starts consuming; when it fails (brokers unreachable), it may be called again. */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: CASE_EVENTS_TOPIC, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
        const events: StoredEvent[] = [];
        for (const message of batch.messages) {
          try {
            events.push(fromCaseEventMessage(message.value));
          } catch (error) {
            this.onMalformed(error);
          }
        }
        await this.handle(events);
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
        });
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
