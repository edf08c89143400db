import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '@ayumi/platform';
import { loadConfig, openStorage } from '@ayumi/platform';
import { createSqlClient } from '@ayumi/sql';
import type { INestApplication } from '@nestjs/common';
import { createProjectionsApp } from '../../apps/projections/src/projections.app';
import { ProjectionRunner } from '../../apps/projections/src/read-models/projection-runner';
import { openTestSecurity } from '../support/test-security';
import { sleep } from '../support/app-process';
import type { Reply } from '../support/app-client';
import { appClient } from '../support/app-client';
import { DisposablePostgres } from './support/disposable-postgres';
import type { ListeningCaseService } from './support/in-process-case-service';
import { listenCaseService } from './support/in-process-case-service';

/**
 * Fault drill: the PostgreSQL server under case-service and the projections crashes (`pg_ctl stop -m
 * immediate`) during a write load and comes back 3 s later. The server is the test's own (initdb into a temp folder, its
 * own port), so it can be killed without touching anyone else's database.
 *
 * The clients are supervisors with tokens issued by the service (checked against the database on
 * every request, unlike the bootstrap admin's). They retry a refused command with the same
 * Idempotency-Key, as a well-behaved client would, so every command ends with a 201 and "exactly once" can be checked against the log: a command whose
 * COMMIT reached the server just before the crash, but whose answer was lost, must not be written twice.
 */

const WORKERS = 8;
const OUTAGE_MS = 3_000;
const consultation = { program: 'employment-support', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt: '2013-05-01T10:00:00+09:00' };

type Phase = 'before' | 'outage' | 'after';
type Attempt = Readonly<{ phase: Phase; reply: Reply }>;

async function until(what: string, timeoutMs: number, condition: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

describe('fault drill: the database server crashes under a write load and comes back', () => {
  let postgres: DisposablePostgres | undefined;
  let storage: Storage | undefined;
  let service: ListeningCaseService | undefined;
  let projections: INestApplication | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ayumi-outage-'));

  beforeAll(async () => {
    postgres = await DisposablePostgres.create();
    storage = await openStorage(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, DATA_DIR: dataDir }));
    // Not logged: the drill provokes hundreds of 503s on purpose, and asserts every answer.
    service = await listenCaseService(storage.eventStore, storage.readModels, false);
    projections = await createProjectionsApp({
      eventStore: storage.eventStore, readModels: storage.readModels, security: await openTestSecurity(storage.readModels),
      options: { timeZone: 'Asia/Tokyo', batchSize: 100, pollIntervalMs: 200 },
    }, { logger: false });
    await projections.init();
  }, 120_000);

  afterAll(async () => {
    try {
      await service?.app.close();
      await projections?.close();
      await storage?.close();
    } finally {
      await postgres?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('given 8 clients writing, when the server crashes for 3 s and restarts, then 503 with Retry-After meanwhile (never a 500), recovery without a restart, and every 201 exactly once in the log', async () => {
    const issued = await service!.client.post('/tokens', { userId: 'drill-supervisor', role: 'supervisor' });
    expect(issued.status).toBe(201);
    const client = appClient(service!.client.url, (issued.body as { token: string }).token);
    const caseIds: string[] = [];
    for (let w = 0; w < WORKERS; w += 1) {
      const opened = await client.post('/cases', {
        clientRef: `C-OUTAGE-${w}`, ageBand: '40-44', agency: 'ward', programs: ['employment-support'], occurredAt: '2013-04-10T09:00:00+09:00',
        desiredConditions: { employmentType: 'full-time', jobCategories: ['office'] },
      });
      expect(opened.status).toBe(201);
      caseIds.push((opened.body as { caseId: string }).caseId);
    }

    // Each worker records consultations on its own case; a 503 is retried with the same key until it is a 201.
    let phase: Phase = 'before';
    let stopping = false;
    const giveUpAt = Date.now() + 90_000;
    const attempts: Attempt[] = [];
    const accepted: { key: string; consultationId: string; phase: Phase }[] = [];
    const abandoned: string[] = [];
    const worker = async (w: number) => {
      for (let n = 0; !stopping; n += 1) {
        const key = `outage-${w}-${n}`;
        for (;;) {
          const reply = await client.post(`/cases/${caseIds[w]}/consultations`, consultation, { 'Idempotency-Key': key });
          attempts.push({ phase, reply });
          if (reply.status === 201) {
            accepted.push({ key, consultationId: (reply.body as { consultationId: string }).consultationId, phase });
            break;
          }
          if (reply.status !== 503 || Date.now() > giveUpAt) {
            abandoned.push(key);
            break;
          }
          await sleep(50); // sooner than Retry-After: the drill wants load during the outage
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    const refusedDuringOutage = () => attempts.filter((a) => a.phase === 'outage' && a.reply.status === 503).length;
    const failedDuringOutage = () => attempts.filter((a) => a.phase === 'outage' && a.reply.status !== 201).length;
    let healthDuringOutage: Reply | undefined;
    let recoveryMs: number | undefined;
    try {
      await until('100 commands are accepted', 30_000, () => accepted.length >= 100);

      phase = 'outage';
      await postgres!.stop('immediate');
      await until('the clients have been turned away 50 times', 30_000, () => failedDuringOutage() >= 50);
      healthDuringOutage = await client.get('/health');
      await sleep(OUTAGE_MS);

      await postgres!.start();
      phase = 'after';
      const acceptedBefore = accepted.length;
      recoveryMs = await until('commands are accepted again after the restart', 30_000, () => accepted.some((a) => a.phase === 'after'));
      await until('200 more commands are accepted', 30_000, () => accepted.length >= acceptedBefore + 200);
    } finally {
      stopping = true;
      await Promise.all(workers);
    }

    // During the outage: 503 problem+json with Retry-After; at no time anything but 201 or 503.
    const unexpected = attempts.filter((a) => a.reply.status !== 201 && a.reply.status !== 503);
    expect({ count: unexpected.length, first: unexpected.slice(0, 5).map((a) => `${a.phase}: ${a.reply.status} ${a.reply.text.slice(0, 200)}`) })
      .toEqual({ count: 0, first: [] });
    const refused = attempts.filter((a) => a.reply.status === 503);
    expect(refusedDuringOutage()).toBeGreaterThanOrEqual(50);
    expect(refused.filter((a) => !/^\d+$/.test(a.reply.retryAfter ?? '') || !a.reply.contentType.startsWith('application/problem+json')
      || (a.reply.body as { code?: string }).code !== 'STORE.UNAVAILABLE').map((a) => a.reply.text)).toEqual([]);
    expect(healthDuringOutage?.status).toBe(503);

    // After the restart: the same app answers again, without being restarted.
    expect(recoveryMs).toBeGreaterThanOrEqual(0); // the first 201 after the restart, in ms
    expect(abandoned).toEqual([]);
    expect((await client.get('/health')).status).toBe(200);

    // The projections, in the same process all along, catch up with the whole log without a restart.
    const runner = projections!.get(ProjectionRunner);
    const logEvents = await storage!.eventStore.countEvents();
    const active = async () => (await runner.versions()).find((v) => v.status === 'active')!;
    await until('the projections have applied the whole log', 30_000, async () => (await active()).eventsProcessed >= logEvents);
    expect((await active()).eventsProcessed).toBe(logEvents);

    // Every accepted command is in the log exactly once, and nothing else is.
    const sql = await createSqlClient({ kind: 'postgres', url: postgres!.url, poolSize: 1 });
    try {
      const rows = await sql.query<{ consultation_id: string; copies: number }>(
        "SELECT data->>'consultationId' AS consultation_id, count(*)::int AS copies FROM ayumi_events WHERE type = 'ConsultationHeld' GROUP BY 1");
      const copies = new Map(rows.map((r) => [r.consultation_id, r.copies]));
      expect(accepted.filter((a) => copies.get(a.consultationId) !== 1).map((a) => `${a.key}: ${copies.get(a.consultationId) ?? 0} copies`)).toEqual([]);
      expect(rows.length).toBe(accepted.length);
      expect(new Set(accepted.map((a) => a.consultationId)).size).toBe(accepted.length);
    } finally {
      await sql.close();
    }
    console.log(`database outage: ${accepted.length} commands accepted, ${refused.length} answers 503 (${refusedDuringOutage()} during the outage), `
      + `first 201 ${recoveryMs} ms after the server was back`);
  }, 180_000);
});
