import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';
import type { SseConnection, SseMessage } from '../../../bench/sse-client';
import { connectSse } from '../../../bench/sse-client';
import { AS_ADMIN } from '../../../test/support/test-security';

type ProgressData = { fiscalYear: number; program: string; metric: string; progress: { total: number } };
const parse = (m: SseMessage) => JSON.parse(m.data) as ProgressData;
const visits = (m: SseMessage) => m.event === 'progress' && parse(m).program === 'welfare-to-work' && parse(m).metric === 'visits';
const ID = /^\d+\/\d+:\d+$/;

/** The messages of one burst (a snapshot, or one change), up to the last, which alone carries the id. */
async function burst(stream: SseConnection): Promise<SseMessage[]> {
  const messages = [await stream.next(() => true)];
  while (messages.at(-1)!.id === null) messages.push(await stream.next(() => true));
  return messages;
}

describe('live progress over Server-Sent Events', () => {
  let ayumi: AyumiHarness;
  let caseId: string;
  const consult = (occurredAt: string) => ayumi.caseService().post(`/cases/${caseId}/consultations`)
    .send({ program: 'welfare-to-work', channel: 'phone', kind: 'job-consultation', navigatorId: 'nav-07', occurredAt }).expect(201);

  beforeAll(async () => {
    ayumi = await startAyumi('pglite');
    caseId = (await ayumi.caseService().post('/cases').send({
      clientRef: 'C-0042', ageBand: '55-59', agency: 'hello-work', programs: ['welfare-to-work'], occurredAt: '2013-05-08T10:00:00+09:00',
      desiredConditions: { employmentType: 'full-time', jobCategories: ['restaurant'] },
    }).expect(201)).body.caseId;
    await consult('2013-05-15T10:00:00+09:00');
    await ayumi.caughtUp();
  });
  afterAll(() => ayumi.close());

  it('given a subscriber, when a consultation is accepted, then a message carries the new count', async () => {
    const stream = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    try {
      const snapshot = await burst(stream);
      expect(parse(snapshot.find(visits)!).progress.total).toBe(1);
      expect(snapshot.at(-1)!.id).toMatch(ID);

      await consult('2013-06-12T10:00:00+09:00');

      const live = await stream.next(visits);
      expect(parse(live)).toMatchObject({ fiscalYear: 2013, program: 'welfare-to-work', metric: 'visits', progress: { total: 2 } });
      expect(live.id).toMatch(ID);
      expect(live.id).not.toBe(snapshot.at(-1)!.id);
    } finally {
      stream.close();
    }
  });

  it('given a client that reconnects with the latest Last-Event-ID, then it gets no stale snapshot, only new changes', async () => {
    const first = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    const snapshot = await burst(first);
    first.close();

    const resumed = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, { ...AS_ADMIN, 'Last-Event-ID': snapshot.at(-1)!.id! });
    try {
      await consult('2013-07-10T10:00:00+09:00');
      const next = await resumed.next(visits);
      expect(parse(next).progress.total).toBe(parse(snapshot.find(visits)!).progress.total + 1);
    } finally {
      resumed.close();
    }
  });

  it('given a client cut off in the middle of a burst, then its Last-Event-ID is from before the burst and it gets the figures again', async () => {
    const stream = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    let cutOffAfter: SseMessage;
    try {
      const snapshot = await burst(stream);
      // New targets change every figure of the year: one burst of a message per counter.
      await ayumi.caseService().put('/plans/2013').send({ targets: [{ program: 'welfare-to-work', metric: 'visits', period: 'month', target: 90 }] }).expect(200);
      const change = await burst(stream);
      expect(change.length).toBeGreaterThan(1);
      cutOffAfter = change[0]!;
      expect(cutOffAfter.lastEventId).toBe(snapshot.at(-1)!.id);
    } finally {
      stream.close();
    }

    const resumed = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, { ...AS_ADMIN, 'Last-Event-ID': cutOffAfter.lastEventId! });
    try {
      expect(parse(await resumed.next(visits)).progress).toMatchObject({ target: 90 });
    } finally {
      resumed.close();
    }
  });

  it('given a subscriber, when a rebuild takes over, then it gets every figure again, and an id from before the switch is not current', async () => {
    const stream = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    let before: SseMessage[];
    try {
      before = await burst(stream);
      await ayumi.projections().post('/projections/rebuild').expect(202);

      const again = await burst(stream);
      expect(parse(again.find(visits)!).progress.total).toBe(parse(before.find(visits)!).progress.total);
      // The same log position, counted by another version.
      const [oldVersion, oldPosition] = before.at(-1)!.id!.split('/');
      expect(again.at(-1)!.id).toBe(`${Number(oldVersion) + 1}/${oldPosition}`);
    } finally {
      stream.close();
    }

    const resumed = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, { ...AS_ADMIN, 'Last-Event-ID': before.at(-1)!.id! });
    try {
      expect(parse(await resumed.next(visits)).progress.total).toBe(parse(before.find(visits)!).progress.total);
    } finally {
      resumed.close();
    }
  });

  it('given a client that reconnects with an old Last-Event-ID, then it first gets the current figures', async () => {
    const stream = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, { ...AS_ADMIN, 'Last-Event-ID': '0:0' });
    try {
      expect(parse(await stream.next(visits)).progress.total).toBe(3);
    } finally {
      stream.close();
    }
  });
});
