import type { CaseServiceHarness } from './case-service.harness';
import { startCaseService } from './case-service.harness';
import { consultation, intake, placement, referral, relaxation } from './seed-story';

describe.each(['pglite', 'postgres'] as const)('the seed success story through HTTP (%s)', (kind) => {
  let service: CaseServiceHarness;
  beforeAll(async () => {
    service = await startCaseService(kind);
  });
  afterAll(() => service.close());

  it('records every step of the journey as events and survives a restart', async () => {
    const opened = await service.http().post('/cases').send(intake).expect(201);
    const { caseId } = opened.body as { caseId: string };
    expect(opened.body).toEqual({ caseId, revision: 1 });
    expect(opened.headers['etag']).toBe('"1"');

    await service.http().post(`/cases/${caseId}/navigator`).send({ navigatorId: 'nav-07', occurredAt: '2013-05-08T10:30:00+09:00' }).expect(201);
    for (const at of ['2013-05-15', '2013-06-12', '2013-07-10', '2013-08-07']) {
      const res = await service.http().post(`/cases/${caseId}/consultations`).send(consultation(`${at}T10:00:00+09:00`)).expect(201);
      expect(res.body).toEqual({ caseId, revision: expect.any(Number), consultationId: expect.any(String) });
    }
    await service.http().post(`/cases/${caseId}/condition-changes`).send(relaxation).expect(201);
    const referred = await service.http().post(`/cases/${caseId}/referrals`).send(referral).expect(201);
    const { referralId } = referred.body as { referralId: string };
    await service.http().post(`/cases/${caseId}/referrals/${referralId}/outcome`).send({ outcome: 'hired', occurredAt: '2013-09-30T17:00:00+09:00' }).expect(201);
    const placed = await service.http().post(`/cases/${caseId}/placements`).send(placement(referralId)).expect(201);
    expect(placed.body).toEqual({ caseId, revision: 10, placementId: expect.any(String) });
    await service.http().post(`/cases/${caseId}/closure`).send({ reason: 'placed', occurredAt: '2013-10-08T09:00:00+09:00' }).expect(201);

    const types = (await service.stream(`case-${caseId}`)).map((e) => e.type);
    expect(types).toEqual([
      'CaseOpened', 'NavigatorAssigned', 'ConsultationHeld', 'ConsultationHeld', 'ConsultationHeld', 'ConsultationHeld',
      'JobConditionsChanged', 'JobReferralIssued', 'ReferralOutcomeRecorded', 'PlacementRecorded', 'CaseClosed',
    ]);
    const relaxed = (await service.stream(`case-${caseId}`))[6]!;
    expect(relaxed.data).toMatchObject({
      changes: {
        employmentType: { from: 'full-time', to: 'part-time' },
        jobCategories: { from: ['restaurant'], to: ['restaurant', 'cleaning'], added: ['cleaning'], removed: [] },
        hoursPerWeek: { from: 40, to: 20 },
      },
    });

    service = await service.restart();
    const current = await service.http().get(`/cases/${caseId}`).expect(200);
    expect(current.headers['etag']).toBe('"11"');
    expect(current.body).toMatchObject({
      caseId, status: 'closed', closureReason: 'placed', revision: 11, navigatorId: 'nav-07',
      conditions: { employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20 },
      referrals: { [referralId]: { outcome: 'hired' } },
    });
  });

  it('records employers and the business plan', async () => {
    const employer = await service.http().post('/employers').send({ name: 'Shinagawa Building Services', employerId: 'sbs' }).expect(201);
    expect(employer.body).toEqual({ employerId: 'sbs', revision: 1 });
    const outlook = await service.http().post('/employers/sbs/hiring-outlooks').send({ program: 'employer-support', expectedHires: 3 }).expect(201);
    expect(outlook.body).toEqual({ employerId: 'sbs', revision: 2, outlookId: expect.any(String) });
    const order = await service.http().post('/employers/sbs/job-orders').send({ jobTitle: 'Cleaner', employmentType: 'part-time', openings: 2 }).expect(201);
    expect(order.body).toEqual({ employerId: 'sbs', revision: 3, jobOrderId: expect.any(String) });

    const targets = [
      { program: 'employment-support', metric: 'visits', period: 'month', target: 1200 },
      { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: 500 },
    ];
    expect((await service.http().put('/plans/2013').send({ targets }).expect(200)).body).toEqual({ fiscalYear: 2013, revision: 1 });
    expect((await service.http().put('/plans/2013').send({ targets }).expect(200)).body).toEqual({ fiscalYear: 2013, revision: 1 });
    const revised = [{ ...targets[0]!, target: 1300 }, targets[1]!];
    expect((await service.http().put('/plans/2013').send({ targets: revised }).expect(200)).body).toEqual({ fiscalYear: 2013, revision: 2 });
    expect((await service.stream('plan-2013')).map((e) => e.type)).toEqual(['BusinessPlanAdopted', 'TargetRevised']);
  });

  it('returns the first result for a retried command and appends nothing', async () => {
    const { body: { caseId } } = await service.http().post('/cases').set('Idempotency-Key', `intake-${kind}`).send(intake).expect(201);
    const again = await service.http().post('/cases').set('Idempotency-Key', `intake-${kind}`).send(intake).expect(201);
    expect(again.body).toEqual({ caseId, revision: 1 });
    // With personal data, which the retry check compares in the vault.
    const withName = { ...intake, clientRef: `C-NAMED-${kind}`, personalData: { name: 'Yamada Taro' } };
    const named = await service.http().post('/cases').set('Idempotency-Key', `named-${kind}`).send(withName).expect(201);
    expect((await service.http().post('/cases').set('Idempotency-Key', `named-${kind}`).send(withName).expect(201)).body).toEqual(named.body);

    const first = await service.http().post(`/cases/${caseId}/consultations`).set('Idempotency-Key', 'k-1').send(consultation('2013-05-15T10:00:00+09:00')).expect(201);
    await service.http().post(`/cases/${caseId}/consultations`).send(consultation('2013-05-16T10:00:00+09:00')).expect(201);
    const retried = await service.http().post(`/cases/${caseId}/consultations`).set('Idempotency-Key', 'k-1').send(consultation('2013-05-15T10:00:00+09:00')).expect(201);
    expect(retried.body).toEqual(first.body);
    // The same command spelled with a trailing slash or a %-escaped id.
    const escaped = caseId.replace(/^./, (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const path of [`/cases/${caseId}/consultations/`, `/cases/${escaped}/consultations`]) {
      const respelled = await service.http().post(path).set('Idempotency-Key', 'k-1').send(consultation('2013-05-15T10:00:00+09:00')).expect(201);
      expect(respelled.body).toEqual(first.body);
    }
    expect(await service.stream(`case-${caseId}`)).toHaveLength(3);

    const reused = await service.http().post(`/cases/${caseId}/consultations`).set('Idempotency-Key', 'k-1').send(consultation('2013-05-17T10:00:00+09:00')).expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(await service.stream(`case-${caseId}`)).toHaveLength(3);
  });

  it('makes a write conditional on If-Match', async () => {
    const { body: { caseId } } = await service.http().post('/cases').send(intake).expect(201);
    await service.http().post(`/cases/${caseId}/consultations`).set('If-Match', '"1"').send(consultation('2013-05-15T10:00:00+09:00')).expect(201);
    const stale = await service.http().post(`/cases/${caseId}/consultations`).set('If-Match', '"1"').send(consultation('2013-05-16T10:00:00+09:00')).expect(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 409, code: 'CONCURRENCY.STALE_REVISION', errors: [{ field: 'If-Match' }] });
    expect(await service.stream(`case-${caseId}`)).toHaveLength(2);
  });

  it('imports NDJSON commands line by line, reporting bad lines without stopping', async () => {
    const lines = [
      { method: 'POST', path: '/cases', body: { ...intake, caseId: `imported-${kind}` }, idempotencyKey: 'import-1' },
      'this is not json',
      { method: 'POST', path: `/cases/imported-${kind}/consultations`, body: consultation('2013-05-15T10:00:00+09:00') },
      { method: 'POST', path: `/cases/imported-${kind}/consultations`, body: { ...consultation('2013-05-15T10:00:00+09:00'), program: 'astrology' } },
      { method: 'POST', path: '/nowhere', body: {} },
      { method: 'POST', path: `/cases/imported-${kind}/consultations`, body: consultation('2013-06-15T10:00:00+09:00') },
      { method: 'POST', path: `/cases/imported-${kind}/consultations`, body: consultation('2013-07-15T10:00:00+09:00'), ifMatch: '1' },
      { method: 'POST', path: '/cases', body: { ...intake, caseId: `imported-other-${kind}` }, idempotencyKey: 'import-1' },
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

    const res = await service.http().post('/imports').set('Content-Type', 'application/x-ndjson').send(lines).expect(200);
    const results = (res.text.trim().split('\n').map((l) => JSON.parse(l)) as { line: number; status: number; body: Record<string, unknown> }[]);
    expect(results.map((r) => [r.line, r.status])).toEqual([[1, 201], [2, 400], [3, 201], [4, 422], [5, 404], [6, 201], [7, 409], [8, 422]]);
    expect(results[6]!.body).toMatchObject({ code: 'CONCURRENCY.STALE_REVISION', errors: [{ field: 'ifMatch' }] });
    expect(results[7]!.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', errors: [{ field: 'idempotencyKey' }] });
    expect(results[0]!.body).toEqual({ caseId: `imported-${kind}`, revision: 1 });
    expect(results[3]!.body).toMatchObject({ code: 'CATALOG.UNKNOWN_PROGRAM', errors: [{ field: 'program' }] });
    expect(await service.stream(`case-imported-${kind}`)).toHaveLength(3);

    // As Express routes it, whatever the spelling.
    for (const [path, caseId] of [['/imports/', `imported-slash-${kind}`], ['/Imports', `imported-case-${kind}`]] as const) {
      const line = JSON.stringify({ method: 'POST', path: '/cases', body: { ...intake, caseId } });
      const spelled = await service.http().post(path).set('Content-Type', 'application/x-ndjson').send(line).expect(200);
      expect(JSON.parse(spelled.text.trim())).toMatchObject({ line: 1, status: 201 });
    }
  });

  it.each([
    ['as JSON', 'application/json'],
    ['with a form content type', 'application/x-www-form-urlencoded'],
  ])('given an import sent %s, then 415 naming Content-Type and nothing imported', async (_, contentType) => {
    const line = JSON.stringify({ method: 'POST', path: '/cases', body: { ...intake, caseId: `not-imported-${kind}` } });

    const res = await service.http().post('/imports').set('Content-Type', contentType).send(line).expect(415);

    expect(res.body).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', errors: [{ field: 'Content-Type' }] });
    expect(await service.stream(`case-not-imported-${kind}`)).toEqual([]);
  });

  it('serves the OpenAPI description at /docs', async () => {
    const doc = await service.http().get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/cases', '/cases/{caseId}/consultations', '/plans/{fiscalYear}', '/imports']));
    expect(doc.body.components.schemas.RecordConsultationRequest.properties).toHaveProperty('channel');
    await service.http().get('/docs').expect(200);
  });
});
