import type { ListeningCaseService, RunningCaseService } from '../../../test/fault-drills/support/in-process-case-service';
import { listenCaseService, startCaseServiceInProcess } from '../../../test/fault-drills/support/in-process-case-service';
import { VAULT_RECORDS_TABLE } from '@ayumi/security';
import { consultation, intake } from './seed-story';

/**
 * Each instance keeps the streams it wrote (kept state); another instance may have written since.
 * A refusal must rest on what the store holds, not on a kept state that is behind.
 */
describe.each(['pglite', 'postgres'] as const)('two case-service instances on one store (%s)', (kind) => {
  let first: RunningCaseService;
  let second: ListeningCaseService;

  beforeAll(async () => {
    first = await startCaseServiceInProcess(kind);
    second = await listenCaseService(first.store, first.sql);
  });
  afterAll(async () => {
    await second?.app.close();
    await first?.close();
  });

  it('given a case closed through one instance and reopened through the other, when the first records a consultation, then it is accepted', async () => {
    const { caseId } = (await first.client.post('/cases', intake)).body as { caseId: string };
    expect((await first.client.post(`/cases/${caseId}/closure`, { reason: 'moved', occurredAt: '2013-06-01T10:00:00+09:00' })).status).toBe(201);
    expect((await second.client.post(`/cases/${caseId}/reopening`, { reason: 'back from the move', occurredAt: '2013-06-10T10:00:00+09:00' })).status).toBe(201);

    const response = await first.client.post(`/cases/${caseId}/consultations`, consultation('2013-06-12T10:00:00+09:00'));

    expect(response.body).toMatchObject({ caseId, revision: 4 });
    expect(response.status).toBe(201);
  });

  it('given a navigator assigned through the second instance since the first kept the case, when the first assigns its own again, then it is recorded, and a stale If-Match is refused', async () => {
    const { caseId } = (await first.client.post('/cases', intake)).body as { caseId: string };
    expect((await first.client.post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-07' })).status).toBe(201);
    expect((await second.client.post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-08' })).status).toBe(201);

    const stale = await first.client.post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-07' }, { 'If-Match': '2' });
    const again = await first.client.post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-07' });

    expect(stale.status).toBe(409);
    expect(again.body).toMatchObject({ caseId, revision: 4 });
    expect((await second.client.get(`/cases/${caseId}`)).body).toMatchObject({ navigatorId: 'nav-07', revision: 4 });
  });

  it('given a keyed consultation with a note recorded through one instance, when the key comes with another body through the other (its kept state behind), then 422 and the recorded note is untouched', async () => {
    const { caseId } = (await second.client.post('/cases', intake)).body as { caseId: string };
    const key = { 'Idempotency-Key': `note-${caseId}` };
    const recorded = await first.client.post(`/cases/${caseId}/consultations`, consultation('2013-06-12T10:00:00+09:00', 'Talked about the CV'), key);
    expect(recorded.status).toBe(201);

    const other = await second.client.post(`/cases/${caseId}/consultations`,
      { ...consultation('2013-06-12T10:00:00+09:00', 'Something else entirely'), program: 'employment-support' }, key);
    const retry = await second.client.post(`/cases/${caseId}/consultations`, consultation('2013-06-12T10:00:00+09:00', 'Talked about the CV'), key);

    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    // The first request's note is still the one its event refers to: its genuine retry is the same request.
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(recorded.body);
    expect(await first.store.readStream(`case-${caseId}`)).toHaveLength(2);
  });

  it('given a keyed plan change recorded through the second instance, when it is retried through the first (its kept plan behind), then the first result, not 422', async () => {
    const fiscalYear = 2030 + (kind === 'pglite' ? 0 : 1);
    const targets = (visits: number, placements: number) => ({ targets: [
      { program: 'employment-support', metric: 'visits', period: 'month', target: visits },
      { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: placements },
    ] });
    const put = (client: RunningCaseService['client'], body: object, headers: Record<string, string> = {}) =>
      client.request('PUT', `/plans/${fiscalYear}`, { json: body, headers });
    expect((await put(first.client, targets(10, 6))).status).toBe(200);
    expect((await put(second.client, targets(12, 6))).status).toBe(200);
    const key = { 'Idempotency-Key': `plan-${fiscalYear}` };
    const recorded = await put(second.client, targets(12, 8), key);
    expect(recorded.status).toBe(200);

    const retry = await put(first.client, targets(12, 8), key);

    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(recorded.body);
  });

  it('given a consultation with a note decided on kept state, when the case was closed through the other instance, then 409 and its note is not left in the vault', async () => {
    const { caseId } = (await first.client.post('/cases', intake)).body as { caseId: string };
    expect((await second.client.post(`/cases/${caseId}/closure`, { reason: 'moved', occurredAt: '2013-06-01T10:00:00+09:00' })).status).toBe(201);
    const records = async () => (await first.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${VAULT_RECORDS_TABLE}`))[0]!.n;
    const before = await records();

    const refused = await first.client.post(`/cases/${caseId}/consultations`, consultation('2013-05-20T10:00:00+09:00', 'A note for a closed case'));

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CASE.CLOSED' });
    expect(await records()).toBe(before);
  });

  it('given an intake with personal data, when its key is reused to open another case for the same client with other personal data, then 422 and the first case keeps its personal data', async () => {
    const key = { 'Idempotency-Key': `intake-${Date.now()}` };
    const caseA = `pd-a-${Date.now()}`;
    const opened = await first.client.post('/cases', { ...intake, caseId: caseA, personalData: { name: 'Yamada Taro' } }, key);
    expect(opened.status).toBe(201);

    const reused = await first.client.post('/cases', { ...intake, caseId: `pd-b-${Date.now()}`, personalData: { name: 'Yamada Jiro' } }, key);

    expect(reused.status).toBe(422);
    expect((await first.client.get(`/cases/${caseA}`)).body).toMatchObject({ personalData: { status: 'available', record: { name: 'Yamada Taro' } } });
  });
});
