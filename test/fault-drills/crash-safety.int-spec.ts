import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRIC_CATALOG } from '@ayumi/domain';
import { caseStreamId } from '@ayumi/events';
import type { Schema } from '../../apps/projections/test/support/schemas';
import { freshSchema, urlInSchema } from '../../apps/projections/test/support/schemas';
import { TEST_DATABASE_URL } from '../support/test-database';
import type { AppClient } from '../support/app-client';
import { AppProcess, build, sleep } from '../support/app-process';
import { eventsByCorrelationId, isWholeCommand, streamsWithGaps } from './support/command-rows';

/**
 * Fault drill: the BUILT case-service, a child process on PostgreSQL, is killed with SIGKILL in the
 * middle of a write load. Half the commands append one event (a consultation), half append five at
 * once (a business plan whose five targets all change), so a half-written command would show.
 *
 * Each request carries its own X-Correlation-Id, stored in every event it writes. After the kill:
 * every answered command is in the log whole (exactly its events, consecutive in one stream); every
 * command in flight at the kill is whole or absent; nothing else is there.
 */

const WORKERS = 8;
const consultation = { program: 'employment-support', channel: 'online', kind: 'job-consultation', navigatorId: 'nav-03', occurredAt: '2013-06-01T10:00:00+09:00' };
/** Every target of the catalog, all different between the two variants: revising a plan appends one event per target. */
const plan = (variant: number) => ({
  targets: METRIC_CATALOG.map((d, i) => ({ program: d.program, metric: d.metric, period: d.period, target: 100 * (i + 1) + variant })),
});

type Sent = Readonly<{ correlationId: string; events: number; status: number | 'no answer' }>;

describe('fault drill: case-service is SIGKILLed under a write load', () => {
  let schema: Schema | undefined;
  const processes: AppProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ayumi-crash-'));
  const start = async () => {
    const service = await AppProcess.start('case-service', { EVENT_STORE: 'postgres', DATABASE_URL: urlInSchema(TEST_DATABASE_URL, schema!.name), DATA_DIR: dataDir });
    processes.push(service);
    return service;
  };

  beforeAll(async () => {
    await build();
    schema = await freshSchema('crash_drill');
  }, 180_000);

  afterAll(async () => {
    try {
      await Promise.all(processes.map((p) => p.kill()));
    } finally {
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('given 8 clients writing 1- and 5-event commands, when the process is SIGKILLed, then every answered command is whole in the log and none is half-written', async () => {
    const service = await start();
    const setUp = new Set<string>();
    const caseIds: string[] = [];
    for (let w = 0; w < WORKERS; w += 1) {
      const correlationId = `crash-setup-${w}`;
      setUp.add(correlationId);
      const opened = await service.client.post('/cases', {
        clientRef: `C-CRASH-${w}`, ageBand: '50-54', agency: 'ward', programs: ['employment-support'], occurredAt: '2013-04-03T09:00:00+09:00',
        desiredConditions: { employmentType: 'full-time', jobCategories: ['logistics'] },
      }, { 'X-Correlation-Id': correlationId });
      expect(opened.status).toBe(201);
      caseIds.push((opened.body as { caseId: string }).caseId);
    }

    const sent: Sent[] = [];
    const send = async (client: AppClient, w: number, n: number): Promise<boolean> => {
      const correlationId = `crash-${w}-${n}`;
      const headers = { 'X-Correlation-Id': correlationId };
      // Even steps: a consultation (1 event). Odd steps: this worker's plan — adopted first (1 event), then all 5 targets revised.
      const [events, request] = n % 2 === 0
        ? [1, () => client.post(`/cases/${caseIds[w]}/consultations`, consultation, headers)]
        : [n === 1 ? 1 : METRIC_CATALOG.length, () => client.request('PUT', `/plans/${2000 + w}`, { json: plan(n % 4), headers })];
      try {
        const reply = await request();
        sent.push({ correlationId, events, status: reply.status });
        return true;
      } catch {
        sent.push({ correlationId, events, status: 'no answer' });
        return false;
      }
    };
    const workers = caseIds.map(async (_, w) => {
      let n = 0;
      while (await send(service.client, w, n)) n += 1;
    });

    // Killed at a moment the test does not choose precisely, with every worker's command in flight.
    const deadline = Date.now() + 60_000;
    while (sent.filter((s) => s.status !== 'no answer').length < 400) {
      if (Date.now() > deadline || !service.running) throw new Error(`The load did not get going:\n${service.output()}`);
      await sleep(10);
    }
    await sleep(Math.random() * 200);
    service.child.kill('SIGKILL');
    await service.exited;
    await Promise.all(workers);
    expect(service.child.signalCode).toBe('SIGKILL');

    const answered = sent.filter((s) => s.status !== 'no answer');
    const inFlight = sent.filter((s) => s.status === 'no answer');
    expect(answered.filter((s) => s.status !== 200 && s.status !== 201).map((s) => `${s.correlationId}: ${s.status}`)).toEqual([]);
    expect(inFlight.length).toBe(WORKERS);

    const rows = await eventsByCorrelationId(schema!.sql);
    const explain = (s: Sent) => `${s.correlationId} (${s.events} events expected): ${JSON.stringify(rows.get(s.correlationId) ?? 'absent')}`;
    // Every answered command is in the log, whole.
    expect(answered.filter((s) => !rows.has(s.correlationId) || !isWholeCommand(rows.get(s.correlationId)!, s.events)).map(explain)).toEqual([]);
    // A command the kill interrupted is all there or not there at all.
    expect(inFlight.filter((s) => rows.has(s.correlationId) && !isWholeCommand(rows.get(s.correlationId)!, s.events)).map(explain)).toEqual([]);
    // Nothing else was written, and no stream has a gap.
    const known = new Set([...setUp, ...sent.map((s) => s.correlationId)]);
    expect([...rows.keys()].filter((id) => !known.has(id))).toEqual([]);
    expect(await streamsWithGaps(schema!.sql)).toEqual([]);
    expect(answered.filter((s) => s.events === METRIC_CATALOG.length).length).toBeGreaterThan(50);

    // Started again on the same database, the service carries on where the log is.
    const restarted = await start();
    const next = await restarted.client.post(`/cases/${caseIds[0]}/consultations`, consultation);
    expect(next.status).toBe(201);
    const before = [...rows.values()].filter((r) => r.streamIds[0] === caseStreamId(caseIds[0]!)).reduce((n, r) => Math.max(n, r.maxRevision), 0);
    expect((next.body as { revision: number }).revision).toBe(before + 1);
    console.log(`crash safety: SIGKILL after ${answered.length} answered commands; ${inFlight.filter((s) => rows.has(s.correlationId)).length} of ${inFlight.length} in flight had committed`);
  }, 180_000);
});
