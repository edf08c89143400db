import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import request from 'supertest';
import { consultation, intake, placement, referral, relaxation } from '../../case-service/test/seed-story';
import { TEST_DATABASE_URL } from '../../../test/support/test-database';
import { createProjectionsApp } from '../src/projections.app';
import { projectBatch } from '../src/read-models/project-batch';
import { ProjectionRunner } from '../src/read-models/projection-runner';
import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';
import { AS_ADMIN, openTestSecurity, TEST_ADMIN_TOKEN } from '../../../test/support/test-security';
import type { GeneratedLog } from './support/log-generator';
import { appendLog, mulberry32 } from './support/log-generator';
import { build, ROOT } from '../../../test/support/app-process';
import type { Schema } from './support/schemas';
import { freshSchema, urlInSchema } from './support/schemas';

/**
 * Acceptance of issue 5 for success cases: the seed's story found by `relaxed=true` and its program
 * with nothing personal in the response, small groups suppressed (3); an export of ≥ 1,000 placed
 * cases streamed page by page by the built CLI, equal to the API's rows (4); bad parameters (5).
 */

type Row = Readonly<{
  program: string; ageBand: string; intakeMonth: string; placementMonth: string; fiscalYear: number; daysToPlacement: number;
  employmentType: string; relaxedBeforePlacement: boolean; relaxationsBeforePlacement: string[]; consultationsBeforePlacement: number;
}>;
type SuccessCasesBody = { filters: object; k: number; aggregates: Record<string, unknown>; rows: Row[]; page: { limit: number; nextCursor: string | null } };

const DAY_MS = 24 * 60 * 60 * 1000;
/** An instant written as Tokyo wall-clock time, as navigators enter it. */
const tokyo = (ms: number) => `${new Date(ms + 9 * 60 * 60 * 1000).toISOString().slice(0, 19)}+09:00`;
const PART_TIME = 'employment-type:full-time→part-time';
/** Two cases added "cleaning", fewer than k: in rows it shows as another category. */
const RARE_CATEGORY = 'job-categories:+other';
const FEWER_HOURS = 'hours-per-week:lowered';

/** Every page of a query, following nextCursor, through the one request helper given. */
async function allPages(get: (path: string) => Promise<SuccessCasesBody>, query: string, limit: number): Promise<{ rows: Row[]; pages: SuccessCasesBody[] }> {
  const pages: SuccessCasesBody[] = [];
  let cursor: string | null = null;
  do {
    const page: SuccessCasesBody = await get(`/success-cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    pages.push(page);
    cursor = page.page.nextCursor;
  } while (cursor);
  return { rows: pages.flatMap((p) => p.rows), pages };
}

/** An independent reading of the CSV export: no cell of a success case needs quoting. */
function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.split('\r\n').filter(Boolean);
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell]));
    return {
      program: cells['program'], ageBand: cells['ageBand'], intakeMonth: cells['intakeMonth'], placementMonth: cells['placementMonth'],
      fiscalYear: Number(cells['fiscalYear']), daysToPlacement: Number(cells['daysToPlacement']), employmentType: cells['employmentType'],
      relaxedBeforePlacement: cells['relaxedBeforePlacement'] === 'true',
      relaxationsBeforePlacement: cells['relaxationsBeforePlacement'] ? cells['relaxationsBeforePlacement'].split(';') : [],
      consultationsBeforePlacement: Number(cells['consultationsBeforePlacement']),
    } as Row;
  });
}

const parseNdjson = (text: string): Row[] => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);

describe.each(['pglite', 'postgres'] as const)('success cases recorded through HTTP (%s)', (kind) => {
  let ayumi: AyumiHarness;
  /** Everything personal or identifying that was recorded: none of it may reach an analyst. */
  const personal: string[] = [];
  const get = async (path: string) => (await ayumi.projections().get(path).expect(200)).body as SuccessCasesBody;
  const post = async (path: string, body: object) => {
    const created = (await ayumi.caseService().post(path).send(body).expect(201)).body as Record<string, string>;
    personal.push(...Object.entries(created).filter(([name]) => name.endsWith('Id')).map(([, id]) => id));
    return created;
  };

  /** A case opened, optionally relaxed five days later, and placed `days` after intake. */
  const placedCase = async (c: { clientRef: string; ageBand: string; program: string; openedAt: string; days: number; relax?: object }) => {
    const opened = Date.parse(c.openedAt);
    personal.push(c.clientRef);
    const { caseId } = await post('/cases', {
      clientRef: c.clientRef, ageBand: c.ageBand, agency: 'ward', programs: [c.program], occurredAt: c.openedAt,
      desiredConditions: { employmentType: 'full-time', jobCategories: ['office'], hoursPerWeek: 40 },
    });
    if (c.relax) await post(`/cases/${caseId}/condition-changes`, { occurredAt: tokyo(opened + 5 * DAY_MS), changes: c.relax, reason: 'Widened the search after refusals' });
    const { placementId } = await post(`/cases/${caseId}/placements`, {
      program: c.program, employerId: `employer-${c.clientRef}`, jobTitle: `Clerk for ${c.clientRef}`, employmentType: 'part-time',
      startDate: tokyo(opened + (c.days + 7) * DAY_MS).slice(0, 10), confirmedBy: 'employer-report', occurredAt: tokyo(opened + c.days * DAY_MS),
    });
    personal.push(`employer-${c.clientRef}`, `Clerk for ${c.clientRef}`);
    return { caseId: caseId!, placementId: placementId! };
  };

  beforeAll(async () => {
    ayumi = await startAyumi(kind);
    // The seed's story: 145 days, relaxed three ways (part-time, + cleaning, fewer hours), 4 consultations before.
    const { caseId } = await post('/cases', intake);
    await post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-07', occurredAt: '2013-05-08T10:30:00+09:00' });
    for (const day of ['2013-05-15', '2013-06-12', '2013-07-10', '2013-08-07']) await post(`/cases/${caseId}/consultations`, consultation(`${day}T10:00:00+09:00`));
    await post(`/cases/${caseId}/condition-changes`, relaxation);
    const { referralId } = await post(`/cases/${caseId}/referrals`, referral);
    await post(`/cases/${caseId}/referrals/${referralId}/outcome`, { outcome: 'hired', occurredAt: '2013-09-30T17:00:00+09:00' });
    await post(`/cases/${caseId}/placements`, placement(referralId!));
    await post(`/cases/${caseId}/consultations`, consultation('2013-10-05T10:00:00+09:00', 'Settling in well, wants longer hours later'));
    await post(`/cases/${caseId}/closure`, { reason: 'placed', occurredAt: '2013-10-08T09:00:00+09:00' });
    personal.push(intake.clientRef, 'nav-07', referral.employerId, referral.jobOrderId, referral.jobTitle, 'Settling in well', relaxation.reason);

    // Four more welfare-to-work placements after relaxing (30, 60, 90, 200 days), one without (120 days),
    // and one employment-support placement in FY2014.
    const april = '2013-04-10T10:00:00+09:00';
    await placedCase({ clientRef: 'C-1001', ageBand: '30-34', program: 'welfare-to-work', openedAt: april, days: 30, relax: { employmentType: 'part-time' } });
    await placedCase({ clientRef: 'C-1002', ageBand: '40-44', program: 'welfare-to-work', openedAt: april, days: 60, relax: { employmentType: 'part-time', jobCategories: ['office', 'cleaning'] } });
    await placedCase({ clientRef: 'C-1003', ageBand: '40-44', program: 'welfare-to-work', openedAt: april, days: 90, relax: { employmentType: 'part-time' } });
    await placedCase({ clientRef: 'C-1004', ageBand: '50-54', program: 'welfare-to-work', openedAt: april, days: 200, relax: { employmentType: 'part-time', hoursPerWeek: 20 } });
    await placedCase({ clientRef: 'C-1005', ageBand: '30-34', program: 'welfare-to-work', openedAt: april, days: 120 });
    await placedCase({ clientRef: 'C-1006', ageBand: '25-29', program: 'employment-support', openedAt: '2014-03-20T10:00:00+09:00', days: 40, relax: { employmentType: 'part-time' } });
    await ayumi.caughtUp();
  });
  afterAll(() => ayumi?.close());

  it('finds the seed story by relaxed=true&program=welfare-to-work, and no personal data appears anywhere in the response', async () => {
    const body = await get('/success-cases?relaxed=true&program=welfare-to-work&fiscalYear=2013');

    expect(body.rows).toContainEqual({
      program: 'welfare-to-work', ageBand: '55-59', intakeMonth: '2013-05', placementMonth: '2013-10', fiscalYear: 2013, daysToPlacement: 145,
      employmentType: 'part-time', relaxedBeforePlacement: true, relaxationsBeforePlacement: [PART_TIME, RARE_CATEGORY, FEWER_HOURS], consultationsBeforePlacement: 4,
    });
    const serialized = JSON.stringify(body);
    expect(personal.length).toBeGreaterThan(30);
    for (const value of personal) expect(serialized).not.toContain(value);
    // No identifying field by name either, and no calendar date: months only.
    expect(serialized).not.toMatch(/caseId|clientRef|navigator|employer|referral|placementId|note|\d{4}-\d\d-\d\d/);
  });

  it('given a group of at least k = 5, then count, median and share are the figures computed by hand', async () => {
    // Relaxed welfare-to-work in FY2013: 30, 60, 90, 145, 200 days → median 90, all relaxed; part-time in all 5,
    // "+ cleaning" and "fewer hours" in 2 each (< k, left out).
    expect((await get('/success-cases?relaxed=true&program=welfare-to-work&fiscalYear=2013')).aggregates).toEqual({
      suppressed: false, count: 5, medianDaysToPlacement: 90, shareRelaxedBeforePlacement: 1,
      relaxationsBeforePlacement: { [PART_TIME]: 5 }, relaxationKindsSuppressed: 2,
    });
    // All welfare-to-work: 30, 60, 90, 120, 145, 200 → median (90 + 120) / 2 = 105; 5 of 6 relaxed before their placement.
    expect((await get('/success-cases?program=welfare-to-work')).aggregates).toEqual({
      suppressed: false, count: 6, medianDaysToPlacement: 105, shareRelaxedBeforePlacement: 5 / 6,
      relaxationsBeforePlacement: { [PART_TIME]: 5 }, relaxationKindsSuppressed: 2,
    });
  });

  it('given a group of fewer than k, then neither its aggregates nor its rows are shown (rows would give away what the figures hide)', async () => {
    const body = await get('/success-cases?relaxed=true&program=welfare-to-work&ageBand=40-44');
    expect(body.aggregates).toEqual({ suppressed: true, reason: 'fewer than k cases' });
    expect(body).toMatchObject({ rows: [], page: { nextCursor: null }, k: 5 });
    const exported = await ayumi.projections().get('/success-cases/export?relaxed=true&program=welfare-to-work&ageBand=40-44&format=ndjson').buffer(true).expect(200);
    expect(exported.text).toBe('');
  });

  it('filters by support duration (both bounds included), fiscal year and relaxation', async () => {
    const days = async (query: string) => (await get(`/success-cases?${query}`)).rows.map((r) => r.daysToPlacement).sort((a, b) => a - b);
    expect(await days('program=welfare-to-work&minDays=30&maxDays=200')).toEqual([30, 60, 90, 120, 145, 200]);
    expect(await days('program=welfare-to-work&minDays=60&maxDays=200')).toEqual([60, 90, 120, 145, 200]);
    expect(await days('program=welfare-to-work&relaxed=true&fiscalYear=2013')).toEqual([30, 60, 90, 145, 200]);
    // Groups below k (one case each, or none) show nothing, whatever the filter.
    for (const query of ['program=welfare-to-work&minDays=60&maxDays=145', 'program=welfare-to-work&relaxed=false', 'fiscalYear=2014', 'fiscalYear=2012']) {
      expect(await get(`/success-cases?${query}`)).toMatchObject({ aggregates: { suppressed: true }, rows: [] });
    }
  });

  it('pages with a keyset cursor: the pages together are the whole group once, each page with the aggregates of the whole group', async () => {
    const whole = await get('/success-cases');
    expect(whole.page).toEqual({ limit: 50, nextCursor: null });
    const { rows, pages } = await allPages(get, 'program=welfare-to-work', 2);
    expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 2]);
    expect(rows).toEqual(whole.rows.filter((r) => r.program === 'welfare-to-work'));
    for (const page of pages) expect(page.aggregates).toEqual(pages[0]!.aggregates);
    expect(rows.map((r) => r.placementMonth)).toEqual([...rows.map((r) => r.placementMonth)].sort());
  });

  it('given a placement retracted, then the case leaves the results', async () => {
    const relaxedGroup = async () => (await get('/success-cases?relaxed=true&program=welfare-to-work')).rows;
    const { caseId, placementId } = await placedCase({
      clientRef: 'C-1007', ageBand: '65-69', program: 'welfare-to-work', openedAt: '2013-06-03T10:00:00+09:00', days: 75, relax: { employmentType: 'part-time' },
    });
    await ayumi.caughtUp();
    expect(await relaxedGroup()).toContainEqual(expect.objectContaining({ daysToPlacement: 75, placementMonth: '2013-08', ageBand: '65-69' }));

    await post(`/cases/${caseId}/placements/${placementId}/retraction`, { reason: 'The employer withdrew the offer', occurredAt: '2013-08-20T10:00:00+09:00' });
    await ayumi.caughtUp();
    expect(await relaxedGroup()).not.toContainEqual(expect.objectContaining({ ageBand: '65-69' }));
    expect(await relaxedGroup()).toHaveLength(5);
  });

  it('exports the same rows as the API, as CSV and as NDJSON', async () => {
    const { rows } = await allPages(get, 'fiscalYear=2013', 3);
    const csv = await ayumi.projections().get('/success-cases/export?fiscalYear=2013&format=csv').buffer(true).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename=success-cases-2013.csv');
    expect(parseCsv(csv.text)).toEqual(rows);
    const ndjson = await ayumi.projections().get('/success-cases/export?fiscalYear=2013&format=ndjson').buffer(true).expect(200);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(parseNdjson(ndjson.text)).toEqual(rows);
    expect(rows).toHaveLength(6);
  });

  it.each([
    ['program=nobody', 'program'],
    ['fiscalYear=13', 'fiscalYear'],
    ['ageBand=59', 'ageBand'],
    ['relaxed=yes', 'relaxed'],
    ['minDays=-1', 'minDays'],
    ['maxDays=1.5', 'maxDays'],
    ['minDays=100&maxDays=10', 'minDays'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['cursor=not%20a%20cursor', 'cursor'],
    ['cursor=WyIyMDEzLTEwIl0', 'cursor'],
    ['caseId=abc', 'caseId'],
  ])('given %s, then 400 problem+json naming %s', async (query, field) => {
    const response = await ayumi.projections().get(`/success-cases?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a bad export format or day range with 400 naming the field, and keeps 404 for an unknown case timeline', async () => {
    const field = async (path: string) => (await ayumi.projections().get(path).expect(400)).body.errors[0].field;
    expect(await field('/success-cases/export?format=xml')).toBe('format');
    expect(await field('/success-cases/export?minDays=9&maxDays=3')).toBe('minDays');
    expect(await field('/success-cases/export?limit=10')).toBe('limit');
    expect((await ayumi.projections().get('/cases/nobody/timeline').expect(404)).body.code).toBe('CASE.NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * A fiscal year with well over 1,000 placed cases, appended straight into the event store: intakes
 * from March to December 2013, placed 10–90 days later (some in FY2012), half relaxed before, one
 * in ten retracted. Returns how many unretracted placements fall in FY2013, counted from the drafts.
 */
function placedCasesLog(cases: number, seed: number): { log: GeneratedLog; placedInFy2013: number } {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const firstIntake = Date.parse('2013-03-01T09:00:00+09:00');
  const appends = [];
  let placedInFy2013 = 0;
  for (let c = 0; c < cases; c += 1) {
    const caseId = randomUUID();
    const placementId = randomUUID();
    const opened = firstIntake + int(305) * DAY_MS + int(8 * 60) * 60_000;
    const placedAt = tokyo(opened + (10 + int(81)) * DAY_MS);
    const event = (type: string, at: number | string, data: object) => ({
      type, schemaVersion: 1, data: { caseId, occurredAt: typeof at === 'string' ? at : tokyo(at), ...data },
    });
    const program = ['welfare-to-work', 'employment-support'][int(2)]!;
    const retracted = rand() < 0.1;
    const events = [
      event('CaseOpened', opened, {
        clientRef: `G-${c}`, ageBand: ['30-34', '45-49', '55-59'][int(3)], agency: 'ward', programs: [program],
        desiredConditions: { employmentType: 'full-time', jobCategories: ['cleaning'], hoursPerWeek: 40, minimumHourlyWage: 950 },
      }),
      ...(rand() < 0.5 ? [event('JobConditionsChanged', opened + DAY_MS, {
        changes: { employmentType: { from: 'full-time', to: 'part-time' }, hoursPerWeek: { from: 40, to: 20 } }, reason: 'Childcare in the afternoons',
      })] : []),
      event('PlacementRecorded', placedAt, {
        placementId, program, employerId: 'generated-employer', jobTitle: 'Cleaner', employmentType: 'part-time',
        startDate: placedAt.slice(0, 10), referralId: null, confirmedBy: 'employer-report',
      }),
      ...(retracted ? [event('PlacementRetracted', placedAt, { placementId, program, reason: 'Offer withdrawn' })] : []),
    ];
    // Every time is written in +09:00, so the month of the placement in Tokyo is its first 7 characters.
    if (!retracted && placedAt.slice(0, 7) >= '2013-04' && placedAt.slice(0, 7) <= '2014-03') placedInFy2013 += 1;
    appends.push({ streamId: `case-${caseId}`, expectedRevision: 0, events });
  }
  const eventCount = appends.reduce((n, a) => n + a.events.length, 0);
  return { log: { phases: [appends], eventCount, cases, closedCases: 0, targets: {} }, placedInFy2013 };
}

describe('the export of a fiscal year with ≥ 1,000 placed cases (PostgreSQL, built CLI)', () => {
  const EXPORT_CLI = join(ROOT, 'dist/apps/projections/src/success-cases/export-success-cases.cli.js');
  const PAGE_SIZE = 100;
  const run = promisify(execFile);
  let schema: Schema;
  let store: EventStore;
  let app: INestApplication;
  let placedInFy2013: number;
  let apiRows: Row[];
  const api = () => request.agent(app.getHttpServer()).set(AS_ADMIN);
  const exportCli = (...args: string[]) => run(process.execPath, [EXPORT_CLI, ...args], {
    cwd: ROOT, maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env, NODE_OPTIONS: '', DATABASE_URL: urlInSchema(TEST_DATABASE_URL, schema.name), SUCCESS_CASES_EXPORT_PAGE_SIZE: String(PAGE_SIZE),
      AYUMI_TOKEN: TEST_ADMIN_TOKEN,
    },
  });

  beforeAll(async () => {
    schema = await freshSchema('success');
    store = await createEventStore(schema.sql);
    const generated = placedCasesLog(1_500, 5);
    placedInFy2013 = generated.placedInFy2013;
    await Promise.all([build(), appendLog(store, generated.log)]);
    app = await createProjectionsApp(
      { eventStore: store, readModels: schema.sql, security: await openTestSecurity(schema.sql), options: { timeZone: 'Asia/Tokyo', batchSize: 1000, pollIntervalMs: 200 } }, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    const runner = app.get(ProjectionRunner);
    const logEvents = await store.countEvents();
    while ((await runner.versions()).some((v) => v.eventsProcessed < logEvents)) await new Promise((r) => setTimeout(r, 100));
    apiRows = (await allPages(async (path) => (await api().get(path).expect(200)).body as SuccessCasesBody, 'fiscalYear=2013', 500)).rows;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await schema?.drop();
  });

  it('lists every unretracted FY2013 placement through the API, over keyset pages of at most 500', () => {
    expect(placedInFy2013).toBeGreaterThanOrEqual(1_000);
    expect(apiRows).toHaveLength(placedInFy2013);
  });

  it('streams the CSV export from the built CLI page by page (constant memory), its rows equal to the API\'s', async () => {
    const { stdout, stderr } = await exportCli('--fiscal-year', '2013', '--format', 'csv');
    expect(parseCsv(stdout)).toEqual(apiRows);
    const pages = Math.ceil(placedInFy2013 / PAGE_SIZE);
    expect(stderr).toContain(`Exported ${placedInFy2013} success cases in ${pages} pages of up to ${PAGE_SIZE} rows (at most ${PAGE_SIZE} rows held at once).`);
  });

  it('streams NDJSON the same way, also from the running service (--url, as with the embedded store), and refuses bad flags naming them', async () => {
    const { stdout } = await exportCli('--fiscal-year=2013', '--format=ndjson');
    expect(parseNdjson(stdout)).toEqual(apiRows);
    const fromService = await exportCli('--fiscal-year', '2013', '--format', 'ndjson', '--url', await app.getUrl());
    expect(parseNdjson(fromService.stdout)).toEqual(apiRows);
    await expect(exportCli('--fiscal-year', '2013', '--min-days', '50', '--max-days', '5')).rejects.toMatchObject({
      code: 1, stderr: expect.stringContaining('--min-days: minDays (50) must not be greater than maxDays (5)'),
    });
    await expect(exportCli('--format', 'xml')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--format: format must be one of') });
  });

  it('given every event delivered a second time, then the success-case rows are unchanged', async () => {
    const tables = app.get(ProjectionRunner).activeTables();
    const snapshot = () => schema.sql.query(`SELECT * FROM ${tables.successCases} ORDER BY case_id`);
    const before = await snapshot();
    const events: StoredEvent[] = [];
    for (let position: string | null = null; ;) {
      const page = await store.readAll(position, 1000);
      if (page.events.length === 0) break;
      events.push(...page.events);
      position = page.position;
    }
    const again = await schema.sql.transaction((tx) => projectBatch(tx, tables, events, 'Asia/Tokyo'));
    expect(again).toMatchObject({ applied: 0, duplicates: events.length });
    expect(await snapshot()).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(placedInFy2013);
  });
});
