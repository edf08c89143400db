import { join } from 'node:path';
import type { EventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import { createSqlClient } from '@ayumi/sql';
import type { AppConfig } from './config';

/** Opens the event store the configuration names; embedded = PGlite persisted under DATA_DIR. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'embedded':
      return createEventStore(await createSqlClient({ kind: 'pglite', dataDir: join(config.dataDir, 'pglite') }));
    case 'postgres':
      return createEventStore(await createSqlClient({ kind: 'postgres', url: config.databaseUrl! }));
    case 'kurrentdb':
      throw new Error('EVENT_STORE=kurrentdb is not available yet (see issue 4); use embedded or postgres');
  }
}
