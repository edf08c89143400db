import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';
import { readModelDdl, readModelTables } from '../src/read-models/read-model-tables';

const jst = (date: string, time = '10:00:00') => `${date}T${time}+09:00`;
const desired = { employmentType: 'full-time', jobCategories: ['office'] };

type Figures = Record<string, unknown>;

describe.each(['pglite', 'postgres'] as const)('goal counters from the log (%s)', (kind) => {
  let ayumi: AyumiHarness;
  const ids = { a: 'case-a', b: 'case-b', c: 'case-c' };

  const post = async (path: string, body: object) => (await ayumi.caseService().post(path).send(body).expect(201)).body as Record<string, string>;
  const consult = (caseId: string, program: string, occurredAt: string) =>
    post(`/cases/${caseId}/consultations`, { program, channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt });
  const refer = (caseId: string, program: string, occurredAt: string) =>
    post(`/cases/${caseId}/referrals`, { program, employerId: 'emp-1', jobOrderId: 'jo-1', jobTitle: 'Clerk', employmentType: 'part-time', occurredAt });
  const place = (caseId: string, program: string, occurredAt: string) =>
    post(`/cases/${caseId}/placements`, { program, employerId: 'emp-1', jobTitle: 'Clerk', employmentType: 'part-time', startDate: occurredAt.slice(0, 10), confirmedBy: 'employer-report', occurredAt });
  const open = (caseId: string, program: string, date: string) =>
    post('/cases', { caseId, clientRef: `R-${caseId}`, ageBand: '40-44', agency: 'hello-work', programs: [program], desiredConditions: desired, occurredAt: jst(date) });
  const progress = async (query: string) => {
    await ayumi.caughtUp();
    return (await ayumi.projections().get(`/progress?${query}`).expect(200)).body as { programs: Record<string, Record<string, Figures>> };
  };

  beforeAll(async () => {
    ayumi = await startAyumi(kind);
    await ayumi.caseService().put('/plans/2013').send({ targets: [
      { program: 'employment-support', metric: 'visits', period: 'month', target: 10 },
      { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: 6 },
      { program: 'welfare-to-work', metric: 'visits', period: 'month', target: 3 },
      { program: 'piecework', metric: 'services', period: 'fiscal-year', target: 4 },
      { program: 'employer-support', metric: 'companies', period: 'fiscal-year', target: 2 },
    ] }).expect(200);

    await open(ids.a, 'employment-support', '2012-04-02');
    await ayumi.caseService().post(`/cases/${ids.a}/navigator`).send({ navigatorId: 'nav-01', occurredAt: jst('2012-04-02') }).expect(201);
    // FY2012, the previous year: 5 visits, 1 placement.
    for (const d of ['2012-05-10', '2012-05-20', '2012-05-25', '2013-02-05', '2013-02-06']) await consult(ids.a, 'employment-support', jst(d));
    await place(ids.a, 'employment-support', jst('2012-09-01'));
    // FY2013: April has three visits, one on each side of a boundary that UTC would misplace.
    await consult(ids.a, 'employment-support', '2013-03-31T15:30:00Z');
    await consult(ids.a, 'employment-support', jst('2013-04-30', '23:30:00'));
    await consult(ids.a, 'employment-support', jst('2013-04-10'));
    await consult(ids.a, 'employment-support', jst('2013-05-10'));
    const { consultationId: voided } = await consult(ids.a, 'employment-support', jst('2013-05-11'));
    await post(`/cases/${ids.a}/voids`, { recordId: voided, reason: 'entered twice', occurredAt: jst('2013-05-12') });
    await refer(ids.a, 'employment-support', jst('2013-06-05'));
    await place(ids.a, 'employment-support', jst('2013-06-20'));
    const { placementId: retracted } = await place(ids.a, 'employment-support', jst('2013-08-01'));
    await post(`/cases/${ids.a}/placements/${retracted}/retraction`, { reason: 'declined before start', occurredAt: jst('2013-08-05') });
    await consult(ids.a, 'employment-support', jst('2014-03-31', '23:59:00'));
    await consult(ids.a, 'employment-support', jst('2014-04-02'));

    await open(ids.b, 'welfare-to-work', '2013-04-01');
    await consult(ids.b, 'welfare-to-work', jst('2013-04-15'));
    await consult(ids.b, 'welfare-to-work', jst('2013-07-01'));
    await refer(ids.b, 'welfare-to-work', jst('2013-07-02'));
    const { referralId } = await refer(ids.b, 'welfare-to-work', jst('2013-07-03'));
    await post(`/cases/${ids.b}/voids`, { recordId: referralId, reason: 'wrong client', occurredAt: jst('2013-07-04') });

    await open(ids.c, 'piecework', '2013-04-01');
    await consult(ids.c, 'piecework', jst('2013-09-01'));
    await consult(ids.c, 'piecework', jst('2013-09-02'));
    await place(ids.c, 'piecework', jst('2013-09-15'));
    const { placementId: pieceRetracted } = await place(ids.c, 'piecework', jst('2013-10-01'));
    await post(`/cases/${ids.c}/placements/${pieceRetracted}/retraction`, { reason: 'withdrawn', occurredAt: jst('2013-10-02') });

    await post('/employers', { employerId: 'emp-1', name: 'Shinagawa Foods', occurredAt: jst('2013-04-01') });
    await post('/employers/emp-1/hiring-outlooks', { program: 'employer-support', expectedHires: 2, occurredAt: jst('2013-05-01') });
    await post('/employers/emp-1/hiring-outlooks', { program: 'employer-support', expectedHires: 1, occurredAt: jst('2013-11-01') });
  });
  afterAll(() => ayumi.close());

  it('given a year of records, when asked as of 31 October 2013, then every figure is exact', async () => {
    const { programs } = await progress('fiscalYear=2013&asOf=2013-10-31');

    expect(programs['employment-support']!['visits']).toMatchObject({
      period: 'month', target: 10, total: 5, monthsElapsed: 7,
      byMonth: { '2013-04': 3, '2013-05': 1, '2013-06': 1, '2013-07': 0, '2013-08': 0, '2013-09': 0, '2013-10': 0 },
      requiredPerRemainingMonth: null, previousYear: { total: 5 },
    });
    const visits = programs['employment-support']!['visits']!;
    expect(visits['monthlyAverage']).toBeCloseTo(5 / 7, 12);
    expect(visits['achievementRate']).toBeCloseTo(5 / 7 / 10, 12);
    expect(visits['forecast']).toBeCloseTo((5 / 7) * 12, 12);
    expect((visits['previousYear'] as Figures)['monthlyAverage']).toBeCloseTo(5 / 12, 12);

    const placements = programs['employment-support']!['placements']!;
    expect(placements).toMatchObject({ period: 'fiscal-year', target: 6, total: 1, requiredPerRemainingMonth: 1, previousYear: { total: 1 } });
    expect(placements['byMonth']).toMatchObject({ '2013-06': 1, '2013-08': 0 });
    expect(placements['achievementRate']).toBeCloseTo(1 / 6, 12);
    expect(placements['forecast']).toBeCloseTo(12 / 7, 12);

    const welfare = programs['welfare-to-work']!['visits']!;
    expect(welfare).toMatchObject({ target: 3, total: 3, byMonth: { '2013-04': 1, '2013-07': 2 } });
    expect(welfare['achievementRate']).toBeCloseTo(3 / 7 / 3, 12);

    const piecework = programs['piecework']!['services']!;
    expect(piecework).toMatchObject({ target: 4, total: 3, byMonth: { '2013-09': 3, '2013-10': 0 }, breakdown: { placements: { total: 1 } } });
    expect(piecework['achievementRate']).toBeCloseTo(3 / 4, 12);
    expect(piecework['requiredPerRemainingMonth']).toBeCloseTo(1 / 5, 12);

    const companies = programs['employer-support']!['companies']!;
    expect(companies).toMatchObject({ target: 2, total: 1, byMonth: { '2013-05': 1 } });
    expect(companies['requiredPerRemainingMonth']).toBeCloseTo(1 / 5, 12);
  });

  it('given the last day of the year, then twelve months have elapsed and no monthly rate is required', async () => {
    const { programs } = await progress('fiscalYear=2013&asOf=2014-03-31');
    expect(programs['employment-support']!['visits']).toMatchObject({ total: 6, monthsElapsed: 12, monthlyAverage: 0.5, forecast: 6 });
    expect((programs['employment-support']!['visits']!['byMonth'] as Figures)['2014-03']).toBe(1);
    expect(programs['employment-support']!['placements']).toMatchObject({ total: 1, requiredPerRemainingMonth: null });
    expect(programs['employer-support']!['companies']).toMatchObject({ total: 2, achievementRate: 1 });
  });

  it('given the next fiscal year, then it counts only its own months and reports the last year whole', async () => {
    const { programs } = await progress('fiscalYear=2014&asOf=2014-04-30&program=employment-support');
    expect(Object.keys(programs)).toEqual(['employment-support']);
    expect(programs['employment-support']!['visits']).toMatchObject({ total: 1, monthsElapsed: 1, target: null, achievementRate: null, previousYear: { total: 6, monthlyAverage: 0.5 } });
  });

  it('given a record entered late, then it raises its own month, and knownAt before its recording hides it', async () => {
    await ayumi.caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await consult(ids.a, 'employment-support', jst('2013-05-15'));

    const now = await progress('fiscalYear=2013&asOf=2013-10-31&program=employment-support');
    const then = await progress(`fiscalYear=2013&asOf=2013-10-31&program=employment-support&knownAt=${encodeURIComponent(before)}`);
    expect((now.programs['employment-support']!['visits']!['byMonth'] as Figures)['2013-05']).toBe(2);
    expect((then.programs['employment-support']!['visits']!['byMonth'] as Figures)['2013-05']).toBe(1);
    expect(then.programs['employment-support']!['visits']!['total']).toBe(5);
  });

  it('lists a navigator\'s open cases', async () => {
    await ayumi.caughtUp();
    const { body } = await ayumi.projections().get('/caseloads/nav-01').expect(200);
    expect(body).toMatchObject({ navigatorId: 'nav-01', openCases: 1, cases: [{ caseId: ids.a, ageBand: '40-44', programs: ['employment-support'] }] });
    expect(body.cases[0].lastContactAt).toBe('2014-04-02T01:00:00.000Z');
  });

  it('given the projections caught up, then /metrics reports no lag, in events or seconds', async () => {
    await ayumi.caughtUp();
    const { text } = await ayumi.projections().get('/metrics').expect(200);
    expect(text).toMatch(/^ayumi_projection_lag_events\{version="1",status="active"\} 0$/m);
    expect(text).toMatch(/^ayumi_projection_lag_seconds\{version="1",status="active"\} 0$/m);
  });

  it('given the latest contact voided, then the last contact is the one before it', async () => {
    await post(`/cases/${ids.b}/navigator`, { navigatorId: 'nav-02', occurredAt: jst('2013-07-05') });
    await ayumi.caughtUp();
    const { body } = await ayumi.projections().get('/caseloads/nav-02').expect(200);
    expect(body.cases).toEqual([expect.objectContaining({ caseId: ids.b, lastContactAt: '2013-07-02T01:00:00.000Z' })]);
  });

  it('given a counted-records table keyed by the record alone (from before), when its tables are set up again, then it gains an owner index and a void still un-counts', async () => {
    const { countedRecords } = readModelTables(1);
    await ayumi.sql.query(`ALTER TABLE ${countedRecords} DROP CONSTRAINT ${countedRecords}_pkey, ADD PRIMARY KEY (record_id, program, metric)`);
    for (const statement of readModelDdl(readModelTables(1))) await ayumi.sql.query(statement);
    const indexes = await ayumi.sql.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', [countedRecords]);
    expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringMatching(/_by_owner ON .* \(owner_id\)$/));

    const caseId = 'case-old-key';
    await open(caseId, 'employment-support', '2011-04-01');
    const { consultationId } = await consult(caseId, 'employment-support', jst('2011-05-01'));
    expect((await progress('fiscalYear=2011&asOf=2012-03-31')).programs['employment-support']!['visits']).toMatchObject({ total: 1 });
    await post(`/cases/${caseId}/voids`, { recordId: consultationId, reason: 'wrong case', occurredAt: jst('2011-05-02') });

    expect((await progress('fiscalYear=2011&asOf=2012-03-31')).programs['employment-support']!['visits']).toMatchObject({ total: 0 });
  });

  it('given a caseload row from before contacts were kept, when a later contact is recorded and voided, then the last contact falls back to the row\'s own', async () => {
    const caseId = 'case-before-upgrade';
    await open(caseId, 'employment-support', '2010-04-01');
    await post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-04', occurredAt: jst('2010-04-01') });
    await consult(caseId, 'employment-support', jst('2010-05-01'));
    await ayumi.caughtUp();
    const tables = readModelTables(1);
    await ayumi.sql.query(`UPDATE ${tables.caseloads} SET contacts = '{}', earlier_contact_at = NULL WHERE case_id = $1`, [caseId]);
    for (const statement of readModelDdl(tables)) await ayumi.sql.query(statement);

    const { consultationId } = await consult(caseId, 'employment-support', jst('2010-06-01'));
    await post(`/cases/${caseId}/voids`, { recordId: consultationId, reason: 'wrong case', occurredAt: jst('2010-06-02') });
    await ayumi.caughtUp();

    const { body } = await ayumi.projections().get('/caseloads/nav-04').expect(200);
    expect(body.cases).toEqual([expect.objectContaining({ caseId, lastContactAt: '2010-05-01T01:00:00.000Z' })]);
  });

  it('given the three latest of five contacts voided, then the last contact is the second', async () => {
    const caseId = 'case-long-ago';
    await open(caseId, 'employment-support', '2010-04-01');
    await post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-03', occurredAt: jst('2010-04-01') });
    const consultations = [];
    for (const day of ['2010-05-01', '2010-06-01', '2010-07-01', '2010-08-01', '2010-09-01']) consultations.push((await consult(caseId, 'employment-support', jst(day))).consultationId!);
    for (const recordId of consultations.slice(2)) await post(`/cases/${caseId}/voids`, { recordId, reason: 'wrong case', occurredAt: jst('2010-10-01') });
    await ayumi.caughtUp();
    const { body } = await ayumi.projections().get('/caseloads/nav-03').expect(200);
    expect(body.cases).toEqual([expect.objectContaining({ caseId, lastContactAt: '2010-06-01T01:00:00.000Z' })]);
  });

  it('given a rebuild, then reads switch to the new version with the same figures and it keeps following the log', async () => {
    const before = await progress('fiscalYear=2013&asOf=2014-03-31');
    const { body: building } = await ayumi.projections().post('/projections/rebuild').expect(202);
    for (;;) {
      const { body } = await ayumi.projections().get('/projections').expect(200);
      if (body.versions.some((v: { version: number; status: string }) => v.version === building.version && v.status === 'active')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await progress('fiscalYear=2013&asOf=2014-03-31')).toEqual(before);

    await consult(ids.a, 'employment-support', jst('2013-06-30'));
    const after = await progress('fiscalYear=2013&asOf=2014-03-31&program=employment-support');
    expect(after.programs['employment-support']!['visits']!['total']).toBe((before.programs['employment-support']!['visits']!['total'] as number) + 1);
  });

  it('given a fiscal year still to come and no asOf, then the figures are as of its first day', async () => {
    const { body } = await ayumi.projections().get('/progress?fiscalYear=2099').expect(200);
    expect(body).toMatchObject({ fiscalYear: 2099, asOf: '2099-04-01' });
  });

  it.each([
    ['an unknown program', 'fiscalYear=2013&program=astrology', 'program'],
    ['a malformed date', 'fiscalYear=2013&asOf=2013-13-01', 'asOf'],
    ['a fiscal year out of range', 'fiscalYear=1999', 'fiscalYear'],
    ['a missing fiscal year', 'asOf=2013-10-31', 'fiscalYear'],
    ['a knownAt that is not a date-time', 'fiscalYear=2013&knownAt=yesterday', 'knownAt'],
    ['a knownAt offset PostgreSQL cannot hold', 'fiscalYear=2013&knownAt=2013-10-01T00:00:00%2B16:00', 'knownAt'],
    ['asOf before the fiscal year', 'fiscalYear=2013&asOf=2013-03-31', 'asOf'],
    ['an unknown parameter', 'fiscalYear=2013&colour=red', 'colour'],
    ['an unknown metric', 'fiscalYear=2013&metric=nope', 'metric'],
    ['a metric the program does not have', 'fiscalYear=2013&program=piecework&metric=visits', 'metric'],
  ])('given %s, then 400 problem+json naming it', async (_, query, field) => {
    const response = await ayumi.projections().get(`/progress?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  // Last: it changes the plan.
  it('given a target revised, then knownAt before the revision reports the target then in force, and before the plan none', async () => {
    const pause = () => new Promise((r) => setTimeout(r, 20));
    await pause();
    const beforeRevision = new Date().toISOString();
    await pause();
    await ayumi.caseService().put('/plans/2013').send({ targets: [
      { program: 'employment-support', metric: 'visits', period: 'month', target: 10 },
      { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: 6 },
      { program: 'welfare-to-work', metric: 'visits', period: 'month', target: 5 },
      { program: 'piecework', metric: 'services', period: 'fiscal-year', target: 4 },
    ] }).expect(200);
    const welfare = async (knownAt?: string) => (await progress(
      `fiscalYear=2013&asOf=2013-10-31${knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : ''}`)).programs;

    const now = await welfare();
    expect([now['welfare-to-work']!['visits']!['target'], now['employer-support']!['companies']!['target']]).toEqual([5, null]);
    const then = await welfare(beforeRevision);
    expect([then['welfare-to-work']!['visits']!['target'], then['employer-support']!['companies']!['target']]).toEqual([3, 2]);
    const beforePlan = await welfare('2000-01-01T00:00:00Z');
    expect([beforePlan['welfare-to-work']!['visits']!['target'], beforePlan['welfare-to-work']!['visits']!['achievementRate']]).toEqual([null, null]);
  });
});
