import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import type { Role } from '@ayumi/security';
import type { SqlClient } from '@ayumi/sql';
import request from 'supertest';
import { createCaseServiceApp } from '../../case-service/src/case-service.app';
import type { TestDatabaseKind } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import { openTestSecurity, TEST_ADMIN_TOKEN } from '../../../test/support/test-security';
import { createProjectionsApp } from '../src/projections.app';
import { ProjectionRunner } from '../src/read-models/projection-runner';

export type AyumiHarness = Readonly<{
  caseService: () => ReturnType<typeof request>;
  projections: () => ReturnType<typeof request>;
  /** The same apps without a token, for requests that bring their own (or none). */
  anonymousCaseService: () => ReturnType<typeof request>;
  anonymousProjections: () => ReturnType<typeof request>;
  /** The database of events, read models, tokens and the vault, for raw checks. */
  sql: SqlClient;
  /** The log both apps use, for events the API would not write (another writer's, a newer version's). */
  eventStore: EventStore;
  /** A token issued through the API (as the admin) for a role. */
  tokenFor: (role: Role, userId: string) => Promise<string>;
  /** Base URL of the listening projections app, for streaming clients. */
  projectionsUrl: string;
  /** Resolves when the active read models have applied every event in the log. */
  caughtUp: () => Promise<void>;
  close: () => Promise<void>;
}>;

/** Both apps over one real store, as `npm start` runs them. */
export async function startAyumi(kind: TestDatabaseKind, timeZone = 'Asia/Tokyo'): Promise<AyumiHarness> {
  const database = await createTestDatabase(kind);
  const eventStore = await createEventStore(database.sql);
  const security = await openTestSecurity(database.sql);
  const caseService: INestApplication = await createCaseServiceApp(eventStore, security, { logger: ['error'] });
  const projections: INestApplication = await createProjectionsApp(
    { eventStore, readModels: database.sql, security, options: { timeZone, batchSize: 500, pollIntervalMs: 200 } },
    { logger: ['error'] },
  );
  await caseService.init();
  await projections.listen(0, '127.0.0.1');
  const runner = projections.get(ProjectionRunner);
  return {
    caseService: () => request.agent(caseService.getHttpServer()).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
    projections: () => request.agent(projections.getHttpServer()).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
    anonymousCaseService: () => request(caseService.getHttpServer()),
    anonymousProjections: () => request(projections.getHttpServer()),
    projectionsUrl: await projections.getUrl(),
    sql: database.sql,
    eventStore,
    tokenFor: async (role, userId) => (await request(caseService.getHttpServer()).post('/tokens').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ role, userId }).expect(201)).body.token as string,
    caughtUp: async () => {
      for (;;) {
        const [logEvents, versions] = await Promise.all([eventStore.countEvents(), runner.versions()]);
        if (versions.every((v) => v.status === 'retired' || v.eventsProcessed >= logEvents)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await projections.close();
      await caseService.close();
      await eventStore.close();
      await database.drop();
    },
  };
}
