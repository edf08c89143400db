import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import type * as Messaging from '@ayumi/messaging';
import type { SqlClient } from '@ayumi/sql';
import type { Subscription } from 'rxjs';
import type { ProjectionOptions } from '../projection.tokens';
import { EVENT_STORE, PROJECTION_OPTIONS, READ_MODELS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import { ProgressHub } from './progress-hub';

export const PROJECTIONS_CONSUMER_GROUP = 'ayumi-projections';

/**
 * Kafka, when configured: relays the log to `case-events`, consumes it as a worker of the
 * projections group (in Kafka mode), and publishes one `goal-progress` message per counter change.
 */
@Injectable()
export class KafkaBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  private readonly stops: (() => Promise<void>)[] = [];
  private subscription: Subscription | null = null;
  private consumerStopped: string | null = null;

  /** Why this Kafka worker's consumer stopped for good, or null while it consumes (or in log mode). */
  consumerFailure(): string | null {
    return this.consumerStopped;
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly sql: SqlClient,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
    private readonly runner: ProjectionRunner,
    private readonly hub: ProgressHub,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.options.kafka;
    if (!settings) return;
    // Loaded only when Kafka is configured: kafkajs takes some 17 MB of the memory of a process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() resolves as ESM, where an extensionless path does not resolve
    const { CaseEventsConsumer, CaseEventsRelay, createKafka, createProducer, GOAL_PROGRESS_TOPIC } = require('@ayumi/messaging') as typeof Messaging;
    const kafka = createKafka(settings);

    const producer = createProducer(kafka, settings);
    await producer.connect();
    this.stops.push(() => producer.disconnect());
    this.subscription = this.hub.changes.subscribe((message) => {
      producer.send({
        topic: GOAL_PROGRESS_TOPIC,
        acks: -1,
        messages: [{ key: `${message.fiscalYear}/${message.program}/${message.metric}`, value: JSON.stringify(message) }],
      }).catch((error: unknown) => this.logger.warn(`goal-progress not published: ${String(error)}`));
    });

    if (settings.relay) {
      const relay = new CaseEventsRelay(this.store, this.sql, kafka, settings, {
        name: 'case-events', batchSize: 500, pollIntervalMs: this.options.pollIntervalMs,
        onError: (error) => this.logger.warn(`Relay to case-events failed, retrying: ${String(error)}`),
      });
      await relay.start();
      this.stops.unshift(() => relay.stop());
    }
    if (this.options.source === 'kafka') {
      const consumer = new CaseEventsConsumer(kafka, PROJECTIONS_CONSUMER_GROUP, (events) => this.runner.applyDelivered(events),
        (error) => this.logger.warn(`Skipped a malformed case-events message: ${String(error)}`),
        (error) => {
          this.consumerStopped = String(error);
          this.logger.error(`The case-events consumer stopped for good (${this.consumerStopped}); /health answers 503 until a restart`);
        });
      await consumer.start();
      this.stops.unshift(() => consumer.stop());
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    for (const stop of this.stops) await stop().catch(() => undefined);
  }
}
