import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EventStore, EventToAppend, StoredEvent } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import type { TestDatabase } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import type { ProjectionOptions } from '../src/projection.tokens';
import { ProjectionRunner } from '../src/read-models/projection-runner';
import { readModelTables } from '../src/read-models/read-model-tables';

/**
 * The API refuses a fiscal year 2013.5, but the log may hold events from other writers or older
 * versions. PostgreSQL refuses the value for the targets' integer column: the projections must
 * report that one event and go on, not retry its batch forever with every read model frozen.
 */
describe.each(['pglite', 'postgres'] as const)('a stored event PostgreSQL refuses (%s)', (kind) => {
  const tables = readModelTables(1);
  const options = (source: ProjectionOptions['source']): ProjectionOptions => ({ timeZone: 'Asia/Tokyo', source, batchSize: 500, pollIntervalMs: 30 });
  let database: TestDatabase;
  let store: EventStore;
  let runner: ProjectionRunner | null = null;

  const outlook = (occurredAt: string): [string, EventToAppend] => {
    const employerId = randomUUID();
    return [`employer-${employerId}`, {
      eventId: randomUUID(), type: 'HiringOutlookCollected', schemaVersion: 1, metadata: {},
      data: { employerId, outlookId: randomUUID(), program: 'employer-support', expectedHires: 1, occurredAt },
    }];
  };
  const halfYearPlan: [string, EventToAppend] = ['plan-2013', {
    eventId: randomUUID(), type: 'BusinessPlanAdopted', schemaVersion: 1, metadata: { userId: 'another-tool' },
    data: { fiscalYear: 2013.5, occurredAt: '2013-04-01T09:00:00+09:00', targets: [{ program: 'employer-support', metric: 'companies', period: 'fiscal-year', target: 2 }] },
  }];
  const countedRecords = async () => (await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tables.countedRecords}`))[0]!.n;
  const version = async () => (await runner!.versions())[0]!;

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    database = await createTestDatabase(kind);
    store = await createEventStore(database.sql);
    for (const [streamId, event] of [outlook('2013-05-10T10:00:00+09:00'), halfYearPlan, outlook('2013-06-10T10:00:00+09:00')]) {
      await store.append(streamId, 0, [event]);
    }
  });
  afterEach(async () => {
    await runner?.onApplicationShutdown();
    runner = null;
    await store.close();
    await database.drop();
    jest.restoreAllMocks();
  });

  it('given it between two counted events, when the projections follow the log, then both are counted and it alone is reported malformed', async () => {
    runner = new ProjectionRunner(store, database.sql, options('log'));
    await runner.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    // The log is filled stream by stream first: the checkpoint is set once that fill has ended.
    while ((await version()).checkpoint === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));

    expect(await version()).toMatchObject({ eventsProcessed: 3, malformedEvents: 1, checkpoint: (await store.readAll(null, 10)).position });
    expect(await countedRecords()).toBe(2);
    expect(await database.sql.query(`SELECT * FROM ${tables.targets}`)).toEqual([]);
  });

  it('given the fill in pages of one stream, two in flight on PostgreSQL, then it is passed over while the page after it waits, and that page is applied after it', async () => {
    await store.append('plan-2014', 0, [{
      eventId: randomUUID(), type: 'TargetRevised', schemaVersion: 1, metadata: {},
      data: { fiscalYear: 2014, occurredAt: '2014-04-01T09:00:00+09:00', program: 'employer-support', metric: 'companies', period: 'fiscal-year', from: null, to: 3 },
    }]);
    runner = new ProjectionRunner(store, database.sql, { ...options('log'), batchSize: 2 });
    await runner.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    while ((await version()).checkpoint === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));

    expect(await version()).toMatchObject({ eventsProcessed: 4, malformedEvents: 1, checkpoint: (await store.readAll(null, 10)).position });
    expect(await countedRecords()).toBe(2);
    expect(await database.sql.query(`SELECT fiscal_year, target FROM ${tables.targets}`)).toEqual([{ fiscal_year: 2014, target: 3 }]);
  });

  it('given also a target revision without a program (the targets\' NOT NULL refuses it), then that one is passed over too', async () => {
    await store.append('plan-2014', 0, [{
      eventId: randomUUID(), type: 'TargetRevised', schemaVersion: 1, metadata: {},
      data: { fiscalYear: 2014, occurredAt: '2014-04-01T09:00:00+09:00', metric: 'companies', period: 'fiscal-year', from: null, to: 3 },
    }]);
    const [streamId, event] = outlook('2014-05-10T10:00:00+09:00');
    await store.append(streamId, 0, [event]);

    runner = new ProjectionRunner(store, database.sql, options('log'));
    await runner.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    while ((await version()).eventsProcessed < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));

    expect(await version()).toMatchObject({ eventsProcessed: 5, malformedEvents: 2 });
    expect(await countedRecords()).toBe(3);
  });

  it('given it delivered to a Kafka worker, then the others are applied, and delivered again it is a duplicate, not a second report', async () => {
    runner = new ProjectionRunner(store, database.sql, options('kafka'));
    await runner.onApplicationBootstrap();
    const delivered: readonly StoredEvent[] = (await store.readAll(null, 10)).events;

    await runner.applyDelivered(delivered);
    await runner.applyDelivered(delivered);

    expect(await version()).toMatchObject({ eventsProcessed: 3, malformedEvents: 1 });
    expect(await countedRecords()).toBe(2);
  });
});
