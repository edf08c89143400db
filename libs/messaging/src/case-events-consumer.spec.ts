import type { Kafka } from 'kafkajs';
import { CaseEventsConsumer } from './case-events-consumer';

type CrashListener = (event: { payload: { error: Error; restart: boolean } }) => void;

/** A kafkajs consumer that only records its CRASH listener. */
function kafkaWithConsumer() {
  const listeners: CrashListener[] = [];
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (event: string, listener: CrashListener) => {
      if (event === 'consumer.crash') listeners.push(listener);
      return () => undefined;
    },
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: () => Promise.resolve(),
  };
  const crash = (error: Error, restart: boolean) => listeners.forEach((l) => l({ payload: { error, restart } }));
  return { kafka: { consumer: () => consumer } as unknown as Kafka, crash };
}

describe('CaseEventsConsumer', () => {
  it('given kafkajs gives up on an error it does not retry, then the stop is reported', async () => {
    const { kafka, crash } = kafkaWithConsumer();
    const stopped: unknown[] = [];
    await new CaseEventsConsumer(kafka, 'group', () => Promise.resolve(), () => undefined, (error) => stopped.push(error)).start();

    const fatal = new TypeError('not retriable');
    crash(fatal, false);

    expect(stopped).toEqual([fatal]);
  });

  it('given a crash kafkajs restarts from, then nothing is reported', async () => {
    const { kafka, crash } = kafkaWithConsumer();
    const stopped: unknown[] = [];
    await new CaseEventsConsumer(kafka, 'group', () => Promise.resolve(), () => undefined, (error) => stopped.push(error)).start();

    crash(new Error('The group is rebalancing'), true);

    expect(stopped).toEqual([]);
  });
});
