import { caseStreamId } from '@ayumi/events';
import type { TestDatabaseKind } from '../support/test-database';
import type { AppClient, Reply } from '../support/app-client';
import type { ListeningCaseService, RunningCaseService } from './support/in-process-case-service';
import { listenCaseService, startCaseServiceInProcess } from './support/in-process-case-service';

/**
 * Fault drill: 16 clients write to ONE case for 10 s, through two instances of case-service on the same
 * store (each keeps the streams it wrote last, so each is often behind the other's writes). Half of them write unconditionally (the service
 * decides again on the fresh state when it loses a race, up to 5 times, then answers 409); the other
 * half send If-Match with the revision they last saw (a stale one is a 409 at once), and re-read the
 * case after a 409. Only 201 and 409 may come back, and the stream must account for every 201.
 */

const CLIENTS = 16;
const SECONDS = 10;
const consultation = { program: 'employment-support', channel: 'phone', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt: '2013-05-01T10:00:00+09:00' };

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('fault drill: 16 clients contend for one case (%s)', (kind) => {
  let service: RunningCaseService;
  let secondInstance: ListeningCaseService;
  beforeAll(async () => {
    service = await startCaseServiceInProcess(kind);
    secondInstance = await listenCaseService(service.store, service.sql);
  });
  afterAll(async () => {
    await secondInstance?.app.close();
    await service?.close();
  });

  it(`given one open case, when 16 clients record consultations on it through two instances for ${SECONDS} s, then only 201 or 409, and its revision is 1 + the number of 201s`, async () => {
    const { client } = service;
    const instances = [service.client, secondInstance.client];
    const opened = await client.post('/cases', {
      clientRef: 'C-CONTENTION', ageBand: '25-29', agency: 'hello-work', programs: ['employment-support'], occurredAt: '2013-04-02T09:00:00+09:00',
      desiredConditions: { employmentType: 'part-time', jobCategories: ['care'] },
    });
    expect(opened.status).toBe(201);
    const { caseId } = opened.body as { caseId: string };
    const path = `/cases/${caseId}/consultations`;

    const answers: Reply[] = [];
    const ends = Date.now() + SECONDS * 1000;
    const unconditional = async (via: AppClient) => {
      while (Date.now() < ends) answers.push(await via.post(path, consultation));
    };
    const conditional = async (via: AppClient) => {
      let seen = 1;
      while (Date.now() < ends) {
        const reply = await via.post(path, consultation, { 'If-Match': `"${seen}"` });
        answers.push(reply);
        if (reply.status === 201) seen = (reply.body as { revision: number }).revision;
        else seen = ((await via.get(`/cases/${caseId}`)).body as { revision: number }).revision;
      }
    };
    // Clients 0, 1 on the first instance, 2, 3 on the second, …: each instance has both kinds of client.
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => {
      const via = instances[Math.floor(i / 2) % 2]!;
      return i % 2 === 0 ? unconditional(via) : conditional(via);
    }));

    const created = answers.filter((a) => a.status === 201);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => `${a.status} ${a.text.slice(0, 200)}`)).toEqual([]);
    expect(conflicts.filter((a) => !a.contentType.startsWith('application/problem+json') || !/^CONCURRENCY\./.test((a.body as { code: string }).code))
      .map((a) => a.text)).toEqual([]);
    expect(created.length).toBeGreaterThan(CLIENTS);

    // Revision 1 is CaseOpened; each 201 appended exactly one ConsultationHeld and answered the revision it
    // took, so the 201s hold the revisions 2 .. 1 + created.length, each once, and the stream ends there.
    const final = (await client.get(`/cases/${caseId}`)).body as { revision: number };
    expect(final.revision).toBe(1 + created.length);
    const revisions = created.map((a) => (a.body as { revision: number }).revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: created.length }, (_, i) => i + 2));
    const stream = await service.store.readStream(caseStreamId(caseId));
    expect(stream.map((e) => e.type)).toEqual(['CaseOpened', ...created.map(() => 'ConsultationHeld')]);
    console.log(`contention (${kind}): ${answers.length} answers in ${SECONDS} s — ${created.length} × 201, ${conflicts.length} × 409`);
  }, 60_000);
});
