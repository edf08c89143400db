import type { INestApplication } from '@nestjs/common';
import type { SqlEventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import request from 'supertest';
import type { TestDatabase } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import { openTestSecurity, TEST_ADMIN_TOKEN } from '../../../test/support/test-security';
import { createCaseServiceApp } from '../src/case-service.app';
import { consultation, intake } from './seed-story';

/**
 * Each instance keeps the streams it wrote (kept state); another instance may have written since.
 * A refusal must rest on what the store holds, not on a kept state that is behind.
 */
describe.each(['pglite', 'postgres'] as const)('two case-service instances on one store (%s)', (kind) => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let instances: INestApplication[];
  const as = (instance: INestApplication) => request(instance.getHttpServer());
  const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = await createEventStore(database.sql);
    const security = await openTestSecurity(database.sql);
    instances = await Promise.all([1, 2].map(async () => {
      const app = await createCaseServiceApp(store, security, { logger: ['error'] });
      await app.init();
      return app;
    }));
  });
  afterAll(async () => {
    for (const instance of instances ?? []) await instance.close();
    await store?.close();
    await database?.drop();
  });

  it('given a case closed through one instance and reopened through the other, when the first records a consultation, then it is accepted', async () => {
    const [first, second] = instances as [INestApplication, INestApplication];
    const { caseId } = (await as(first).post('/cases').set(admin).send(intake).expect(201)).body as { caseId: string };
    await as(first).post(`/cases/${caseId}/closure`).set(admin).send({ reason: 'moved', occurredAt: '2013-06-01T10:00:00+09:00' }).expect(201);
    await as(second).post(`/cases/${caseId}/reopening`).set(admin).send({ reason: 'back from the move', occurredAt: '2013-06-10T10:00:00+09:00' }).expect(201);

    const response = await as(first).post(`/cases/${caseId}/consultations`).set(admin).send(consultation('2013-06-12T10:00:00+09:00'));

    expect(response.body).toMatchObject({ caseId, revision: 4 });
    expect(response.status).toBe(201);
  });
});
