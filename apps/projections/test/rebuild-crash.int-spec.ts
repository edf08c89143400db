import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { METRIC_CATALOG } from '@ayumi/domain';
import type { EventStore, StoredEvent } from '@ayumi/event-store';
import { createEventStore, deterministicEventId } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import { TEST_DATABASE_URL } from '../../../test/support/test-database';
import { projectBatch } from '../src/read-models/project-batch';
import type { ReadModelTables } from '../src/read-models/read-model-tables';
import { PROJECTION_VERSIONS_TABLE, readModelDdl, readModelTables } from '../src/read-models/read-model-tables';

/**
 * Acceptance: the projections process killed with SIGKILL in the middle of a rebuild of at least
 * 200,000 events and restarted ends with counters equal to a from-scratch recomputation — and so
 * does a double delivery of the same events.
 *
 * The crash runs the BUILT app (dist/, rebuilt in beforeAll) as a child process on PostgreSQL, in a
 * schema of its own; the expected counters are recomputed here from the raw rows of `ayumi_events`
 * by the metric catalog, without the projection code.
 */

const ROOT = resolve(__dirname, '../../..');
const MAIN_JS = join(ROOT, 'dist/apps/projections/src/main.js');
const REBUILD_CLI_JS = join(ROOT, 'dist/apps/projections/src/rebuild.cli.js');
const TIME_ZONE = 'Asia/Tokyo';
const FISCAL_YEARS = [2012, 2013, 2014] as const;

// ---------------------------------------------------------------------------------------------
// A realistic log: cases with ~20 events each, employers, business plans (FY2012–FY2014, +09:00)
// ---------------------------------------------------------------------------------------------

type Draft = Readonly<{ type: string; schemaVersion: number; data: Readonly<Record<string, unknown>> }>;
type Append = Readonly<{ streamId: string; expectedRevision: number; events: readonly Draft[] }>;
type TargetKey = `${string}/${string}`;

type GeneratedLog = Readonly<{
  /** Appended phase after phase; the appends of one phase go to distinct streams, concurrently. */
  phases: readonly (readonly Append[])[];
  eventCount: number;
  cases: number;
  closedCases: number;
  /** The targets each plan ends with (null: withdrawn). */
  targets: Readonly<Record<number, Readonly<Record<TargetKey, number | null>>>>;
}>;

/** A small seeded generator, so every run writes the same shapes and proportions. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Wall-clock times in Japan are kept as UTC fields and printed with +09:00. */
const jst = (wall: number) => `${new Date(wall).toISOString().slice(0, 19)}+09:00`;
const FIRST_DAY = Date.UTC(2012, 3, 1);
const LAST_OPENING = Date.UTC(2015, 0, 5);

const PROGRAM_SETS = [
  ['employment-support'], ['employment-support'], ['welfare-to-work'], ['welfare-to-work'], ['piecework'],
  ['employment-support', 'piecework'], ['welfare-to-work', 'piecework'], ['employment-support', 'welfare-to-work'],
] as const;
const AGE_BANDS = ['under-20', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-and-over'];
const JOB_TITLES = ['kitchen staff', 'cleaner', 'warehouse picker', 'care assistant', 'office clerk', 'assembly (piecework)', 'envelope stuffing'];
const JOB_CATEGORIES = ['restaurant', 'cleaning', 'logistics', 'care', 'office', 'manufacturing'];

function generateLog(caseCount: number, employerCount: number, seed: number): GeneratedLog {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => rand() < p;

  const phases: Append[][] = [[], [], []];
  let eventCount = 0;
  const push = (phase: number, streamId: string, expectedRevision: number, events: Draft[]) => {
    phases[phase]!.push({ streamId, expectedRevision, events });
    eventCount += events.length;
    return expectedRevision + events.length;
  };

  // Business plans: adopted at the start of each year, one target raised and one withdrawn later.
  const targets: Record<number, Record<TargetKey, number | null>> = {};
  for (const fiscalYear of FISCAL_YEARS) {
    const planTargets = METRIC_CATALOG.map((d) => ({
      program: d.program, metric: d.metric, period: d.period,
      target: d.period === 'month' ? 200 + 20 * (fiscalYear - 2012) : 800 + 100 * (fiscalYear - 2012),
    }));
    targets[fiscalYear] = Object.fromEntries(planTargets.map((t) => [`${t.program}/${t.metric}`, t.target]));
    const revision = push(0, `plan-${fiscalYear}`, 0, [{
      type: 'BusinessPlanAdopted', schemaVersion: 1,
      data: { fiscalYear, occurredAt: `${fiscalYear}-04-01T09:30:00+09:00`, targets: planTargets },
    }]);
    if (fiscalYear === 2013) {
      push(2, 'plan-2013', revision, [{
        type: 'TargetRevised', schemaVersion: 1,
        data: { fiscalYear, occurredAt: '2013-10-01T10:00:00+09:00', program: 'employment-support', metric: 'placements', period: 'fiscal-year', from: 900, to: 1000 },
      }]);
      targets[2013]!['employment-support/placements'] = 1000;
    }
    if (fiscalYear === 2014) {
      push(2, 'plan-2014', revision, [{
        type: 'TargetRevised', schemaVersion: 1,
        data: { fiscalYear, occurredAt: '2014-07-01T10:00:00+09:00', program: 'employer-support', metric: 'companies', period: 'fiscal-year', from: 1000, to: null },
      }]);
      targets[2014]!['employer-support/companies'] = null;
    }
  }

  // Employers: registered with job orders first, hiring-outlook surveys later.
  const employers: { employerId: string; jobOrderIds: string[] }[] = [];
  for (let e = 0; e < employerCount; e += 1) {
    const employerId = randomUUID();
    let wall = FIRST_DAY + int(30) * DAY + 9 * 60 * MINUTE + int(8 * 60) * MINUTE;
    const at = () => {
      const iso = jst(wall);
      wall += (1 + int(80)) * DAY + int(600) * MINUTE;
      return iso;
    };
    const jobOrderIds = [randomUUID(), randomUUID()];
    const revision = push(0, `employer-${employerId}`, 0, [
      { type: 'EmployerRegistered', schemaVersion: 1, data: { employerId, occurredAt: at(), name: `Employer ${e + 1} K.K.`, industry: pick(JOB_CATEGORIES) } },
      ...jobOrderIds.map((jobOrderId) => ({
        type: 'JobOrderReceived', schemaVersion: 1,
        data: { employerId, occurredAt: at(), jobOrderId, jobTitle: pick(JOB_TITLES), employmentType: pick(['full-time', 'part-time']), openings: 1 + int(4) },
      })),
    ]);
    push(2, `employer-${employerId}`, revision, Array.from({ length: 10 }, () => ({
      type: 'HiringOutlookCollected', schemaVersion: 1,
      data: { employerId, occurredAt: at(), outlookId: randomUUID(), program: 'employer-support', expectedHires: int(6) },
    })));
    employers.push({ employerId, jobOrderIds });
  }

  // Cases: 10 events in a first append, 10 in a second one much later in the log.
  let closedCases = 0;
  for (let c = 0; c < caseCount; c += 1) {
    const caseId = randomUUID();
    const programs = pick(PROGRAM_SETS);
    const navigatorId = `nav-${String(1 + int(40)).padStart(2, '0')}`;
    // Any minute of the day, so some events fall on the 1st before 09:00 (still the previous month in UTC).
    let wall = FIRST_DAY + int((LAST_OPENING - FIRST_DAY) / MINUTE) * MINUTE;
    const at = () => {
      const iso = jst(wall);
      wall += (60 + int(4 * 24 * 60 - 60)) * MINUTE;
      return iso;
    };
    const event = (type: string, data: Record<string, unknown>, schemaVersion = 1): Draft => ({ type, schemaVersion, data: { caseId, occurredAt: at(), ...data } });
    const serviceRecords: { recordId: string; recordType: 'ConsultationHeld' | 'JobReferralIssued'; program: string }[] = [];
    const referralIds: string[] = [];

    const consultation = (): Draft => {
      const program = pick(programs);
      const consultationId = randomUUID();
      serviceRecords.push({ recordId: consultationId, recordType: 'ConsultationHeld', program });
      const occurredAt = jst(wall);
      // Before the joint centre opened (autumn 2012) consultations were written in schema version 1.
      if (occurredAt < '2012-10-01') {
        return event('ConsultationHeld', { consultationId, program, channel: pick(['face-to-face', 'telephone']), navigatorId }, 1);
      }
      const kind = program === 'piecework' ? 'piecework' : program === 'welfare-to-work' ? 'welfare-support' : 'job-consultation';
      return event('ConsultationHeld', {
        consultationId, program, channel: pick(['in-person', 'phone', 'online']), kind, navigatorId, ...(chance(0.3) ? { note: 'Talked about CV and interview practice' } : {}),
      }, 2);
    };
    const referral = (): Draft => {
      const program = pick(programs);
      const referralId = randomUUID();
      const employer = pick(employers);
      serviceRecords.push({ recordId: referralId, recordType: 'JobReferralIssued', program });
      referralIds.push(referralId);
      return event('JobReferralIssued', {
        referralId, program, employerId: employer.employerId, jobOrderId: pick(employer.jobOrderIds), jobTitle: pick(JOB_TITLES), employmentType: pick(['full-time', 'part-time']),
      });
    };

    const closedEarly = chance(0.05);
    const first: Draft[] = [
      event('CaseOpened', {
        clientRef: `C-${String(c + 1).padStart(5, '0')}`, ageBand: pick(AGE_BANDS), agency: pick(['ward', 'hello-work']), programs,
        desiredConditions: { employmentType: 'full-time', jobCategories: [pick(JOB_CATEGORIES)], hoursPerWeek: 40, minimumHourlyWage: 900 + 10 * int(30) },
      }),
      event('NavigatorAssigned', { navigatorId, previousNavigatorId: null }),
      consultation(), consultation(), referral(), consultation(),
      event('ReferralOutcomeRecorded', { referralId: referralIds[0], outcome: pick(['rejected', 'declined', 'withdrawn']) }),
      consultation(), referral(),
      closedEarly ? event('CaseClosed', { reason: 'moved' }) : consultation(),
    ];

    // Built in order: each event takes the next time of the case as it is made.
    const second: Draft[] = [
      closedEarly
        ? event('CaseReopened', { reason: 'Moved back into the ward' })
        : event('JobConditionsChanged', {
          changes: { employmentType: { from: 'full-time', to: 'part-time' }, hoursPerWeek: { from: 40, to: 20 } }, reason: 'Childcare in the afternoons',
        }),
      consultation(),
    ];
    const placementReferral = referral();
    second.push(placementReferral, consultation());
    const placementProgram = pick(programs);
    const placementId = randomUUID();
    const startDate = jst(wall + 7 * DAY).slice(0, 10);
    second.push(
      event('PlacementRecorded', {
        placementId, program: placementProgram, employerId: pick(employers).employerId, jobTitle: pick(JOB_TITLES), employmentType: 'part-time',
        startDate, referralId: chance(0.7) ? (placementReferral.data['referralId'] as string) : null,
        confirmedBy: pick(['employer-report', 'client-report', 'navigator-visit']),
      }),
      event('FollowUpRecorded', { followUpId: randomUUID(), placementId, status: pick(['still-employed', 'left', 'unreachable']) }),
      consultation(),
    );
    const voided = chance(0.25) ? serviceRecords[int(serviceRecords.length)]! : null;
    second.push(voided
      ? event('ServiceRecordVoided', { recordId: voided.recordId, recordType: voided.recordType, program: voided.program, reason: 'Entered twice' })
      : consultation());
    second.push(chance(0.12) ? event('PlacementRetracted', { placementId, program: placementProgram, reason: 'The employer withdrew the offer' }) : referral());
    const closed = chance(0.55);
    if (closed) closedCases += 1;
    second.push(closed ? event('CaseClosed', { reason: pick(['placed', 'moved', 'withdrew', 'other']) }) : consultation());
    const streamId = `case-${caseId}`;
    push(2, streamId, push(1, streamId, 0, first), second);
  }
  return { phases, eventCount, cases: caseCount, closedCases, targets };
}

/** Writes the log through the event store, many streams at once; returns the seconds it took. */
async function appendLog(store: EventStore, log: GeneratedLog, concurrency = 16): Promise<number> {
  const started = performance.now();
  for (const phase of log.phases) {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < phase.length; i = next++) {
        const { streamId, expectedRevision, events } = phase[i]!;
        const commandId = randomUUID();
        await store.append(streamId, expectedRevision, events.map((e, index) => {
          const eventId = deterministicEventId(commandId, index);
          return { ...e, eventId, metadata: { eventId, commandId, correlationId: commandId, causationId: commandId, userId: 'import-fy2012-2014' } };
        }));
      }
    }));
  }
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The expected counters, recomputed from scratch by the catalog (not by the projection code)
// ---------------------------------------------------------------------------------------------

/** `program/metric/month` → count, and `program/metric#breakdown/month` → count. */
type Counters = Record<string, number>;

/** Every record an event counts, minus every record a void or retraction un-counts: DESIGN.md §3. */
function recomputeCounters(events: readonly { type: string; data: Record<string, unknown> }[]): Counters {
  const counted = new Map<string, { key: string; breakdownKey: string | null }>();
  const uncounted = new Set<string>();
  for (const { type, data } of events) {
    for (const definition of METRIC_CATALOG) {
      if (data['program'] !== definition.program) continue;
      const counts = definition.counts.find((c) => c.type === type);
      if (counts) {
        const occurredAt = String(data['occurredAt']);
        // Every generated time is written in +09:00, so its month in Asia/Tokyo is its first 7 characters.
        if (!occurredAt.endsWith('+09:00')) throw new Error(`Unexpected offset in ${occurredAt}`);
        const month = occurredAt.slice(0, 7);
        const breakdown = Object.entries(definition.breakdown).find(([, types]) => types.includes(type))?.[0];
        counted.set(`${String(data[counts.recordIdField])}|${definition.program}/${definition.metric}`, {
          key: `${definition.program}/${definition.metric}/${month}`,
          breakdownKey: breakdown ? `${definition.program}/${definition.metric}#${breakdown}/${month}` : null,
        });
      }
      const uncounts = definition.uncountedBy.find((u) => u.type === type);
      if (uncounts) uncounted.add(`${String(data[uncounts.recordIdField])}|${definition.program}/${definition.metric}`);
    }
  }
  const result: Counters = {};
  for (const [id, { key, breakdownKey }] of counted) {
    if (uncounted.has(id)) continue;
    result[key] = (result[key] ?? 0) + 1;
    if (breakdownKey) result[breakdownKey] = (result[breakdownKey] ?? 0) + 1;
  }
  return result;
}

async function recomputeFromLog(sql: SqlClient): Promise<Counters> {
  const rows = await sql.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM ayumi_events ORDER BY stream_id, revision');
  return recomputeCounters(rows);
}

/** The same figures aggregated from one version's counted records. */
async function countersOf(sql: SqlClient, t: ReadModelTables): Promise<Counters> {
  const rows = await sql.query<{ key: string; n: number }>(
    `SELECT program || '/' || metric || '/' || month AS key, count(*)::int AS n FROM ${t.countedRecords} WHERE uncounted_at IS NULL GROUP BY 1
     UNION ALL
     SELECT program || '/' || metric || '#' || breakdown || '/' || month, count(*)::int FROM ${t.countedRecords}
     WHERE uncounted_at IS NULL AND breakdown IS NOT NULL GROUP BY 1`);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

const sorted = (counters: Counters): Counters => Object.fromEntries(Object.entries(counters).sort(([a], [b]) => a.localeCompare(b)));
const sum = (counters: Counters) => Object.values(counters).reduce((a, b) => a + b, 0);

function fiscalMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    return `${month >= 4 ? fiscalYear : fiscalYear + 1}-${String(month).padStart(2, '0')}`;
  });
}

/** Rows in one table and not the other, both ways (0 when the two hold the same rows). */
async function tableDifference(sql: SqlClient, a: string, b: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ((TABLE ${a} EXCEPT ALL TABLE ${b}) UNION ALL (TABLE ${b} EXCEPT ALL TABLE ${a})) AS d`);
  return row!.n;
}

async function expectSameReadModels(sql: SqlClient, expected: ReadModelTables, actual: ReadModelTables): Promise<void> {
  const differences = Object.fromEntries(await Promise.all((Object.keys(expected) as (keyof ReadModelTables)[]).map(
    async (name) => [name, await tableDifference(sql, expected[name], actual[name])] as const)));
  expect(differences).toEqual({ countedRecords: 0, targets: 0, caseloads: 0, streamRevisions: 0 });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL schemas and the projections process
// ---------------------------------------------------------------------------------------------

type Schema = Readonly<{ name: string; sql: SqlClient; drop: () => Promise<void> }>;

async function freshSchema(label: string): Promise<Schema> {
  const name = `test_${label}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
  let sql: SqlClient;
  try {
    sql = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, schema: name, poolSize: 24 });
    await sql.query('SELECT 1');
  } catch (error) {
    throw new Error(`This test needs the PostgreSQL server at ${TEST_DATABASE_URL} (set DATABASE_URL): ${String(error)}`, { cause: error });
  }
  return {
    name,
    sql,
    drop: async () => {
      await sql.close();
      const admin = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 1 });
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.close();
      }
    },
  };
}

/** The app reads DATABASE_URL only: libpq `options` put every connection it opens into the schema. */
const urlInSchema = (url: string, schema: string) => `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type VersionStatus = { version: number; status: string; checkpoint: string | null; eventsProcessed: number; malformedEvents: number };
type ProjectionsReport = { logEvents: number; versions: VersionStatus[] };
type MetricProgress = { target: number | null; total: number; byMonth: Record<string, number>; previousYear: { total: number }; breakdown: Record<string, { total: number; byMonth: Record<string, number> }> };
type ProgressReport = { fiscalYear: number; programs: Record<string, Record<string, MetricProgress>> };

/** `node dist/apps/projections/src/main.js` on PostgreSQL, as an operator runs it. */
class ProjectionsProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess, readonly url: string) {
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 80));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static async start(databaseUrl: string): Promise<ProjectionsProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl, PROJECTIONS_PORT: String(port), CENTRE_TIME_ZONE: TIME_ZONE,
    };
    for (const name of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'KURRENTDB_URL']) delete env[name];
    const child = spawn(process.execPath, [MAIN_JS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new ProjectionsProcess(child, `http://127.0.0.1:${port}`);
    await app.until('GET /health answers', 30_000, async () => (await fetch(`${app.url}/health`).catch(() => null))?.ok || undefined);
    return app;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  projections(): Promise<ProjectionsReport> {
    return this.get<ProjectionsReport>('/projections');
  }

  /** Polls `probe` until it returns a value; fails with the app's last log lines on timeout or exit. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`The projections process exited (${this.child.exitCode ?? this.child.signalCode}) before: ${what}\n${this.output()}`);
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}\n--- projections output ---\n${this.output()}`);
      await sleep(intervalMs);
    }
  }

  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

function build(): Promise<void> {
  return new Promise((done, fail) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`npm run build failed:\n${stdout}\n${stderr}`));
      else done();
    });
  });
}

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
    for (const version of [1, 2, 3, 4]) {
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
});

describe('a rebuild of ≥ 200,000 events whose projections process is SIGKILLed midway', () => {
  const CASES = 10_000;
  const EMPLOYERS = 200;
  let schema: Schema;
  let log: GeneratedLog;
  let eventCount = 0;
  const processes: ProjectionsProcess[] = [];
  const timings: Record<string, string> = {};
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  const start = async () => {
    const app = await ProjectionsProcess.start(urlInSchema(TEST_DATABASE_URL, schema.name));
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
    expect((await first.projections()).logEvents).toBe(eventCount); // the app reads this test's schema
    await first.until('version 1 has projected the whole log', 240_000, async () => {
      const { versions } = await first.projections();
      return versions.find((v) => v.version === 1 && v.status === 'active' && v.eventsProcessed === eventCount);
    }, 250);
    timings['version 1 catch-up'] = seconds(since);

    // A rebuild starts; the process is killed in its middle.
    since = performance.now();
    const response = await fetch(`${first.url}/projections/rebuild`, { method: 'POST' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ version: 2, status: 'building' });
    const seen = await first.until('version 2 has projected 45% of the log', 120_000, async () => {
      const v2 = (await first.projections()).versions.find((v) => v.version === 2)!;
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

    // What the dead process left: version 2 half built, its tables exactly at its checkpoint.
    const [v1, v2] = await schema.sql.query<{ version: number; status: string; checkpoint: string; events_processed: number }>(
      `SELECT version, status, checkpoint, events_processed::int FROM ${PROJECTION_VERSIONS_TABLE} ORDER BY version`);
    expect(v1).toMatchObject({ version: 1, status: 'active', events_processed: eventCount });
    expect(v2).toMatchObject({ version: 2, status: 'building' });
    expect(v2!.events_processed).toBeGreaterThanOrEqual(0.2 * eventCount);
    expect(v2!.events_processed).toBeLessThan(0.85 * eventCount);
    const [txId, position] = v2!.checkpoint.split(':');
    const [upToCheckpoint] = await schema.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ayumi_events WHERE (tx_id, position) <= ($1::xid8, $2::bigint)', [txId, position]);
    expect(upToCheckpoint!.n).toBe(v2!.events_processed);
    const [revisions] = await schema.sql.query<{ n: number }>(`SELECT coalesce(sum(revision), 0)::int AS n FROM ${readModelTables(2).streamRevisions}`);
    expect(revisions!.n).toBe(v2!.events_processed);
    timings['killed at'] = `${v2!.events_processed.toLocaleString('en-US')} of ${eventCount.toLocaleString('en-US')} events (${Math.round((100 * v2!.events_processed) / eventCount)}%)`;

    // Restarted, it resumes version 2 from its checkpoint and switches reads to it.
    since = performance.now();
    const second = await start();
    const rebuilt = await second.until('version 2 is active and caught up', 240_000, async () => {
      const { versions } = await second.projections();
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
      const report = await second.get<ProgressReport>(`/progress?fiscalYear=${fiscalYear}&asOf=${fiscalYear + 1}-03-31`);
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
    const { stderr } = await runCli(process.execPath, [REBUILD_CLI_JS, '--url', app.url], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    timings['npm run rebuild (version 3)'] = seconds(since);
    expect(stderr).toMatch(/Version 3 is active/);
    expect(stderr).toMatch(/\] 100% /);
    const { versions } = await app.projections();
    expect(versions).toEqual([expect.objectContaining({ version: 3, status: 'active', eventsProcessed: eventCount })]);
    expect(sorted(await countersOf(schema.sql, readModelTables(3)))).toEqual(sorted(await countersOf(schema.sql, readModelTables(2))));

    const closedPort = await freePort();
    const failed = await runCli(process.execPath, [REBUILD_CLI_JS, '--url', `http://127.0.0.1:${closedPort}`], { cwd: ROOT }).then(
      () => null, (error: { code?: number; stderr?: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect(failed!.stderr).toMatch(/Cannot reach the projections service at http:\/\/127\.0\.0\.1:\d+/);
  }, 240_000);
});
