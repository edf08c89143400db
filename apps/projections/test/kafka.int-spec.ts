import type { INestApplication } from '@nestjs/common';
import type { SqlEventStore, StoredEvent } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import { CASE_EVENTS_TOPIC, GOAL_PROGRESS_TOPIC } from '@ayumi/messaging';
import request from 'supertest';
import type { KafkaForTests, KcatRecord } from '../../../test/support/kafka-mock';
import { headersOf, readTopic, startKafka } from '../../../test/support/kafka-mock';
import { TEST_DATABASE_URL } from '../../../test/support/test-database';
import { AS_ADMIN, openTestSecurity, TEST_SECURITY_ENV } from '../../../test/support/test-security';
import { createCaseServiceApp } from '../../case-service/src/case-service.app';
import type { ProjectionOptions } from '../src/projection.tokens';
import { createProjectionsApp } from '../src/projections.app';
import { ProjectionRunner } from '../src/read-models/projection-runner';
import { PROJECTION_VERSIONS_DDL, PROJECTION_VERSIONS_TABLE, readModelDdl, readModelTables } from '../src/read-models/read-model-tables';
import { appendLog, FISCAL_YEARS as LOG_FISCAL_YEARS, generateLog, mulberry32 } from './support/log-generator';
import type { MetricProgress, ProgressReport } from './support/projections-process';
import type { AppProcess } from '../../../test/support/app-process';
import { build, sleep } from '../../../test/support/app-process';
import { projectionsReport, startProjections } from './support/projections-process';
import { countersOf, recomputeCounters, sorted, sum } from './support/recount';
import type { Schema } from './support/schemas';
import { freshSchema, urlInSchema } from './support/schemas';

/**
 * Acceptance for Kafka (DESIGN.md §4 "Kafka"), against librdkafka's mock cluster run by `kcat`
 * (or the cluster at KAFKA_BROKERS), with the topics read back by kcat, an independent client:
 *
 *   (a) commands recorded through the case-service's HTTP API reach `case-events` keyed by stream,
 *       each stream in revision order, with event-id and event-type headers;
 *   (d) `goal-progress` carries a message per counter change, the latest per counter equal to GET /progress;
 *   (b) the relay (the BUILT projections app as a child process) SIGKILLed mid-stream and restarted
 *       loses nothing: every event of a ≥ 20,000-event log ends on `case-events` (duplicates counted);
 *   (c) two Kafka workers of one consumer group build read models equal to the direct projections
 *       of the same logs, and to a from-scratch recount.
 *
 * One cluster serves the whole file: `case-events` ends up holding log A (HTTP commands, FY2018–2019)
 * and log B (generated, FY2012–2014), so the workers of (c) project both. With a real cluster the
 * topics must not hold events of other logs that the `ayumi-projections` group has not consumed yet.
 */

const TIME_ZONE = 'Asia/Tokyo';
const HTTP_FISCAL_YEARS = [2018, 2019] as const;
/** ~20 events per case: 1,000 cases, 20 employers and the plans make 20,265 events. */
const LOG_CASES = 1_000;
const LOG_EMPLOYERS = 20;

type RelayRow = { relayed: string };
type GoalProgressMessage = { fiscalYear: number; program: string; metric: string; asOf: string; progress: MetricProgress };

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const endOfFiscalYear = (fiscalYear: number) => `${fiscalYear + 1}-03-31`;
const fiscalYearOfMonth = (month: string) => (Number(month.slice(5, 7)) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1);

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: AS_ADMIN });
  if (!response.ok) throw new Error(`GET ${baseUrl}${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `probe` until it returns a value, or fails with `what` after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await sleep(intervalMs);
  }
}

async function relayed(sql: Schema['sql']): Promise<number> {
  const rows = await sql.query<RelayRow>("SELECT relayed::text AS relayed FROM ayumi_relay_checkpoints WHERE name = 'case-events'")
    .catch(() => [] as RelayRow[]); // the relay creates its table when it starts
  return rows.length === 0 ? 0 : Number(rows[0]!.relayed);
}

async function eventsProcessed(sql: Schema['sql']): Promise<number> {
  const [row] = await sql.query<{ n: string }>(`SELECT coalesce(sum(events_processed), 0)::text AS n FROM ${PROJECTION_VERSIONS_TABLE} WHERE status = 'active'`);
  return Number(row!.n);
}

async function rawEvents(sql: Schema['sql']): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return sql.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM ayumi_events ORDER BY stream_id, revision');
}

/** The stored event a `case-events` message carries. */
const eventOf = (record: KcatRecord) => JSON.parse(record.payload!) as StoredEvent;

/** Records grouped by key, each group in offset order (a key lives in one partition). */
function byKey(records: readonly KcatRecord[]): Map<string, KcatRecord[]> {
  const groups = new Map<string, KcatRecord[]>();
  for (const record of records) {
    const group = groups.get(record.key ?? '') ?? [];
    group.push(record);
    groups.set(record.key ?? '', group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.offset - b.offset);
  return groups;
}

describe('Kafka: case-events relay, goal-progress and consumer-group workers', () => {
  let kafka: KafkaForTests;
  const schemas: Schema[] = [];
  const apps: INestApplication[] = [];
  const processes: AppProcess[] = [];
  const timings: Record<string, string> = {};
  const counts: Record<string, string> = {};

  // (a): case-service and projections (log mode, relaying) in-process over schema A.
  let schemaA: Schema;
  let storeA: SqlEventStore;
  let caseService: INestApplication;
  let projectionsA: INestApplication;
  let projectionsAUrl: string;
  let countA = 0;

  // (b): a generated log in schema B, relayed by the built app as a child process.
  let schemaB: Schema;
  let storeB: SqlEventStore;
  let countB = 0;

  const kafkaOptions = (clientId: string, relay: boolean): NonNullable<ProjectionOptions['kafka']> =>
    ({ brokers: kafka.brokers, clientId, idempotentProducer: false, relay });

  beforeAll(async () => {
    let since = performance.now();
    const built = build().then(() => {
      timings['npm run build'] = seconds(since);
    });
    kafka = await startKafka();
    timings['start Kafka'] = `${seconds(since)} (${kafka.mock ? 'kcat mock cluster' : 'KAFKA_BROKERS'}: ${kafka.brokers.join(',')})`;

    since = performance.now();
    schemaA = await freshSchema('kafka_a');
    schemas.push(schemaA);
    storeA = await createEventStore(schemaA.sql);
    const securityA = await openTestSecurity(schemaA.sql);
    caseService = await createCaseServiceApp(storeA, securityA, { logger: ['error'] });
    apps.push(caseService);
    await caseService.init();
    projectionsA = await createProjectionsApp({
      eventStore: storeA, readModels: schemaA.sql, security: securityA,
      options: { timeZone: TIME_ZONE, batchSize: 500, pollIntervalMs: 200, source: 'log', kafka: kafkaOptions('ayumi-test-direct', true) },
    }, { logger: ['error', 'warn'] });
    apps.push(projectionsA);
    await projectionsA.listen(0, '127.0.0.1');
    projectionsAUrl = await projectionsA.getUrl();
    timings['start apps (schema A)'] = seconds(since);
    await built;
  }, 120_000);

  afterAll(async () => {
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        console.warn(`kafka.int-spec cleanup: ${what} failed: ${String(error)}`);
      }
    };
    const since = performance.now();
    for (const app of [...apps].reverse()) await attempt('closing an app', () => app.close());
    await Promise.all(processes.map((p) => attempt('killing the projections process', () => p.kill())));
    for (const schema of schemas) await attempt(`dropping ${schema.name}`, () => schema.drop());
    await attempt('stopping Kafka', () => kafka?.stop() ?? Promise.resolve());
    timings['clean-up'] = seconds(since);
    console.log(`kafka.int-spec:\n${[...Object.entries(counts), ...Object.entries(timings)].map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  }, 60_000);

  it('(a) given commands recorded through the HTTP API, then case-events holds every event keyed by stream, in revision order, with event-id and event-type headers', async () => {
    let since = performance.now();
    await recordHistoryThroughHttp(() => request.agent(caseService.getHttpServer()).set(AS_ADMIN));
    countA = await storeA.countEvents();
    timings['(a) HTTP commands'] = `${seconds(since)} (${countA} events)`;
    counts['log A (HTTP, FY2018–2019)'] = `${countA} events`;
    expect(countA).toBeGreaterThan(300);

    since = performance.now();
    await until('the relay has relayed log A', 30_000, async () => ((await relayed(schemaA.sql)) >= countA ? true : undefined), 50);
    timings['(a) relay caught up'] = seconds(since);
    expect(await relayed(schemaA.sql)).toBe(countA);

    since = performance.now();
    const stored = new Map<string, StoredEvent[]>();
    for (const { stream_id: streamId } of await schemaA.sql.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM ayumi_events')) {
      stored.set(streamId, await storeA.readStream(streamId));
    }
    const onTopic = (await readTopic(kafka.brokers, CASE_EVENTS_TOPIC)).filter((r) => r.key !== null && stored.has(r.key));
    timings['(a) kcat read case-events'] = seconds(since);
    expect(onTopic).toHaveLength(countA);

    const groups = byKey(onTopic);
    expect([...groups.keys()].sort()).toEqual([...stored.keys()].sort());
    for (const [streamId, records] of groups) {
      const events = records.map(eventOf);
      expect({ streamId, partitions: [...new Set(records.map((r) => r.partition))].length }).toEqual({ streamId, partitions: 1 });
      expect({ streamId, revisions: events.map((e) => e.revision) }).toEqual({ streamId, revisions: events.map((_, i) => i + 1) });
      // The message is the stored event itself, and its headers name it.
      expect(events).toEqual(JSON.parse(JSON.stringify(stored.get(streamId))));
      expect(records.map(headersOf)).toEqual(events.map((e) => ({ 'event-id': e.eventId, 'event-type': e.type })));
    }
    counts['(a) case-events'] = `${onTopic.length} messages for ${groups.size} streams over ${new Set(onTopic.map((r) => r.partition)).size} partitions`;
  }, 120_000);

  it('(d) given the counters those commands changed, then goal-progress has a message keyed <fy>/<program>/<metric> for each, the latest equal to GET /progress', async () => {
    const runner = projectionsA.get(ProjectionRunner);
    await until('the direct projections have applied log A', 30_000, async () =>
      (await runner.versions()).every((v) => v.status === 'retired' || v.eventsProcessed >= countA) ? true : undefined, 50);

    // Every counter a record of log A touched (counted or un-counted), by the fiscal year of its month.
    const touched = await schemaA.sql.query<{ program: string; metric: string; month: string }>(
      `SELECT DISTINCT program, metric, month FROM ${readModelTables(1).countedRecords}`);
    const changed = [...new Set(touched.map((t) => `${fiscalYearOfMonth(t.month)}/${t.program}/${t.metric}`))].sort();
    expect(changed.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(changed.map((k) => Number(k.split('/')[0])))].sort()).toEqual([...HTTP_FISCAL_YEARS]);
    const reports = new Map<number, ProgressReport>();
    for (const fiscalYear of HTTP_FISCAL_YEARS) {
      reports.set(fiscalYear, await getJson<ProgressReport>(projectionsAUrl, `/progress?fiscalYear=${fiscalYear}&asOf=${endOfFiscalYear(fiscalYear)}`));
    }

    // The publisher sends after each projected batch: the latest message settles shortly after.
    const since = performance.now();
    let latest = new Map<string, { count: number; message: GoalProgressMessage }>();
    let messages = 0;
    const mismatches = () => changed.filter((key) => {
      const [fiscalYear, program, metric] = key.split('/') as [string, string, string];
      const found = latest.get(key);
      return !found || found.message.progress.total !== reports.get(Number(fiscalYear))!.programs[program]![metric]!.total;
    });
    await until('goal-progress has the latest figures of every changed counter', 30_000, async () => {
      const records = (await readTopic(kafka.brokers, GOAL_PROGRESS_TOPIC)).filter((r) => HTTP_FISCAL_YEARS.some((fy) => r.key?.startsWith(`${fy}/`)));
      messages = records.length;
      latest = new Map([...byKey(records)].map(([key, group]) => [key, { count: group.length, message: JSON.parse(group.at(-1)!.payload!) as GoalProgressMessage }]));
      return mismatches().length === 0 ? true : undefined;
    }, 250).catch((error: unknown) => {
      throw new Error(`${String(error)}; counters without their latest figures: ${mismatches().join(', ')}`);
    });
    timings['(d) goal-progress settled'] = seconds(since);

    for (const key of changed) {
      const [fiscalYear, program, metric] = key.split('/') as [string, string, string];
      const { message } = latest.get(key)!;
      const figures = reports.get(Number(fiscalYear))!.programs[program]![metric]!;
      expect({ key, fiscalYear: message.fiscalYear, program: message.program, metric: message.metric, asOf: message.asOf, total: message.progress.total })
        .toEqual({ key, fiscalYear: Number(fiscalYear), program, metric, asOf: endOfFiscalYear(Number(fiscalYear)), total: figures.total });
      // Not only the total: the message carries the very figures GET /progress serves.
      expect({ key, progress: message.progress }).toEqual({ key, progress: figures });
    }
    counts['(d) goal-progress'] = `${messages} messages for FY${HTTP_FISCAL_YEARS.join('/')}, ${latest.size} keys, ${changed.length} changed counters`;
  }, 60_000);

  it('(b) given the relay SIGKILLed mid-stream (20%–80% relayed) and restarted, then every event of a ≥ 20,000-event log is on case-events', async () => {
    let since = performance.now();
    schemaB = await freshSchema('kafka_b');
    schemas.push(schemaB);
    storeB = await createEventStore(schemaB.sql);
    const log = generateLog(LOG_CASES, LOG_EMPLOYERS, 4);
    const written = await appendLog(storeB, log);
    countB = await storeB.countEvents();
    timings['(b) generate and append log B'] = `${seconds(since)} (append ${written.toFixed(1)} s)`;
    counts['log B (generated, FY2012–2014)'] = `${countB} events`;
    expect(countB).toBe(log.eventCount);
    expect(countB).toBeGreaterThanOrEqual(20_000);

    const env = { ...TEST_SECURITY_ENV, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_IDEMPOTENT_PRODUCER: 'false', RELAY: 'true', PROJECTION_SOURCE: 'log' };
    const databaseUrl = urlInSchema(TEST_DATABASE_URL, schemaB.name);
    since = performance.now();
    const first = await startProjections(databaseUrl, env);
    processes.push(first);
    timings['(b) start relay process (to /health)'] = seconds(since);
    const seen = await first.until('the relay has relayed 45% of log B', 60_000, async () => {
      const n = await relayed(schemaB.sql);
      if (n > 0.8 * countB) throw new Error(`The relay went past 80% (${n}/${countB}) between two polls`);
      if (n < 0.45 * countB) return undefined;
      first.child.kill('SIGKILL');
      return n;
    }, 10);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    const atKill = await relayed(schemaB.sql);
    timings['(b) relay until SIGKILL'] = `${seconds(since)} (seen at ${seen}, checkpoint ${atKill} of ${countB}: ${Math.round((100 * atKill) / countB)}%)`;
    expect(atKill).toBeGreaterThanOrEqual(0.2 * countB);
    expect(atKill).toBeLessThanOrEqual(0.8 * countB);

    since = performance.now();
    const second = await startProjections(databaseUrl, env);
    processes.push(second);
    await second.until('the restarted relay has relayed all of log B', 90_000, async () => ((await relayed(schemaB.sql)) >= countB ? true : undefined), 100);
    timings['(b) restart until relayed == log'] = seconds(since);
    expect(await relayed(schemaB.sql)).toBe(countB);

    since = performance.now();
    const ids = new Set((await schemaB.sql.query<{ event_id: string }>('SELECT event_id FROM ayumi_events')).map((r) => r.event_id));
    expect(ids.size).toBe(countB);
    const onTopic = (await readTopic(kafka.brokers, CASE_EVENTS_TOPIC)).filter((r) => ids.has(headersOf(r)['event-id'] ?? ''));
    timings['(b) kcat read case-events'] = seconds(since);
    const delivered = new Set(onTopic.map((r) => eventOf(r).eventId));
    const missing = [...ids].filter((id) => !delivered.has(id));
    expect({ missing: missing.length, examples: missing.slice(0, 5) }).toEqual({ missing: 0, examples: [] });
    const duplicates = onTopic.length - delivered.size;
    counts['(b) case-events for log B'] = `${onTopic.length} messages, ${delivered.size} distinct events, ${duplicates} duplicates (re-sent after the SIGKILL)`;
    console.log(`kafka.int-spec (b): relay killed at ${atKill}/${countB} relayed; ${onTopic.length} messages on case-events, ${duplicates} duplicates`);

    // At least once, never out of order: in each stream a message is at most one revision past every
    // earlier one, so a consumer deduplicating by revision never skips an event.
    const gaps: string[] = [];
    for (const [streamId, records] of byKey(onTopic)) {
      let highest = 0;
      for (const record of records) {
        const { revision, streamId: inPayload } = eventOf(record);
        if (revision > highest + 1 || inPayload !== streamId) gaps.push(`${streamId}@${revision} after ${highest}`);
        highest = Math.max(highest, revision);
      }
    }
    expect(gaps.slice(0, 5)).toEqual([]);
  }, 180_000);

  it('(c) given two Kafka workers in the consumer group, then their read models equal the direct projections of the same logs and a from-scratch recount', async () => {
    expect(countB).toBeGreaterThan(0); // (b) wrote log B and put it on case-events
    const direct = processes.at(-1)!;
    let since = performance.now();

    // The workers' read models live in a schema of their own; the tables are created before both
    // workers start at once, so that they join the group together.
    const schemaC = await freshSchema('kafka_c');
    schemas.push(schemaC);
    await schemaC.sql.transaction(async (tx) => {
      for (const statement of PROJECTION_VERSIONS_DDL) await tx.query(statement);
      await tx.query(`INSERT INTO ${PROJECTION_VERSIONS_TABLE} (version, status, activated_at) VALUES (1, 'active', now())`);
      for (const statement of readModelDdl(readModelTables(1))) await tx.query(statement);
    });
    const securityC = await openTestSecurity(schemaC.sql);
    const workers = await Promise.all([1, 2].map(async (n) => {
      const app = await createProjectionsApp({
        eventStore: storeB, readModels: schemaC.sql, security: securityC,
        options: { timeZone: TIME_ZONE, batchSize: 500, pollIntervalMs: 200, source: 'kafka', kafka: kafkaOptions(`ayumi-test-worker-${n}`, false) },
      }, { logger: ['error', 'warn'] });
      apps.push(app);
      return app;
    }));
    await Promise.all(workers.map((w) => w.listen(0, '127.0.0.1')));
    const workerUrls = await Promise.all(workers.map((w) => w.getUrl()));
    timings['(c) start two workers'] = seconds(since);

    since = performance.now();
    const expectedEvents = countA + countB;
    await until(`the workers have applied ${expectedEvents} events`, 90_000, async () => ((await eventsProcessed(schemaC.sql)) >= expectedEvents ? true : undefined), 200)
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)} (applied: ${await eventsProcessed(schemaC.sql)})`);
      });
    timings['(c) workers applied logs A and B'] = seconds(since);
    await direct.until('the direct projections have applied log B', 60_000, async () =>
      (await projectionsReport(direct)).versions.find((v) => v.status === 'active' && v.eventsProcessed >= countB), 200);
    // Settled: nothing is applied twice afterwards.
    await sleep(1_000);
    const [version] = await schemaC.sql.query<{ events_processed: string; malformed_events: string }>(
      `SELECT events_processed::text, malformed_events::text FROM ${PROJECTION_VERSIONS_TABLE} WHERE version = 1`);
    expect(version).toEqual({ events_processed: String(expectedEvents), malformed_events: '0' });
    const share = workers.map((w) => w.get(ProjectionRunner).totalEventsProjected());
    counts['(c) workers'] = `applied ${share.join(' + ')} = ${share.reduce((a, b) => a + b, 0)} events (log A ${countA} + log B ${countB})`;
    // How the coordinator splits the partitions is its business (librdkafka's mock may leave one member
    // idle through a rebalance); what counts is that together they applied each event once.
    expect(share.reduce((a, b) => a + b, 0)).toBe(expectedEvents);
    // A worker has no log position to date its lag by: it reports the lag in events only.
    for (const workerUrl of workerUrls) {
      const metrics = await (await fetch(`${workerUrl}/metrics`, { headers: AS_ADMIN })).text();
      expect(metrics).toMatch(/^ayumi_projection_lag_events\{version="1",status="active"\} \d+$/m);
      expect(metrics).not.toMatch(/^ayumi_projection_lag_seconds\{/m);
    }

    // GET /progress: identical between each worker and the direct projections of the same log.
    since = performance.now();
    const yearsOf = async (schema: Schema, known: readonly number[]) => [...new Set([...known, ...(await schema.sql.query<{ month: string }>(
      `SELECT DISTINCT month FROM ${readModelTables(1).countedRecords}`)).map((r) => fiscalYearOfMonth(r.month))])].sort();
    const yearsA = await yearsOf(schemaA, HTTP_FISCAL_YEARS);
    const yearsB = await yearsOf(schemaB, LOG_FISCAL_YEARS);
    expect(yearsA.filter((fy) => yearsB.includes(fy))).toEqual([]);
    counts['(c) fiscal years compared'] = `log A ${yearsA.join(', ')}; log B ${yearsB.join(', ')}`;
    const years = [...yearsB.map((fy) => ({ fy, url: direct.url })), ...yearsA.map((fy) => ({ fy, url: projectionsAUrl }))];
    for (const { fy, url } of years) {
      const path = `/progress?fiscalYear=${fy}&asOf=${endOfFiscalYear(fy)}`;
      const expected = await getJson<ProgressReport>(url, path);
      for (const workerUrl of workerUrls) expect(await getJson<ProgressReport>(workerUrl, path)).toEqual(expected);
    }

    // The workers' counted records equal a recount from the raw rows of both logs ...
    const expected = recomputeCounters([...await rawEvents(schemaA.sql), ...await rawEvents(schemaB.sql)]);
    expect(sum(expected)).toBeGreaterThan(LOG_CASES * 8);
    expect(sorted(await countersOf(schemaC.sql, readModelTables(1)))).toEqual(sorted(expected));

    // ... and every read-model row equals what the direct projections built (schema A's plus schema B's).
    const differences: Record<string, number> = {};
    for (const [name, table] of Object.entries(readModelTables(1))) {
      const ours = `${schemaC.name}.${table}`;
      const theirs = `(TABLE ${schemaA.name}.${table} UNION ALL TABLE ${schemaB.name}.${table})`;
      const [row] = await schemaC.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ((TABLE ${ours} EXCEPT ALL ${theirs}) UNION ALL (${theirs} EXCEPT ALL TABLE ${ours})) AS d`);
      differences[name] = row!.n;
    }
    expect(differences).toEqual(Object.fromEntries(Object.keys(readModelTables(1)).map((name) => [name, 0])));
    expect(Object.keys(differences)).toEqual(expect.arrayContaining(['countedRecords', 'targets', 'caseloads', 'streamRevisions']));
    timings['(c) compare'] = seconds(since);
  }, 180_000);
});

/**
 * Two fiscal years of a small centre through the case-service's HTTP API: plans, employers with job
 * orders and hiring-outlook surveys, and cases with consultations, referrals, placements, follow-ups,
 * voids, retractions and closures, several cases at a time. Every time is written with +09:00.
 */
async function recordHistoryThroughHttp(http: () => ReturnType<typeof request>): Promise<void> {
  const rand = mulberry32(2018);
  const int = (n: number) => Math.floor(rand() * n);
  const run = Date.now().toString(36);
  const send = async (method: 'post' | 'put', path: string, body: object, status: number) => {
    const response = await http()[method](path).send(body);
    if (response.status !== status) throw new Error(`${method.toUpperCase()} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Record<string, string>;
  };
  const day = (fiscalYear: number, offset: number, time = '10:00:00') => {
    const date = new Date(Date.UTC(fiscalYear, 3, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    return `${date}T${time}+09:00`;
  };

  for (const fiscalYear of HTTP_FISCAL_YEARS) {
    await send('put', `/plans/${fiscalYear}`, {
      occurredAt: day(fiscalYear, 0, '09:00:00'),
      targets: [
        { program: 'employment-support', metric: 'visits', period: 'month', target: 20 },
        { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: 12 },
        { program: 'welfare-to-work', metric: 'visits', period: 'month', target: 10 },
        { program: 'piecework', metric: 'services', period: 'fiscal-year', target: 30 },
        { program: 'employer-support', metric: 'companies', period: 'fiscal-year', target: 8 },
      ],
    }, 200);
  }

  const employers = ['a', 'b', 'c'].map((e) => ({ employerId: `emp-${run}-${e}`, jobOrderId: `jo-${run}-${e}` }));
  await Promise.all(employers.map(async ({ employerId, jobOrderId }, e) => {
    await send('post', '/employers', { employerId, name: `Employer ${e} K.K.`, industry: 'care', occurredAt: day(2018, 1 + e) }, 201);
    await send('post', `/employers/${employerId}/job-orders`, { jobOrderId, jobTitle: 'care assistant', employmentType: 'part-time', openings: 2, occurredAt: day(2018, 2 + e) }, 201);
    for (const fiscalYear of HTTP_FISCAL_YEARS) {
      for (const offset of [30, 200]) {
        await send('post', `/employers/${employerId}/hiring-outlooks`, { program: 'employer-support', expectedHires: 1 + e, occurredAt: day(fiscalYear, offset + e) }, 201);
      }
    }
  }));

  const programs = ['employment-support', 'welfare-to-work', 'piecework'] as const;
  const kinds = { 'employment-support': 'job-consultation', 'welfare-to-work': 'welfare-support', piecework: 'piecework' } as const;
  const CASES = 30;
  let next = 0;
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let c = next++; c < CASES; c = next++) {
      const program = programs[c % programs.length]!;
      const caseId = `k-${run}-${c}`;
      const path = `/cases/${caseId}`;
      // Cases open across both years; each event of a case comes 3 to 12 days after the one before.
      let offset = 12 * c;
      const at = () => {
        offset += 3 + int(10);
        return day(2018, offset, `${String(9 + int(8)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:00`);
      };
      const consult = () => send('post', `${path}/consultations`, { program, channel: 'in-person', kind: kinds[program], navigatorId: 'nav-01', occurredAt: at() }, 201);
      const refer = (employer: typeof employers[number]) => send('post', `${path}/referrals`, {
        program, employerId: employer.employerId, jobOrderId: employer.jobOrderId, jobTitle: 'care assistant', employmentType: 'part-time', occurredAt: at(),
      }, 201);

      await send('post', '/cases', {
        caseId, clientRef: `K-${run}-${c}`, ageBand: '30-34', agency: c % 2 === 0 ? 'hello-work' : 'ward', programs: [program],
        desiredConditions: { employmentType: 'full-time', jobCategories: ['care'] }, occurredAt: at(),
      }, 201);
      await send('post', `${path}/navigator`, { navigatorId: `nav-0${1 + (c % 3)}`, occurredAt: at() }, 201);
      const consultations = [await consult(), await consult(), await consult()];
      const employer = employers[c % employers.length]!;
      const { referralId } = await refer(employer);
      await send('post', `${path}/referrals/${referralId}/outcome`, { outcome: 'rejected', occurredAt: at() }, 201);
      await consult();
      await refer(employer);
      if (c % 4 === 0) await send('post', `${path}/voids`, { recordId: consultations[1]!['consultationId'], reason: 'entered twice', occurredAt: at() }, 201);
      if (c % 3 !== 2) {
        const startDate = at().slice(0, 10);
        const { placementId } = await send('post', `${path}/placements`, {
          program, employerId: employer.employerId, jobTitle: 'care assistant', employmentType: 'part-time', startDate, confirmedBy: 'employer-report', occurredAt: at(),
        }, 201);
        if (c % 5 === 0) await send('post', `${path}/placements/${placementId}/retraction`, { reason: 'declined before start', occurredAt: at() }, 201);
        else await send('post', `${path}/follow-ups`, { placementId, status: 'still-employed', occurredAt: at() }, 201);
      }
      if (c % 2 === 0) await send('post', `${path}/closure`, { reason: 'placed', occurredAt: at() }, 201);
    }
  }));
}
