import type { PublisherProducer } from './latest-per-key-publisher';
import { LatestPerKeyPublisher } from './latest-per-key-publisher';

type Sent = { key: string; value: string }[];

/** A broker that is down until `up()` and acknowledges each send only when the test lets it. */
class FakeBroker implements PublisherProducer {
  readonly batches: Sent[] = [];
  connects = 0;
  private reachable = false;
  private readonly held: (() => void)[] = [];
  holdSends = false;

  up(): void {
    this.reachable = true;
  }

  down(): void {
    this.reachable = false;
  }

  release(): void {
    for (const acknowledge of this.held.splice(0)) acknowledge();
  }

  async connect(): Promise<void> {
    this.connects += 1;
    if (!this.reachable) throw new Error('Connection error: connect ECONNREFUSED');
  }

  async send(record: Parameters<PublisherProducer['send']>[0]): Promise<never[]> {
    if (!this.reachable) throw new Error('KafkaJSNumberOfRetriesExceeded');
    const batch = record.messages.map((m) => ({ key: String(m.key), value: String(m.value) }));
    if (this.holdSends) await new Promise<void>((resolve) => this.held.push(resolve));
    this.batches.push(batch);
    return [];
  }

  async disconnect(): Promise<void> {}
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await settle();
  expect(condition()).toBe(true);
}

describe('LatestPerKeyPublisher', () => {
  let broker: FakeBroker;
  let publisher: LatestPerKeyPublisher;
  const outages: unknown[] = [];
  const recoveries: number[] = [];

  beforeEach(() => {
    broker = new FakeBroker();
    outages.length = 0;
    recoveries.length = 0;
    publisher = new LatestPerKeyPublisher(broker, {
      topic: 'goal-progress', retryMs: 5, maxRetryMs: 20, onOutage: (e) => outages.push(e), onRecovered: (n) => recoveries.push(n),
    });
  });

  afterEach(() => publisher.stop());

  it('given a reachable broker, when messages are published, then they are sent and nothing waits', async () => {
    broker.up();
    publisher.publish('2013/employment-support/visits', 'a1');
    await until(() => publisher.unpublished === 0);
    expect(broker.batches.flat()).toEqual([{ key: '2013/employment-support/visits', value: 'a1' }]);
  });

  it('given a broker down from the start, when it comes up, then the latest message of each key is sent, once, and the outage reported once', async () => {
    publisher.publish('a', 'a1');
    publisher.publish('b', 'b1');
    publisher.publish('a', 'a2');
    await until(() => broker.connects >= 3);
    expect(publisher.unpublished).toBe(2);
    expect(outages).toHaveLength(1);

    broker.up();
    await until(() => publisher.unpublished === 0);
    expect(broker.batches.flat()).toEqual([{ key: 'a', value: 'a2' }, { key: 'b', value: 'b1' }]);
    expect(recoveries).toEqual([2]);
  });

  it('given a broker that goes down after connecting, when it is back, then what was published meanwhile is sent', async () => {
    broker.up();
    publisher.publish('a', 'a1');
    await until(() => publisher.unpublished === 0);
    broker.down();
    publisher.publish('a', 'a2');
    await until(() => outages.length === 1);
    broker.up();
    await until(() => publisher.unpublished === 0);
    expect(broker.batches.flat().map((m) => m.value)).toEqual(['a1', 'a2']);
  });

  it('given a send in flight, when a newer message of its key arrives, then it is sent after the first, never dropped by its acknowledgement', async () => {
    broker.up();
    broker.holdSends = true;
    publisher.publish('a', 'a1');
    await settle();
    publisher.publish('a', 'a2');
    broker.release();
    await until(() => broker.batches.length === 1);
    expect(publisher.unpublished).toBe(1);
    broker.release();
    await until(() => publisher.unpublished === 0);
    expect(broker.batches.map((b) => b.map((m) => m.value))).toEqual([['a1'], ['a2']]);
  });

  it('given a send just acknowledged, when a message is published at any point while the drain winds down, then it is sent', async () => {
    broker.up();
    for (let microtasks = 0; microtasks < 12; microtasks += 1) {
      broker.holdSends = true;
      publisher.publish('a', `first-${microtasks}`);
      await settle();
      broker.holdSends = false;
      broker.release();
      for (let i = 0; i < microtasks; i += 1) await Promise.resolve();
      publisher.publish('b', `late-${microtasks}`);
      await until(() => publisher.unpublished === 0);
    }
    expect(broker.batches.flat().filter((m) => m.key === 'b')).toHaveLength(12);
  });

  it('given stopped, when a message is published, then it is not sent', async () => {
    broker.up();
    await publisher.stop();
    publisher.publish('a', 'a1');
    await settle();
    expect(broker.batches).toEqual([]);
  });
});
