import type { Test } from 'supertest';
import type { CaseServiceHarness } from './case-service.harness';
import { startCaseService } from './case-service.harness';
import { consultation, intake } from './seed-story';

type BadRequest = Readonly<{
  name: string;
  send: (http: CaseServiceHarness['http'], ids: { open: string; closed: string }) => Test;
  status: number;
  code: string;
  field?: string;
}>;

const at = (occurredAt: string) => consultation(occurredAt);
const valid = at('2013-05-15T10:00:00+09:00');

const cases: readonly BadRequest[] = [
  {
    name: 'a client reference that is a name, not an id',
    send: (http) => http().post('/cases').send({ ...intake, clientRef: '山田 太郎' }),
    status: 400, code: 'VALIDATION.FAILED', field: 'clientRef',
  },
  {
    name: 'a case id in the path that is not valid percent-encoding',
    send: (http) => http().post('/cases/%E0%A4%A/consultations').send(valid),
    status: 400, code: 'REQUEST.INVALID_PATH', field: 'path',
  },
  {
    name: 'malformed JSON',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).set('Content-Type', 'application/json').send('{"program": "welfare-to-work",'),
    status: 400, code: 'REQUEST.MALFORMED_JSON', field: 'body',
  },
  {
    name: 'a JSON array instead of an object',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send([valid]),
    status: 400, code: 'VALIDATION.FAILED',
  },
  {
    name: 'a wrong type',
    send: (http) => http().post('/cases').send({ ...intake, desiredConditions: { ...intake.desiredConditions, hoursPerWeek: 'forty' } }),
    status: 400, code: 'VALIDATION.FAILED', field: 'desiredConditions.hoursPerWeek',
  },
  {
    name: 'a list where an object belongs (desired conditions)',
    send: (http) => http().post('/cases').send({ ...intake, desiredConditions: [intake.desiredConditions] }),
    status: 400, code: 'VALIDATION.FAILED', field: 'desiredConditions',
  },
  {
    name: 'a list where an object belongs (personal data)',
    send: (http) => http().post('/cases').send({ ...intake, personalData: [] }),
    status: 400, code: 'VALIDATION.FAILED', field: 'personalData',
  },
  {
    name: 'a list where an object belongs (condition changes)',
    send: (http, { open }) => http().post(`/cases/${open}/condition-changes`).send({ changes: [], reason: 'wider search' }),
    status: 400, code: 'VALIDATION.FAILED', field: 'changes',
  },
  {
    name: 'a list where a target belongs',
    send: (http) => http().put('/plans/2013').send({ targets: [[]] }),
    status: 400, code: 'VALIDATION.FAILED', field: 'targets',
  },
  {
    name: 'a string where a list belongs',
    send: (http) => http().post('/cases').send({ ...intake, programs: 'welfare-to-work' }),
    status: 400, code: 'VALIDATION.FAILED', field: 'programs',
  },
  {
    name: 'a missing field',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send({ ...valid, channel: undefined }),
    status: 400, code: 'VALIDATION.FAILED', field: 'channel',
  },
  {
    name: 'an unknown field',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send({ ...valid, mood: 'hopeful' }),
    status: 400, code: 'VALIDATION.FAILED', field: 'mood',
  },
  {
    name: 'a prototype-pollution key',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).set('Content-Type', 'application/json').send(`{"__proto__":{"admin":true},${JSON.stringify(valid).slice(1)}`),
    status: 400, code: 'VALIDATION.FAILED', field: '__proto__',
  },
  {
    name: 'a body over 1 MB',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send({ ...valid, note: 'x'.repeat(1_100_000) }),
    status: 413, code: 'REQUEST.TOO_LARGE', field: 'body',
  },
  {
    name: 'an impossible date',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send(at('2013-02-30T10:00:00+09:00')),
    status: 400, code: 'VALIDATION.FAILED', field: 'occurredAt',
  },
  {
    name: 'a date-time without offset',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send(at('2013-05-15T10:00:00')),
    status: 400, code: 'VALIDATION.FAILED', field: 'occurredAt',
  },
  {
    name: 'an offset PostgreSQL cannot hold',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send(at('2013-05-15T10:00:00+16:00')),
    status: 400, code: 'VALIDATION.FAILED', field: 'occurredAt',
  },
  {
    name: 'a date in the future',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send(at('2999-01-01T10:00:00+09:00')),
    status: 422, code: 'TIME.IN_FUTURE', field: 'occurredAt',
  },
  {
    name: 'a date before the intake',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send(at('2013-05-01T10:00:00+09:00')),
    status: 422, code: 'TIME.BEFORE_INTAKE', field: 'occurredAt',
  },
  {
    name: 'an unknown program',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).send({ ...valid, program: 'astrology' }),
    status: 422, code: 'CATALOG.UNKNOWN_PROGRAM', field: 'program',
  },
  {
    name: 'an unknown metric in a plan',
    send: (http) => http().put('/plans/2013').send({ targets: [{ program: 'piecework', metric: 'smiles', period: 'fiscal-year', target: 1 }] }),
    status: 422, code: 'CATALOG.UNKNOWN_METRIC', field: 'targets[0].metric',
  },
  {
    name: 'a fiscal year out of range',
    send: (http) => http().put('/plans/1850').send({ targets: [] }),
    status: 400, code: 'REQUEST.INVALID_PARAMETER', field: 'fiscalYear',
  },
  {
    name: 'an unknown case id',
    send: (http) => http().post('/cases/no-such-case/consultations').send(valid),
    status: 404, code: 'CASE.NOT_FOUND',
  },
  {
    name: 'reading an unknown case',
    send: (http) => http().get('/cases/no-such-case'),
    status: 404, code: 'CASE.NOT_FOUND',
  },
  {
    name: 'an outcome for an unknown referral',
    send: (http, { open }) => http().post(`/cases/${open}/referrals/no-such-referral/outcome`).send({ outcome: 'hired' }),
    status: 404, code: 'REFERRAL.NOT_FOUND',
  },
  {
    name: 'null for a condition that can only be changed, not unset',
    send: (http, { open }) => http().post(`/cases/${open}/condition-changes`).send({ changes: { employmentType: null, jobCategories: null }, reason: 'x' }),
    status: 400, code: 'VALIDATION.FAILED', field: 'changes.jobCategories',
  },
  {
    name: 'a referral id that names a member of every object',
    send: (http, { open }) => http().post(`/cases/${open}/referrals/constructor/outcome`).send({ outcome: 'hired' }),
    status: 404, code: 'REFERRAL.NOT_FOUND',
  },
  {
    name: 'a record id that names a member of every object',
    send: (http, { open }) => http().post(`/cases/${open}/voids`).send({ recordId: 'toString', reason: 'x' }),
    status: 422, code: 'RECORD.NOT_FOUND', field: 'recordId',
  },
  {
    name: 'a step on a closed case',
    send: (http, { closed }) => http().post(`/cases/${closed}/consultations`).send(valid),
    status: 409, code: 'CASE.CLOSED',
  },
  {
    name: 'a stale If-Match',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).set('If-Match', '"0"').send(valid),
    status: 409, code: 'CONCURRENCY.STALE_REVISION', field: 'If-Match',
  },
  {
    name: 'a malformed If-Match',
    send: (http, { open }) => http().post(`/cases/${open}/consultations`).set('If-Match', 'yesterday').send(valid),
    status: 400, code: 'REQUEST.INVALID_HEADER', field: 'If-Match',
  },
  {
    name: 'an unknown route',
    send: (http) => http().post('/cases/x/horoscope').send({}),
    status: 404, code: 'HTTP.404',
  },
];

describe.each(['pglite', 'postgres'] as const)('bad input is refused with problem+json and loses nothing (%s)', (kind) => {
  let service: CaseServiceHarness;
  const ids = { open: '', closed: '' };

  beforeAll(async () => {
    service = await startCaseService(kind);
    ids.open = (await service.http().post('/cases').send(intake).expect(201)).body.caseId;
    ids.closed = (await service.http().post('/cases').send(intake).expect(201)).body.caseId;
    await service.http().post(`/cases/${ids.closed}/closure`).send({ reason: 'moved' }).expect(201);
  });
  afterAll(() => service.close());

  it.each(cases)('$name → $status $code', async ({ send, status, code, field }) => {
    const before = await Promise.all([service.stream(`case-${ids.open}`), service.stream(`case-${ids.closed}`), service.stream('plan-2013')]);

    const response = await send(service.http, ids);

    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    const after = await Promise.all([service.stream(`case-${ids.open}`), service.stream(`case-${ids.closed}`), service.stream('plan-2013')]);
    expect(after).toEqual(before);
  });

  it.each([
    { name: 'the same client', second: { clientRef: intake.clientRef } },
    { name: 'another client, with personal data', second: { clientRef: 'C-0043', personalData: { name: 'Sato Hanako' } } },
  ])('given a case opened with an Idempotency-Key, when the key is sent again to open another case ($name), then 422 IDEMPOTENCY.KEY_REUSED and no second case', async ({ second }) => {
    const key = `open-${kind}-${second.clientRef}`;
    await service.http().post('/cases').set('Idempotency-Key', key)
      .send({ ...intake, caseId: `${key}-a`, personalData: { name: 'Yamada Taro' } }).expect(201);

    const response = await service.http().post('/cases').set('Idempotency-Key', key).send({ ...intake, ...second, caseId: `${key}-b` });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', errors: [expect.objectContaining({ field: 'Idempotency-Key' })] });
    expect(await service.stream(`case-${key}-b`)).toEqual([]);
    await service.http().get(`/cases/${key}-b`).expect(404);
  });
});
