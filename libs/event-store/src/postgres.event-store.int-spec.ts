import { createTestDatabase } from '../../../test/support/test-database';
import { createEventStore } from './index';
import { describeEventStoreContract } from './testing/event-store.contract';

describeEventStoreContract('PostgreSQL server', async () => {
  const database = await createTestDatabase('postgres');
  const store = await createEventStore(database.sql);
  return { store, cleanup: async () => { await store.close(); await database.drop(); } };
});
