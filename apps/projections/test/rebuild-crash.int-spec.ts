import { AS_ADMIN, TEST_ADMIN_TOKEN } from '../../../test/support/test-security';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { METRIC_CATALOG } from '@ayumi/domain';
import type { EventStore, StoredEvent } from '@ayumi/event-store';
import { createEventStore, parseStreamCursor } from '@ayumi/event-store';
import { TEST_DATABASE_URL } from '../../../test/support/test-database';
import { projectBatch } from '../src/read-models/project-batch';
import { PROJECTION_VERSIONS_DDL, PROJECTION_VERSIONS_TABLE, readModelDdl, readModelTables } from '../src/read-models/read-model-tables';
import type { GeneratedLog } from './support/log-generator';
import { appendLog, FISCAL_YEARS, generateLog } from './support/log-generator';
import type { ProgressReport } from './support/projections-process';
import type { AppProcess } from '../../../test/support/app-process';
import { build, freePort, ROOT } from '../../../test/support/app-process';
import { projectionsReport, startProjections } from './support/projections-process';
import { countersOf, expectSameReadModels, fiscalMonths, recomputeCounters, recomputeFromLog, sorted, sum } from './support/recount';
import type { Schema } from './support/schemas';
import { freshSchema, urlInSchema } from './support/schemas';

/**
 * Acceptance: the projections process killed with SIGKILL in the middle of a rebuild of at least
 * 200,000 events and restarted ends with counters equal to a from-scratch recomputation — and so
 * does a double delivery of the same events.
 *
 * The crash runs the BUILT app (dist/, rebuilt in beforeAll) as a child process on PostgreSQL, in a
 * schema of its own; the expected counters are recomputed here from the raw rows of `ayumi_events`
 * by the metric catalog, without the projection code.
 */

const REBUILD_CLI_JS = join(ROOT, 'dist/apps/projections/src/rebuild.cli.js');
const TIME_ZONE = 'Asia/Tokyo';
const runCli = promisify(execFile);

// ---------------------------------------------------------------------------------------------

describe('double delivery: projectBatch given the same events again', () => {
  let schema: Schema;
  let store: EventStore;
  let log: GeneratedLog;
  let events: StoredEvent[];
  const BATCH = 500;
  const tables = (version: number) => readModelTables(version);

  beforeAll(async () => {
    schema = await freshSchema('dd');
    store = await createEventStore(schema.sql);
    log = generateLog(400, 20, 7);
    await appendLog(store, log);
    // The generator keeps each stream in time order, as the case-service would have accepted it.
    const [backwards] = await schema.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ayumi_events a JOIN ayumi_events b ON b.stream_id = a.stream_id AND b.revision = a.revision + 1
       WHERE (b.data->>'occurredAt')::timestamptz < (a.data->>'occurredAt')::timestamptz
          OR (a.data->>'occurredAt')::timestamptz NOT BETWEEN '2012-04-01T00:00:00+09:00' AND '2015-03-31T23:59:59+09:00'`);
    expect(backwards!.n).toBe(0);
    events = [];
    for (let position: string | null = null; ;) {
      const page = await store.readAll(position, 1000);
      if (page.events.length === 0) break;
      events.push(...page.events);
      position = page.position;
    }
    for (const version of [1, 2, 3, 4, 5, 6]) {
      await schema.sql.transaction(async (tx) => {
        for (const statement of readModelDdl(tables(version))) await tx.query(statement);
      });
    }
  });
  afterAll(async () => {
    await schema?.drop();
  });

  const batches = (step: number, size: number) =>
    Array.from({ length: Math.ceil(events.length / step) }, (_, i) => events.slice(i * step, i * step + size)).filter((b) => b.length > 0);

  it('given every batch delivered once, then the counters equal a recomputation from scratch', async () => {
    expect(events).toHaveLength(log.eventCount);
    for (const batch of batches(BATCH, BATCH)) {
      const outcome = await schema.sql.transaction((tx) => projectBatch(tx, tables(1), batch, TIME_ZONE));
      expect(outcome).toMatchObject({ applied: batch.length, duplicates: 0, malformed: [] });
    }
    const expected = recomputeCounters(events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> })));
    expect(sum(expected)).toBeGreaterThan(log.cases * 5);
    expect(sorted(await countersOf(schema.sql, tables(1)))).toEqual(sorted(expected));
    const [caseloads] = await schema.sql.query<{ open: number; closed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'closed')::int AS closed FROM ${tables(1).caseloads}`);
    expect(caseloads).toEqual({ open: log.cases - log.closedCases, closed: log.closedCases });
  });

  it('given each batch delivered twice in one transaction, then the second delivery changes nothing', async () => {
    for (const batch of batches(BATCH, BATCH)) {
      const again = await schema.sql.transaction(async (tx) => {
        await projectBatch(tx, tables(2), batch, TIME_ZONE);
        return projectBatch(tx, tables(2), batch, TIME_ZONE);
      });
      expect(again).toMatchObject({ applied: 0, duplicates: batch.length, changed: [], changedTargetYears: [] });
    }
    await expectSameReadModels(schema.sql, tables(1), tables(2));
  });

  it('given each batch redelivered after its commit (a lost acknowledgement), then the read models equal a single delivery', async () => {
    for (const batch of batches(BATCH, BATCH)) {
      await schema.sql.transaction((tx) => projectBatch(tx, tables(3), batch, TIME_ZONE));
      const again = await schema.sql.transaction((tx) => projectBatch(tx, tables(3), batch, TIME_ZONE));
      expect(again).toMatchObject({ applied: 0, duplicates: batch.length });
    }
    // And the whole log once more from the start, as a reader that lost its checkpoint would.
    for (const batch of batches(BATCH * 2, BATCH * 2)) {
      await schema.sql.transaction((tx) => projectBatch(tx, tables(3), batch, TIME_ZONE));
    }
    await expectSameReadModels(schema.sql, tables(1), tables(3));
  });

  it('given overlapping batches (each event delivered twice, half-new half-seen), then the read models equal a single delivery', async () => {
    let applied = 0;
    for (const batch of batches(BATCH / 2, BATCH)) {
      applied += (await schema.sql.transaction((tx) => projectBatch(tx, tables(4), batch, TIME_ZONE))).applied;
    }
    expect(applied).toBe(events.length);
    await expectSameReadModels(schema.sql, tables(1), tables(4));
  });

  it('given stored events dated at instants PostgreSQL cannot hold (offset +16:00, year 0000), then they are reported malformed and the rest of the batch applies', async () => {
    const opened = events.find((e) => e.type === 'CaseOpened')!;
    const unstorable = ['2013-05-08T10:00:00+16:00', '0000-05-08T10:00:00+09:00'].map((occurredAt, i): StoredEvent => ({
      ...opened, streamId: `case-unstorable-${i}`, eventId: randomUUID(), revision: 1, data: { ...(opened.data as Record<string, unknown>), caseId: `unstorable-${i}`, occurredAt },
    }));

    const outcome = await schema.sql.transaction((tx) => projectBatch(tx, tables(5), [...unstorable, ...events.slice(0, 100)], TIME_ZONE));

    expect(outcome.malformed.map((m) => m.eventId)).toEqual(unstorable.map((e) => e.eventId));
    expect(outcome.applied).toBe(100);
  });

  it('given a slow delivery of a case\'s events overlapped by a newer delivery (a Kafka rebalance), then the newer events are not overwritten', async () => {
    const opened = events.find((e) => e.type === 'CaseOpened')!;
    const caseId = 'overlapped';
    const event = (revision: number, type: string, data: Record<string, unknown>): StoredEvent => ({
      ...opened, streamId: `case-${caseId}`, eventId: randomUUID(), revision, type,
      data: { caseId, occurredAt: `2013-05-0${revision}T10:00:00+09:00`, ...data },
    });
    const [intake, assigned, closed] = [
      event(1, 'CaseOpened', { ageBand: '55-59', programs: ['welfare-to-work'] }),
      event(2, 'NavigatorAssigned', { navigatorId: 'nav-07' }),
      event(3, 'CaseClosed', { reason: 'moved' }),
    ];
    const deliver = (batch: StoredEvent[], tx: Parameters<typeof projectBatch>[0]) => projectBatch(tx, tables(6), batch, TIME_ZONE, { lockStreams: true });
    await schema.sql.transaction((tx) => deliver([intake], tx));

    // The old owner reads, then stalls before its writes; the new owner delivers from the last committed offset meanwhile.
    let resume = () => undefined as void;
    const stalled = new Promise<void>((resolve) => { resume = resolve; });
    const older = schema.sql.transaction((tx) => deliver([assigned], {
      query: async (sql, params) => {
        if (sql.includes(`INSERT INTO ${tables(6).caseloads}`)) await stalled;
        return tx.query(sql, params);
      },
    }));
    await new Promise((r) => setTimeout(r, 200));
    const newer = schema.sql.transaction((tx) => deliver([assigned, closed], tx));
    await new Promise((r) => setTimeout(r, 300));
    resume();
    await Promise.all([older, newer]);

    expect(await schema.sql.query(`SELECT navigator_id, status FROM ${tables(6).caseloads} WHERE case_id = $1`, [caseId]))
      .toEqual([{ navigator_id: 'nav-07', status: 'closed' }]);
    expect(await schema.sql.query(`SELECT revision FROM ${tables(6).streamRevisions} WHERE stream_id = $1`, [`case-${caseId}`])).toEqual([{ revision: 3 }]);
  });
});

describe('a rebuild of ≥ 200,000 events whose projections process is SIGKILLed midway', () => {
  const CASES = 10_000;
  const EMPLOYERS = 200;
  let schema: Schema;
  let log: GeneratedLog;
  let eventCount = 0;
  const processes: AppProcess[] = [];
  const timings: Record<string, string> = {};
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  const start = async () => {
    const app = await startProjections(urlInSchema(TEST_DATABASE_URL, schema.name));
    processes.push(app);
    return app;
  };

  beforeAll(async () => {
    let since = performance.now();
    await build();
    timings['npm run build'] = seconds(since);

    schema = await freshSchema('crash');
    const store = await createEventStore(schema.sql);
    since = performance.now();
    log = generateLog(CASES, EMPLOYERS, 2013);
    timings['generate events'] = seconds(since);
    const written = await appendLog(store, log);
    eventCount = await store.countEvents();
    timings['append through SqlEventStore'] = `${written.toFixed(1)} s (${Math.round(eventCount / written).toLocaleString('en-US')} ev/s, ${log.phases.flat().length.toLocaleString('en-US')} appends)`;
    expect(eventCount).toBe(log.eventCount);
    expect(eventCount).toBeGreaterThanOrEqual(200_000);
    // Version 1 follows the log in its order, as one made before the log grew: the rebuilt version,
    // filled stream by stream, is then compared with read models built the other way.
    for (const statement of PROJECTION_VERSIONS_DDL) await schema.sql.query(statement);
    await schema.sql.query(`INSERT INTO ${PROJECTION_VERSIONS_TABLE} (version, status, activated_at) VALUES (1, 'active', now())`);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await schema?.drop();
    console.log(`rebuild-crash: ${eventCount.toLocaleString('en-US')} events\n${Object.entries(timings).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  }, 60_000);

  it('given a SIGKILL in the middle of the rebuild (20% to 80%) and a restart, then the rebuilt version ends with counters equal to a from-scratch recomputation', async () => {
    // Version 1 catches up with the whole log.
    let since = performance.now();
    const first = await start();
    timings['start (to /health)'] = seconds(since);
    expect((await projectionsReport(first)).logEvents).toBe(eventCount); // the app reads this test's schema
    await first.until('version 1 has projected the whole log', 240_000, async () => {
      const { versions } = await projectionsReport(first);
      return versions.find((v) => v.version === 1 && v.status === 'active' && v.eventsProcessed === eventCount);
    }, 250);
    timings['version 1 catch-up'] = seconds(since);

    // A rebuild starts; the process is killed in its middle.
    since = performance.now();
    const response = await fetch(`${first.url}/projections/rebuild`, { method: 'POST', headers: AS_ADMIN });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ version: 2, status: 'building' });
    const seen = await first.until('version 2 has projected 45% of the log', 120_000, async () => {
      const v2 = (await projectionsReport(first)).versions.find((v) => v.version === 2)!;
      if (v2.status !== 'building' || v2.eventsProcessed > 0.8 * eventCount) {
        throw new Error(`The rebuild went past 80% (${v2.eventsProcessed}/${eventCount}, ${v2.status}) between two polls`);
      }
      // Aim at the middle: the first poll at or past 45% kills (a batch is 1,000 events, a poll 20 ms).
      if (v2.eventsProcessed < 0.45 * eventCount) return undefined;
      first.child.kill('SIGKILL');
      return v2;
    }, 20);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    timings['rebuild until SIGKILL'] = `${seconds(since)} (seen at ${seen.eventsProcessed.toLocaleString('en-US')} events)`;

    // What the dead process left: version 2 half filled up to the head of the log when the rebuild
    // began (no checkpoint yet), its tables exactly at its cursor.
    type Row = { version: number; status: string; checkpoint: string | null; fill_horizon: string; fill_cursor: string; events_processed: number };
    const [v1, v2] = await schema.sql.query<Row>(
      `SELECT version, status, checkpoint, fill_horizon, fill_cursor, events_processed::int FROM ${PROJECTION_VERSIONS_TABLE} ORDER BY version`);
    expect(v1).toMatchObject({ version: 1, status: 'active', events_processed: eventCount });
    const [last] = await schema.sql.query<{ position: string }>(
      "SELECT tx_id::text || ':' || position::text AS position FROM ayumi_events ORDER BY tx_id DESC, position DESC LIMIT 1");
    expect(v2).toMatchObject({ version: 2, status: 'building', checkpoint: null, fill_horizon: last!.position });
    expect(v2!.events_processed).toBeGreaterThanOrEqual(0.2 * eventCount);
    expect(v2!.events_processed).toBeLessThan(0.85 * eventCount);
    const cursor = parseStreamCursor(v2!.fill_cursor)!;
    const [upToCursor] = await schema.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ayumi_events WHERE (stream_id, revision) <= ($1, $2)', [cursor.streamId, cursor.revision]);
    expect(upToCursor!.n).toBe(v2!.events_processed);
    const [revisions] = await schema.sql.query<{ n: number }>(`SELECT coalesce(sum(revision), 0)::int AS n FROM ${readModelTables(2).streamRevisions}`);
    expect(revisions!.n).toBe(v2!.events_processed);
    timings['killed at'] = `${v2!.events_processed.toLocaleString('en-US')} of ${eventCount.toLocaleString('en-US')} events (${Math.round((100 * v2!.events_processed) / eventCount)}%)`;

    // Restarted, it resumes version 2 from its checkpoint and switches reads to it.
    since = performance.now();
    const second = await start();
    const rebuilt = await second.until('version 2 is active and caught up', 240_000, async () => {
      const { versions } = await projectionsReport(second);
      return versions.length === 1 && versions[0]!.version === 2 && versions[0]!.status === 'active' && versions[0]!.eventsProcessed >= eventCount
        ? versions[0] : undefined;
    }, 250);
    timings['restart until version 2 active'] = seconds(since);
    // Every event counted exactly once across the crash: nothing replayed into events_processed twice.
    expect(rebuilt).toMatchObject({ eventsProcessed: eventCount, malformedEvents: 0 });

    // The counters equal a recomputation from the raw log ...
    since = performance.now();
    const expected = await recomputeFromLog(schema.sql);
    timings['recompute from scratch'] = seconds(since);
    expect(sum(expected)).toBeGreaterThan(CASES * 8);
    expect(sorted(await countersOf(schema.sql, readModelTables(2)))).toEqual(sorted(expected));

    // ... and so do the figures GET /progress serves, with the targets of the plans.
    for (const fiscalYear of FISCAL_YEARS) {
      const report = await second.getJson<ProgressReport>(`/progress?fiscalYear=${fiscalYear}&asOf=${fiscalYear + 1}-03-31`);
      for (const d of METRIC_CATALOG) {
        const figures = report.programs[d.program]![d.metric]!;
        const byMonth = Object.fromEntries(fiscalMonths(fiscalYear).map((m) => [m, expected[`${d.program}/${d.metric}/${m}`] ?? 0]));
        expect({ [`${fiscalYear} ${d.program}/${d.metric}`]: figures.byMonth }).toEqual({ [`${fiscalYear} ${d.program}/${d.metric}`]: byMonth });
        expect(figures.total).toBe(sum(byMonth));
        expect(figures.target).toBe(log.targets[fiscalYear]![`${d.program}/${d.metric}`] ?? null);
        expect(figures.previousYear.total).toBe(fiscalMonths(fiscalYear - 1).reduce((n, m) => n + (expected[`${d.program}/${d.metric}/${m}`] ?? 0), 0));
        for (const name of Object.keys(d.breakdown)) {
          const part = Object.fromEntries(fiscalMonths(fiscalYear).map((m) => [m, expected[`${d.program}/${d.metric}#${name}/${m}`] ?? 0]));
          expect(figures.breakdown[name]!.byMonth).toEqual(part);
        }
      }
    }

    // The rebuilt read models hold the very rows version 1 built without a crash (retired, still readable until the next start).
    await expectSameReadModels(schema.sql, readModelTables(1), readModelTables(2));
    const [caseloads] = await schema.sql.query<{ open: number; closed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'closed')::int AS closed FROM ${readModelTables(2).caseloads}`);
    expect(caseloads).toEqual({ open: CASES - log.closedCases, closed: log.closedCases });
  }, 480_000);

  it('given the running service, when `npm run rebuild` is run, then it ends once the new version is active; without a service it fails clearly', async () => {
    const app = processes.at(-1)!;
    expect(app.running).toBe(true);
    const since = performance.now();
    const { stderr } = await runCli(process.execPath, [REBUILD_CLI_JS, '--url', app.url],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, AYUMI_TOKEN: TEST_ADMIN_TOKEN } });
    timings['npm run rebuild (version 3)'] = seconds(since);
    expect(stderr).toMatch(/Version 3 is active/);
    expect(stderr).toMatch(/\] 100% /);
    const { versions } = await projectionsReport(app);
    expect(versions).toEqual([expect.objectContaining({ version: 3, status: 'active', eventsProcessed: eventCount })]);
    expect(sorted(await countersOf(schema.sql, readModelTables(3)))).toEqual(sorted(await countersOf(schema.sql, readModelTables(2))));

    const closedPort = await freePort();
    const failed = await runCli(process.execPath, [REBUILD_CLI_JS, '--url', `http://127.0.0.1:${closedPort}`], { cwd: ROOT }).then(
      () => null, (error: { code?: number; stderr?: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect(failed!.stderr).toMatch(/Cannot reach the projections service at http:\/\/127\.0\.0\.1:\d+/);
  }, 240_000);
});
