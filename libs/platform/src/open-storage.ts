import { join } from 'node:path';
import type { EventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import type { AppConfig } from './config';

/** Where events and read models live: one PGlite folder embedded, one PostgreSQL database otherwise. */
export type Storage = Readonly<{
  eventStore: EventStore;
  readModels: SqlClient;
  close: () => Promise<void>;
}>;

export async function openStorage(config: AppConfig): Promise<Storage> {
  if (config.eventStore === 'kurrentdb') {
    throw new Error('EVENT_STORE=kurrentdb is not available yet (see issue 4); use embedded or postgres');
  }
  const sql = config.eventStore === 'embedded'
    ? await createSqlClient({ kind: 'pglite', dataDir: join(config.dataDir, 'pglite') })
    : await createSqlClient({ kind: 'postgres', url: config.databaseUrl! });
  const eventStore = await createEventStore(sql);
  return { eventStore, readModels: sql, close: () => sql.close() };
}
