import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, StoredEvent } from '../event-store.port';
import { WrongExpectedRevisionError } from '../event-store.port';

export type ContractSubject = Readonly<{ store: EventStore; cleanup: () => Promise<void> }>;

const CONCURRENCY_SECONDS = Number(process.env['CONTRACT_CONCURRENCY_SECONDS'] ?? 10);

const event = (type = 'ConsultationHeld', data: object = { n: 1 }): EventToAppend => {
  const eventId = randomUUID();
  return { eventId, type, schemaVersion: 2, data, metadata: { eventId, commandId: randomUUID(), userId: 'contract' } };
};

const stream = () => `case-${randomUUID()}`;

/** Reads the whole global log from the start, page by page. */
async function readWholeLog(store: EventStore, pageSize = 100): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let position: string | null = null;
  for (;;) {
    const page = await store.readAll(position, pageSize);
    all.push(...page.events);
    position = page.position;
    if (page.events.length < pageSize) return all;
  }
}

/** The behaviour every event-store adapter must have (PostgreSQL, PGlite, KurrentDB). */
export function describeEventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(() => subject.cleanup());

    it('given a new stream, when events are appended at revision 0, then they read back in order with everything kept', async () => {
      const id = stream();
      const events = [event('CaseOpened', { caseId: 'c', ageBand: '55-59', nested: { list: [1, 'two'] } }), event('NavigatorAssigned', { navigatorId: 'nav-07' })];
      const appendedAt = Date.now();

      const result = await store.append(id, 0, events);

      expect(result).toEqual({ revision: 2, duplicate: false });
      const read = await store.readStream(id);
      expect(read.map((e) => [e.revision, e.eventId, e.type, e.schemaVersion, e.data, e.metadata])).toEqual(
        events.map((e, i) => [i + 1, e.eventId, e.type, e.schemaVersion, e.data, e.metadata]),
      );
      for (const e of read) {
        expect(e.streamId).toBe(id);
        expect(new Date(e.recordedAt).toISOString()).toBe(e.recordedAt);
        // Within a minute of this clock (servers' clocks drift a little): an instant read in the wrong time zone is hours out.
        expect(Math.abs(Date.parse(e.recordedAt) - appendedAt)).toBeLessThan(60_000);
      }
    });

    it('given a stream that does not exist, then reading it returns no events', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('given a stream at revision 1, when appending at revision 0 or 2, then WrongExpectedRevisionError', async () => {
      const id = stream();
      await store.append(id, 0, [event()]);
      await expect(store.append(id, 0, [event()])).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(id, 2, [event()])).rejects.toMatchObject({ streamId: id, expectedRevision: 2, actualRevision: 1 });
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('given two writers at the same revision, then exactly one wins and the other gets a conflict', async () => {
      const id = stream();
      await store.append(id, 0, [event()]);
      const first = [event('A'), event('A')];
      const second = [event('B')];

      const results = await Promise.allSettled([store.append(id, 1, first), store.append(id, 1, second)]);

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const winner = results[0]!.status === 'fulfilled' ? first : second;
      expect((await store.readStream(id)).slice(1).map((e) => e.eventId)).toEqual(winner.map((e) => e.eventId));
    });

    it('given an append, when it is retried with the same event ids, then the first result and nothing new', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store.append(id, 0, events);
      await store.append(id, 2, [event()]);

      const retry = await store.append(id, 0, events);

      expect(first).toEqual({ revision: 2, duplicate: false });
      expect(retry).toEqual({ revision: 2, duplicate: true });
      expect(await store.readStream(id)).toHaveLength(3);
    });

    it('given events in the log, then readAll pages through them in order and resumes from a stored position', async () => {
      const id = stream();
      await store.append(id, 0, [event(), event(), event(), event(), event()]);

      // The log shows a commit once no older transaction on the server is still open: another
      // client's long transaction may hold it back for a while, never for good.
      let log = await readWholeLog(store, 2);
      for (let waited = 0; !log.some((e) => e.streamId === id && e.revision === 5) && waited < 30_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        log = await readWholeLog(store, 2);
      }
      const ours = log.filter((e) => e.streamId === id);
      expect(new Set(log.map((e) => e.eventId)).size).toBe(log.length);
      expect(ours.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);

      const upToSecond = log.indexOf(ours[1]!);
      const resumed = await store.readAll(log[upToSecond]!.position, 1000);
      expect(resumed.events.map((e) => e.eventId)).toEqual(log.slice(upToSecond + 1).map((e) => e.eventId));

      const page = await store.readAll(null, 3);
      expect(page.events).toHaveLength(3);
      expect(page.position).toBe(page.events[2]!.position);
      const end = await store.readAll(log.at(-1)!.position, 10);
      expect(end).toEqual({ events: [], position: log.at(-1)!.position });
    });

    it('given a stream at revision 2, when nothing is appended at revision 2, then its revision and no write', async () => {
      const id = stream();
      await store.append(id, 0, [event(), event()]);

      expect(await store.append(id, 2, [])).toEqual({ revision: 2, duplicate: false });
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('given a position this store never produced, then readAll refuses it clearly', async () => {
      await expect(store.readAll('not a position', 10)).rejects.toThrow(/position/i);
    });

    it('given events appended, then the count of the log grows by as many', async () => {
      const before = await store.countEvents();
      await store.append(stream(), 0, [event(), event(), event()]);
      expect(await store.countEvents()).toBe(before + 3);
    });

    it('given a listener, when events are appended, then it is woken', async () => {
      let woken!: () => void;
      const wake = new Promise<void>((resolve) => (woken = resolve));
      const unsubscribe = await store.onAppended(() => woken());
      try {
        await store.append(stream(), 0, [event()]);
        await expect(Promise.race([wake.then(() => 'woken'), sleep(5_000).then(() => 'timeout')])).resolves.toBe('woken');
      } finally {
        await unsubscribe();
      }
    });

    it(`given 16 concurrent writers for ${CONCURRENCY_SECONDS} s, then a reader of the global log gets every event exactly once, each stream in order`, async () => {
      const writers = 16;
      const own = Array.from({ length: writers }, () => stream());
      const shared = [stream(), stream()];
      const acknowledged = new Set<string>();
      /** Last revision a writer saw per stream: only a guess for the shared ones, corrected on conflict. */
      const known = new Map<string, number>();
      let appends = 0;
      let conflicts = 0;
      const startedAt = Date.now();
      const stopAt = startedAt + CONCURRENCY_SECONDS * 1000;

      const write = async (w: number) => {
        for (let i = 0; Date.now() < stopAt; i += 1) {
          const id = i % 3 === 0 ? shared[i % 2]! : own[w]!;
          const batch = i % 5 === 0 ? [event(), event(), event()] : [event()];
          let expected = known.get(id) ?? 0;
          for (;;) {
            try {
              known.set(id, (await store.append(id, expected, batch)).revision);
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError)) throw error;
              conflicts += 1;
              expected = error.actualRevision;
            }
          }
          appends += 1;
          batch.forEach((e) => acknowledged.add(e.eventId));
        }
      };

      // The reader starts at the end of the log as it was, like a projection that is up to date.
      const startPosition = (await readWholeLog(store)).at(-1)?.position ?? null;
      const received: StoredEvent[] = [];
      const receivedIds = new Set<string>();
      let writing = true;
      let pages = 0;
      const read = async () => {
        let position = startPosition;
        let wake: () => void = () => undefined;
        const unsubscribe = await store.onAppended(() => wake());
        try {
          // After the writers stop, drain until every acknowledged event arrived: a transaction
          // elsewhere on the server may hold the horizon back for a moment, but not for long.
          let drainUntil = Infinity;
          while (Date.now() < drainUntil) {
            const page = await store.readAll(position, 50);
            pages += 1;
            page.events.forEach((e) => { received.push(e); receivedIds.add(e.eventId); });
            position = page.position;
            if (page.events.length === 50) continue;
            if (!writing) {
              drainUntil = Math.min(drainUntil, Date.now() + 15_000);
              if ([...acknowledged].every((id) => receivedIds.has(id))) break;
            }
            await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(20)]);
          }
          return position;
        } finally {
          await unsubscribe();
        }
      };

      const reader = read();
      await Promise.all(own.map((_, w) => write(w)));
      const wroteFor = Date.now() - startedAt;
      writing = false;
      const lastPosition = await reader;
      const drainedAfter = Date.now() - startedAt - wroteFor;
      const tail = await store.readAll(lastPosition, 1000);

      const ours = received.filter((e) => acknowledged.has(e.eventId));
      console.log(`${name}: ${writers} writers for ${wroteFor} ms: ${appends} appends, ${acknowledged.size} events acknowledged, `
        + `${conflicts} conflicts retried; reader: ${pages} pages, ${received.length} events received (${ours.length} ours, `
        + `${new Set(ours.map((e) => e.eventId)).size} distinct), drained ${drainedAfter} ms after the writers stopped`);
      expect(tail.events).toEqual([]);
      expect(receivedIds.size).toBe(received.length);
      expect(new Set(ours.map((e) => e.eventId))).toEqual(acknowledged);
      let stored = 0;
      for (const id of [...own, ...shared]) {
        const inStream = await store.readStream(id);
        stored += inStream.length;
        expect(inStream.map((e) => e.revision)).toEqual(inStream.map((_, i) => i + 1));
        expect(received.filter((e) => e.streamId === id).map((e) => e.eventId)).toEqual(inStream.map((e) => e.eventId));
      }
      expect(stored).toBe(acknowledged.size);
      expect(acknowledged.size).toBeGreaterThan(100);
    }, (CONCURRENCY_SECONDS + 60) * 1000);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
