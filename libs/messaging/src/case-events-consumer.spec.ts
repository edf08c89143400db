import type { Kafka } from 'kafkajs';
import { CaseEventsConsumer } from './case-events-consumer';

type CrashListener = (event: { payload: { error: Error; restart: boolean } }) => void;

/** A kafkajs consumer that only records its CRASH listener. */
function kafkaWithConsumer() {
  const brokers = { reachable: true };
  const listeners: CrashListener[] = [];
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (event: string, listener: CrashListener) => {
      if (event === 'consumer.crash') listeners.push(listener);
      return () => undefined;
    },
    connect: () => (brokers.reachable ? Promise.resolve() : Promise.reject(new Error('Connection error: connect ECONNREFUSED'))),
    subscribe: () => Promise.resolve(),
    run: () => Promise.resolve(),
  };
  const crash = (error: Error, restart: boolean) => listeners.forEach((l) => l({ payload: { error, restart } }));
  return { kafka: { consumer: () => consumer } as unknown as Kafka, crash, brokers };
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

  it('given a start that failed (brokers unreachable), when started again, then it consumes and a later stop is reported once', async () => {
    const { kafka, crash, brokers } = kafkaWithConsumer();
    const stopped: unknown[] = [];
    const consumer = new CaseEventsConsumer(kafka, 'group', () => Promise.resolve(), () => undefined, (error) => stopped.push(error));
    brokers.reachable = false;
    await expect(consumer.start()).rejects.toThrow('ECONNREFUSED');

    brokers.reachable = true;
    await consumer.start();
    crash(new TypeError('not retriable'), false);

    expect(stopped).toHaveLength(1);
  });
});
