import type { ListeningCaseService, RunningCaseService } from '../../../test/fault-drills/support/in-process-case-service';
import { listenCaseService, startCaseServiceInProcess } from '../../../test/fault-drills/support/in-process-case-service';
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
});
