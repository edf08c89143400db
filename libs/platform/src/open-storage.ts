import { join } from 'node:path';
import type { EventStore } from '@ayumi/event-store';
import { connectKurrentDb, createEventStore } from '@ayumi/event-store';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import type { AppConfig } from './config';

/** Where events and read models live: one PGlite folder embedded, one PostgreSQL database otherwise. */
export type Storage = Readonly<{
  eventStore: EventStore;
  readModels: SqlClient;
  close: () => Promise<void>;
}>;

/**
 * Read models live in PostgreSQL when DATABASE_URL is set, otherwise in the embedded PGlite folder.
 * Events live in PGlite (embedded), in that PostgreSQL database (postgres) or in KurrentDB.
 */
export async function openStorage(config: AppConfig): Promise<Storage> {
  const embedded = () => createSqlClient({ kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
  const readModels = config.databaseUrl ? await createSqlClient({ kind: 'postgres', url: config.databaseUrl }) : await embedded();
  switch (config.eventStore) {
    case 'kurrentdb': {
      const eventStore = connectKurrentDb(config.kurrentDbUrl!);
      return { eventStore, readModels, close: async () => { await eventStore.close(); await readModels.close(); } };
    }
    case 'postgres':
      return { eventStore: await createEventStore(readModels), readModels, close: () => readModels.close() };
    case 'embedded': {
      if (readModels.kind === 'pglite') return { eventStore: await createEventStore(readModels), readModels, close: () => readModels.close() };
      const eventStore = await createEventStore(await embedded());
      return { eventStore, readModels, close: async () => { await eventStore.close(); await readModels.close(); } };
    }
  }
}
