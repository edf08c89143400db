import type { EventStore } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import type { Kafka } from 'kafkajs';
import type { KafkaSettings } from './kafka';
import { CASE_EVENTS_TOPIC, createProducer, toCaseEventMessage } from './kafka';

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS ayumi_relay_checkpoints (
  name       text PRIMARY KEY,
  checkpoint text,
  relayed    bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

export type RelayOptions = Readonly<{ name: string; batchSize: number; pollIntervalMs: number; onError?: (error: unknown) => void }>;

/**
 * Copies the ordered log to `case-events`. The checkpoint moves only after the broker acknowledged
 * the batch (acks from all in-sync replicas): a crash re-sends at most one batch, never skips one.
 * Consumers dedupe by event id (or stream revision).
 */
export class CaseEventsRelay {
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: () => void = () => undefined;
  private unsubscribe: (() => Promise<void>) | null = null;
  private readonly producer;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    kafka: Kafka,
    settings: KafkaSettings,
    private readonly options: RelayOptions,
  ) {
    this.producer = createProducer(kafka, settings);
  }

  async start(): Promise<void> {
    await this.sql.query(CHECKPOINTS_DDL);
    await this.sql.query('INSERT INTO ayumi_relay_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [this.options.name]);
    await this.producer.connect();
    this.unsubscribe = await this.store.onAppended(() => this.wake());
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    await this.unsubscribe?.();
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    const [row] = await this.sql.query<{ checkpoint: string | null }>('SELECT checkpoint FROM ayumi_relay_checkpoints WHERE name = $1', [this.options.name]);
    let checkpoint = row?.checkpoint ?? null;
    while (!this.stopping) {
      try {
        const page = await this.store.readAll(checkpoint, this.options.batchSize);
        if (page.events.length === 0) {
          await this.idle();
          continue;
        }
        await this.producer.send({ topic: CASE_EVENTS_TOPIC, acks: -1, messages: page.events.map(toCaseEventMessage) });
        await this.sql.query(
          'UPDATE ayumi_relay_checkpoints SET checkpoint = $2, relayed = relayed + $3, updated_at = now() WHERE name = $1',
          [this.options.name, page.position, page.events.length]);
        checkpoint = page.position;
      } catch (error) {
        this.options.onError?.(error);
        await this.idle();
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
