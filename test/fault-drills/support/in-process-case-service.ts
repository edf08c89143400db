import type { INestApplication, LogLevel } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import { openTestSecurity } from '../../support/test-security';
import { createCaseServiceApp } from '../../../apps/case-service/src/case-service.app';
import type { TestDatabaseKind } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';
import type { AppClient } from '../../support/app-client';
import { appClient } from '../../support/app-client';

export type ListeningCaseService = Readonly<{ app: INestApplication; client: AppClient }>;

/**
 * case-service on `store` (tokens and audit trail in `sql`, no write rate limit), listening on a free
 * local port, with the drills' client pointed at it.
 */
export async function listenCaseService(store: EventStore, sql: SqlClient, logger: LogLevel[] | false = ['error']): Promise<ListeningCaseService> {
  const app = await createCaseServiceApp(store, await openTestSecurity(sql), { logger });
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, client: appClient(await app.getUrl()) };
}

export type RunningCaseService = Readonly<{
  client: AppClient;
  /** The database the service writes its events to, for checks behind its back. */
  sql: SqlClient;
  store: EventStore;
  close: () => Promise<void>;
}>;

/** case-service on a fresh PostgreSQL schema or PGlite folder. */
export async function startCaseServiceInProcess(kind: TestDatabaseKind): Promise<RunningCaseService> {
  const database = await createTestDatabase(kind);
  const store = await createEventStore(database.sql);
  let service: ListeningCaseService | null = null;
  const close = async () => {
    try {
      await service?.app.close();
      await store.close();
    } finally {
      await database.drop();
    }
  };
  try {
    service = await listenCaseService(store, database.sql);
    return { client: service.client, sql: database.sql, store, close };
  } catch (error) {
    await close();
    throw error;
  }
}
