import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';
import type { SseMessage } from '../../../bench/sse-client';
import { connectSse } from '../../../bench/sse-client';
import { AS_ADMIN } from '../../../test/support/test-security';

type ProgressData = { fiscalYear: number; program: string; metric: string; progress: { total: number } };
const parse = (m: SseMessage) => JSON.parse(m.data) as ProgressData;
const visits = (m: SseMessage) => m.event === 'progress' && parse(m).program === 'welfare-to-work' && parse(m).metric === 'visits';

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
      const snapshot = await stream.next(visits);
      expect(parse(snapshot).progress.total).toBe(1);
      expect(snapshot.id).toMatch(/^\d+:\d+$/);

      await consult('2013-06-12T10:00:00+09:00');

      const live = await stream.next(visits);
      expect(parse(live)).toMatchObject({ fiscalYear: 2013, program: 'welfare-to-work', metric: 'visits', progress: { total: 2 } });
      expect(live.id).not.toBe(snapshot.id);
    } finally {
      stream.close();
    }
  });

  it('given a client that reconnects with the latest Last-Event-ID, then it gets no stale snapshot, only new changes', async () => {
    const first = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    const latest = await first.next(visits);
    first.close();

    const resumed = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, { ...AS_ADMIN, 'Last-Event-ID': latest.id! });
    try {
      await consult('2013-07-10T10:00:00+09:00');
      const next = await resumed.next(visits);
      expect(parse(next).progress.total).toBe(parse(latest).progress.total + 1);
    } finally {
      resumed.close();
    }
  });

  it('given a subscriber, when a rebuild takes over, then it gets every figure again from the new version', async () => {
    const stream = await connectSse(`${ayumi.projectionsUrl}/progress/stream?fiscalYear=2013`, AS_ADMIN);
    try {
      const snapshot = await stream.next(visits);
      await ayumi.projections().post('/projections/rebuild').expect(202);

      const again = await stream.next(visits, 15_000);
      expect(parse(again).progress.total).toBe(parse(snapshot).progress.total);
    } finally {
      stream.close();
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
