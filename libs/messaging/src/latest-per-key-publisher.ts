import type { Producer } from 'kafkajs';

export type PublisherProducer = Pick<Producer, 'connect' | 'send' | 'disconnect'>;

export type LatestPerKeyOptions = Readonly<{
  topic: string;
  /** Wait after a failed connect or send; doubled after each further failure, up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** Called once when publishing starts failing, not for every retry of the same outage. */
  onOutage?: (error: unknown) => void;
  /** Called when publishing works again after an outage, with how many keys were waiting. */
  onRecovered?: (waiting: number) => void;
}>;

/**
 * Publishes messages whose value is the whole current state of their key (a counter's figures), so
 * only the latest one per key matters. A message waits, replaced by any newer one of its key, until
 * the broker has acknowledged it: a Kafka outage, even one at start-up, delays the messages but loses
 * none of the latest states, and memory stays one message per key. One send at a time keeps each
 * key's messages in order.
 */
export class LatestPerKeyPublisher {
  private readonly waiting = new Map<string, string>();
  private connected = false;
  private stopping = false;
  private failures = 0;
  private draining: Promise<void> | null = null;
  private wake: () => void = () => undefined;

  constructor(private readonly producer: PublisherProducer, private readonly options: LatestPerKeyOptions) {}

  /** Keys whose latest message the broker has not acknowledged yet. */
  get unpublished(): number {
    return this.waiting.size;
  }

  publish(key: string, value: string): void {
    if (this.stopping) return;
    this.waiting.set(key, value);
    this.startDraining();
  }

  /** Stops retrying; messages still waiting are dropped (a new start publishes the current states again). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.draining;
    if (this.connected) await this.producer.disconnect();
  }

  private startDraining(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      // A message published after the loop saw nothing waiting, but before this ran, found it still draining.
      if (this.waiting.size > 0 && !this.stopping) this.startDraining();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.size > 0 && !this.stopping) {
      const sending = [...this.waiting];
      try {
        if (!this.connected) {
          await this.producer.connect();
          this.connected = true;
        }
        await this.producer.send({ topic: this.options.topic, acks: -1, messages: sending.map(([key, value]) => ({ key, value })) });
      } catch (error) {
        if (this.failures === 0) this.options.onOutage?.(error);
        this.failures += 1;
        await this.pause(Math.min(this.options.retryMs * 2 ** (this.failures - 1), this.options.maxRetryMs));
        continue;
      }
      if (this.failures > 0) this.options.onRecovered?.(this.waiting.size);
      this.failures = 0;
      for (const [key, value] of sending) {
        if (this.waiting.get(key) === value) this.waiting.delete(key);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
