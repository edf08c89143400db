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

/**
 * Brokers refuse a produce request over `message.max.bytes` (1 MB by default) for good, so a page of
 * large events is sent in parts well under it, each checkpointed after its acknowledgement.
 */
const MAX_REQUEST_BYTES = 512 * 1024;

/** Consecutive parts of `items`, each of at most `maxBytes` of key and value (one item alone may exceed it). */
export function chunksOfAtMost<T extends { message: { key: string; value: string } }>(items: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item.message.key) + Buffer.byteLength(item.message.value);
    const last = chunks[chunks.length - 1];
    if (last && bytes + size <= maxBytes) {
      last.push(item);
      bytes += size;
    } else {
      chunks.push([item]);
      bytes = size;
    }
  }
  return chunks;
}

export type RelayOptions = Readonly<{ name: string; batchSize: number; pollIntervalMs: number; onError?: (error: unknown) => void }>;

/**
 * Copies the ordered log to `case-events`. The checkpoint moves only after the broker acknowledged
 * the part it covers (acks from all in-sync replicas): a crash re-sends at most one part, never skips one.
 * Consumers dedupe by event id (or stream revision).
 */
export class CaseEventsRelay {
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: () => void = () => undefined;
  private unsubscribe: (() => Promise<void>) | null = null;
  private readonly producer;
  private connected = false;

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
    this.unsubscribe = await this.store.onAppended(() => this.wake());
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    await this.unsubscribe?.();
    if (this.connected) await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    const [row] = await this.sql.query<{ checkpoint: string | null }>('SELECT checkpoint FROM ayumi_relay_checkpoints WHERE name = $1', [this.options.name]);
    let checkpoint = row?.checkpoint ?? null;
    while (!this.stopping) {
      try {
        // Connected here, not in start(): brokers down at start-up delay the relay, they do not stop the app.
        if (!this.connected) {
          await this.producer.connect();
          this.connected = true;
        }
        const page = await this.store.readAll(checkpoint, this.options.batchSize);
        if (page.events.length === 0) {
          await this.idle();
          continue;
        }
        for (const chunk of chunksOfAtMost(page.events.map((event) => ({ event, message: toCaseEventMessage(event) })), MAX_REQUEST_BYTES)) {
          await this.producer.send({ topic: CASE_EVENTS_TOPIC, acks: -1, messages: chunk.map((c) => c.message) });
          const position = chunk[chunk.length - 1]!.event.position;
          await this.sql.query(
            'UPDATE ayumi_relay_checkpoints SET checkpoint = $2, relayed = relayed + $3, updated_at = now() WHERE name = $1',
            [this.options.name, position, chunk.length]);
          checkpoint = position;
        }
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
