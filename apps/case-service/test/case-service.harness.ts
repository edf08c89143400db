import type { INestApplication } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import { createEventStore } from '@ayumi/event-store';
import request from 'supertest';
import type { TestDatabaseKind } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import { openTestSecurity, TEST_ADMIN_TOKEN } from '../../../test/support/test-security';
import { createCaseServiceApp } from '../src/case-service.app';

export type CaseServiceHarness = Readonly<{
  /** Requests as the bootstrap admin. */
  http: () => ReturnType<typeof request>;
  /** Requests without a token, or with the one given. */
  anonymous: () => ReturnType<typeof request>;
  sql: SqlClient;
  store: EventStore;
  stream: (streamId: string) => Promise<StoredEvent[]>;
  /** Closes the app and the store, and opens both again on the same data. */
  restart: () => Promise<CaseServiceHarness>;
  close: () => Promise<void>;
}>;

/** case-service over HTTP on a real store: a fresh PostgreSQL schema or PGlite folder. */
export async function startCaseService(kind: TestDatabaseKind): Promise<CaseServiceHarness> {
  const database = await createTestDatabase(kind);
  const start = async (sql: typeof database.sql): Promise<CaseServiceHarness> => {
    const store = await createEventStore(sql);
    const app: INestApplication = await createCaseServiceApp(store, await openTestSecurity(sql), { logger: ['error'] });
    await app.init();
    const shutdown = async () => {
      await app.close();
      await store.close();
    };
    return {
      http: () => request.agent(app.getHttpServer()).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
      anonymous: () => request(app.getHttpServer()),
      sql,
      store,
      stream: (streamId) => store.readStream(streamId),
      restart: async () => {
        await shutdown();
        return start(await database.reopen());
      },
      close: async () => {
        await shutdown();
        await database.drop();
      },
    };
  };
  return start(database.sql);
}
