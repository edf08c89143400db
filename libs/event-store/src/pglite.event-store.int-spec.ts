import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../../../test/support/test-database';
import { createEventStore } from './index';
import { describeEventStoreContract } from './testing/event-store.contract';

describeEventStoreContract('PGlite (embedded)', async () => {
  const database = await createTestDatabase('pglite');
  const store = await createEventStore(database.sql);
  return { store, cleanup: async () => { await store.close(); await database.drop(); } };
});

describe('PGlite persistence', () => {
  it('given events appended, when the store is closed and reopened on the same folder, then they are still there', async () => {
    const database = await createTestDatabase('pglite');
    const streamId = `case-${randomUUID()}`;
    const eventId = randomUUID();
    const first = await createEventStore(database.sql);
    await first.append(streamId, 0, [{ eventId, type: 'CaseOpened', schemaVersion: 1, data: { caseId: 'c' }, metadata: { eventId } }]);
    await first.close();

    const reopened = await createEventStore(await database.reopen());
    expect((await reopened.readStream(streamId)).map((e) => e.eventId)).toEqual([eventId]);
    await reopened.close();
    await database.drop();
  });
});
