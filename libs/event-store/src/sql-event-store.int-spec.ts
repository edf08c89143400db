import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../../../test/support/test-database';
import type { TestDatabase, TestDatabaseKind } from '../../../test/support/test-database';
import type { EventToAppend } from './event-store.port';
import { EventIdsTakenError, WrongExpectedRevisionError } from './event-store.port';
import type { SqlEventStore } from './index';
import { createEventStore } from './index';

/** What the SQL adapter does beyond the contract (which also runs against KurrentDB). */

const event = (): EventToAppend => ({ eventId: randomUUID(), type: 'T', schemaVersion: 1, data: {}, metadata: {} });
const stream = () => `case-${randomUUID()}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A store on a database of its own for the describe block that calls this: made before its tests, dropped after. */
function ownStore(kind: TestDatabaseKind): { database: TestDatabase; store: SqlEventStore } {
  const own = {} as { database: TestDatabase; store: SqlEventStore };
  beforeAll(async () => {
    own.database = await createTestDatabase(kind);
    own.store = await createEventStore(own.database.sql);
  });
  afterAll(async () => {
    await own.store.close();
    await own.database.drop();
  });
  return own;
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('SQL event store on %s', (kind) => {
  const own = ownStore(kind);

  it('given the tables exist, then migrating again changes nothing', async () => {
    const id = stream();
    await own.store.append(id, 0, [event()]);
    await own.store.migrate();
    expect(await own.store.readStream(id)).toHaveLength(1);
  });

  it('given a log whose transaction ids are ahead of the cluster\'s (restored from a dump), then the store refuses to start, saying why', async () => {
    const copy = await createTestDatabase(kind);
    try {
      await (await createEventStore(copy.sql)).append(stream(), 0, [event()]);
      await copy.sql.query("UPDATE ayumi_events SET tx_id = (pg_current_xact_id()::text::bigint + 1000000)::text::xid8");

      await expect(createEventStore(copy.sql)).rejects.toThrow(/transaction ids up to \d+, but this PostgreSQL cluster is at \d+.*pg_dump/);
    } finally {
      await copy.drop();
    }
  });

  it('given event ids already stored in another stream, then the append is refused, not taken for a retry', async () => {
    const events = [event()];
    await own.store.append(stream(), 0, events);
    const other = stream();

    await expect(own.store.append(other, 0, events)).rejects.toThrow(EventIdsTakenError);
    expect(await own.store.readStream(other)).toEqual([]);
  });

  it('given only some of the event ids already stored, then the append is refused', async () => {
    const id = stream();
    const [a, b] = [event(), event()];
    await own.store.append(id, 0, [a]);

    await expect(own.store.append(id, 1, [a, b])).rejects.toThrow(EventIdsTakenError);
    expect(await own.store.readStream(id)).toHaveLength(1);
  });

  it('given positions, then they encode the transaction id and the row: "<txId>:<position>"', async () => {
    const id = stream();
    await own.store.append(id, 0, [event(), event()]);
    await own.store.append(id, 2, [event()]);

    const [first, second, third] = (await own.store.readStream(id)).map((e) => e.position.split(':').map(BigInt));
    expect(first![0]).toBe(second![0]);
    expect(second![1]).toBeGreaterThan(first![1]!);
    expect(third![0]).toBeGreaterThan(second![0]!);
  });
});

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('SQL event store on %s, read stream by stream up to its head', (kind) => {
  const own = ownStore(kind);

  const readAllAfter = async (after: string | null) => {
    const events = [];
    for (let page = await own.store.readAll(after, 7); page.events.length > 0; page = await own.store.readAll(page.position, 7)) events.push(...page.events);
    return events;
  };

  it('given an empty log, then it has no head', async () => {
    expect(await own.store.head()).toBeNull();
  });

  it('given streams written in turns, then pages up to the head hold every event up to it once, each stream whole and in order, and later events follow the head in the log', async () => {
    const streams = Array.from({ length: 5 }, stream);
    let revision = 0;
    for (const size of [1, 2, 1, 1]) {
      for (const id of streams) await own.store.append(id, revision, Array.from({ length: size }, event));
      revision += size;
      streams.reverse();
    }
    const head = (await own.store.head())!;
    const later = stream();
    await own.store.append(later, 0, [event()]);
    await own.store.append(streams[0]!, 5, [event()]);

    const read = [];
    for (let page = await own.store.readStreamsUpTo(head, null, 3); page.events.length > 0; page = await own.store.readStreamsUpTo(head, page.cursor, 3)) {
      expect(page.events.length).toBeLessThanOrEqual(3);
      read.push(...page.events);
    }

    const upToHead = (await readAllAfter(null)).filter((e) => e.streamId !== later && !(e.streamId === streams[0] && e.revision === 6));
    expect(read.map((e) => e.eventId).sort()).toEqual(upToHead.map((e) => e.eventId).sort());
    expect(read).toHaveLength(5 * 5);
    const runs = read.map((e) => e.streamId).filter((id, i, ids) => id !== ids[i - 1]);
    expect(runs).toHaveLength(5);
    for (const id of streams) expect(read.filter((e) => e.streamId === id).map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
    expect((await readAllAfter(head)).map((e) => `${e.streamId}@${e.revision}`)).toEqual([`${later}@1`, `${streams[0]}@6`]);
  });

  it('given events, then reading them stream by stream gives each as the log in its order does, without its metadata', async () => {
    const id = stream();
    await own.store.append(id, 0, [event(), event()]);

    const page = await own.store.readStreamsUpTo((await own.store.head())!, null, 10_000);

    const inLogOrder = (await readAllAfter(null)).filter((e) => e.streamId === id);
    expect(page.events.filter((e) => e.streamId === id)).toEqual(inLogOrder.map(({ metadata: _, ...withoutMetadata }) => withoutMetadata));
  });
});

describe('SQL event store on a PostgreSQL server, under concurrent transactions', () => {
  const own = ownStore('postgres');

  it('given an older transaction still open, then readAll holds back later commits until it ends, and then returns both in order', async () => {
    const before = (await own.store.readAll(null, 10_000)).position;
    let commitOlder!: () => void;
    const olderMayCommit = new Promise<void>((resolve) => (commitOlder = resolve));
    let olderHasTxId!: () => void;
    const olderStarted = new Promise<void>((resolve) => (olderHasTxId = resolve));
    const older = stream();
    const olderEvent = event();
    // A writer that got its transaction id first but commits last: the case a position-only checkpoint gets wrong.
    const olderWriter = own.database.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ayumi_events (stream_id, revision, event_id, type, schema_version, data, metadata)
         VALUES ($1, 1, $2, 'T', 1, '{}', '{}')`, [older, olderEvent.eventId]);
      olderHasTxId();
      await olderMayCommit;
    });
    await olderStarted;
    const newerEvent = event();
    await own.store.append(stream(), 0, [newerEvent]);

    const whileOpen = await own.store.readAll(before, 10_000);
    commitOlder();
    await olderWriter;
    // Other tests' transactions on the same server may hold the horizon back for a moment.
    let afterCommit = await own.store.readAll(before, 10_000);
    for (const deadline = Date.now() + 5_000; afterCommit.events.length < 2 && Date.now() < deadline; await sleep(20)) {
      afterCommit = await own.store.readAll(before, 10_000);
    }

    expect(whileOpen.events.map((e) => e.eventId)).not.toContain(newerEvent.eventId);
    expect(afterCommit.events.map((e) => e.eventId)).toEqual([olderEvent.eventId, newerEvent.eventId]);
  });

  it('given a writer that bypassed the stream lock, then the unique revision still turns the clash into WrongExpectedRevisionError', async () => {
    const id = stream();
    let commitIntruder!: () => void;
    const intruderMayCommit = new Promise<void>((resolve) => (commitIntruder = resolve));
    let intruderInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (intruderInserted = resolve));
    const intruder = own.database.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ayumi_events (stream_id, revision, event_id, type, schema_version, data, metadata)
         VALUES ($1, 1, $2, 'T', 1, '{}', '{}')`, [id, randomUUID()]);
      intruderInserted();
      await intruderMayCommit;
    });
    await inserted;

    // Sees revision 0 (the intruder has not committed), then waits on the unique index.
    const append = own.store.append(id, 0, [event()]);
    await sleep(300);
    commitIntruder();
    await intruder;

    await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(append).rejects.toMatchObject({ streamId: id, expectedRevision: 0, actualRevision: 1 });
  });
});
