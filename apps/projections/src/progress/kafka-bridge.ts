import { setTimeout as delay } from 'node:timers/promises';
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

export type ConsumerProblem = Readonly<{ code: 'KAFKA.CONSUMER_NOT_RUNNING' | 'KAFKA.CONSUMER_STOPPED'; detail: string }>;

/**
 * Kafka, when configured: relays the log to `case-events`, consumes it as a worker of the
 * projections group (in Kafka mode), and publishes one `goal-progress` message per counter change.
 */
@Injectable()
export class KafkaBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  private readonly stops: (() => Promise<void>)[] = [];
  private subscription: Subscription | null = null;
  private consumerProblem: ConsumerProblem | null = null;
  private readonly shutdown = new AbortController();
  private publisher: Messaging.LatestPerKeyPublisher | null = null;

  /** Why this Kafka worker is not consuming (yet, or for good), or null while it consumes (or in log mode). */
  consumerFailure(): ConsumerProblem | null {
    return this.consumerProblem;
  }

  /** Counters whose latest figures wait for the brokers' acknowledgement (null without Kafka). */
  unpublishedCounters(): number | null {
    return this.publisher?.unpublished ?? null;
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
    const { CaseEventsConsumer, CaseEventsRelay, createKafka, createProducer, GOAL_PROGRESS_TOPIC, LatestPerKeyPublisher } = require('@ayumi/messaging') as typeof Messaging;
    const kafka = createKafka(settings);

    // Nothing here waits for the brokers: Kafka is optional, and an outage of it, at start-up too,
    // must not stop the read side. Each part connects, and reconnects, on its own.
    const publisher = new LatestPerKeyPublisher(createProducer(kafka, settings), {
      topic: GOAL_PROGRESS_TOPIC, retryMs: 500, maxRetryMs: 30_000,
      onOutage: (error) => this.logger.warn(`goal-progress cannot be published (${String(error)}); the latest figures wait and are retried`),
      onRecovered: (waiting) => this.logger.log(`goal-progress is published again (${waiting} counters were waiting)`),
    });
    this.publisher = publisher;
    this.stops.push(() => publisher.stop());
    this.subscription = this.hub.changes.subscribe((message) => {
      publisher.publish(`${message.fiscalYear}/${message.program}/${message.metric}`, JSON.stringify(message));
    });
    this.hub.announceCurrentYear();

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
          this.consumerProblem = { code: 'KAFKA.CONSUMER_STOPPED', detail: `The case-events consumer stopped: ${String(error)}` };
          this.logger.error(`The case-events consumer stopped for good (${String(error)}); /health answers 503 until a restart`);
        });
      this.stops.unshift(() => consumer.stop());
      void this.keepStarting(consumer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    this.subscription?.unsubscribe();
    for (const stop of this.stops) await stop().catch(() => undefined);
  }

  /** A worker that cannot reach the brokers keeps trying, and answers /health with 503 meanwhile. */
  private async keepStarting(consumer: Messaging.CaseEventsConsumer): Promise<void> {
    for (let wait = 500; !this.shutdown.signal.aborted; wait = Math.min(wait * 2, 30_000)) {
      this.consumerProblem = { code: 'KAFKA.CONSUMER_NOT_RUNNING', detail: 'The case-events consumer has not joined its group yet' };
      try {
        await consumer.start();
        this.consumerProblem = null;
        return;
      } catch (error) {
        this.consumerProblem = { code: 'KAFKA.CONSUMER_NOT_RUNNING', detail: `The case-events consumer cannot start: ${String(error)}` };
        this.logger.warn(`The case-events consumer cannot start (${String(error)}); trying again in ${wait / 1000} s`);
        await delay(wait, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
      }
    }
  }
}
