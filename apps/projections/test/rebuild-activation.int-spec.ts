import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { SqlEventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import { ProjectionRunner } from '../src/read-models/projection-runner';
import { readModelTables } from '../src/read-models/read-model-tables';
import type { Schema } from './support/schemas';
import { freshSchema } from './support/schemas';

/**
 * A rebuild catches up while the log keeps growing: the old version's loop may still be finishing a
 * page when the new version takes over. Reads must switch once, forward, and stay switched.
 */
describe('a rebuild that catches up under steady writes (PostgreSQL)', () => {
  let schema: Schema;
  let store: SqlEventStore;
  let runner: ProjectionRunner;
  let appended = 0;

  const appendOne = async () => {
    appended += 1;
    const employerId = `e${appended}`;
    await store.append(`employer-${employerId}`, 0, [{
      eventId: randomUUID(), type: 'HiringOutlookCollected', schemaVersion: 1, metadata: {},
      data: { employerId, outlookId: `o${appended}`, program: 'employer-support', expectedHires: 1, occurredAt: '2024-05-10T10:00:00+09:00' },
    }]);
  };

  beforeAll(async () => {
    schema = await freshSchema('activation');
    store = await createEventStore(schema.sql);
    for (let i = 0; i < 300; i += 1) await appendOne();
  });
  afterAll(async () => {
    await runner?.onApplicationShutdown();
    await schema?.drop();
  });

  it('given writes during the rebuild, when the new version catches up, then reads switch to it once and the old version stays retired', async () => {
    const switches: string[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      if (String(message).includes('is now active')) switches.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    runner = new ProjectionRunner(store, schema.sql, { timeZone: 'Asia/Tokyo', source: 'log', batchSize: 20, pollIntervalMs: 30 });
    await runner.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    while ((await runner.versions())[0]!.eventsProcessed < appended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    let writing = true;
    const writer = (async () => {
      while (writing) {
        await appendOne();
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await runner.rebuild();
    await new Promise((r) => setTimeout(r, 3_000));
    writing = false;
    await writer;
    while ((await runner.versions()).find((v) => v.version === 2)!.eventsProcessed < appended && Date.now() < deadline + 10_000) {
      await new Promise((r) => setTimeout(r, 50));
    }

    expect(switches).toEqual(['Read models version 2 caught up and is now active (was 1)']);
    expect((await runner.versions()).map((v) => [v.version, v.status, v.eventsProcessed])).toEqual([[1, 'retired', expect.any(Number)], [2, 'active', appended]]);
    expect(runner.activeTables()).toEqual(readModelTables(2));
  }, 60_000);
});
