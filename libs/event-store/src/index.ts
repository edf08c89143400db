import type { SqlClient } from '@ayumi/sql';
import { SqlEventStore } from './sql-event-store';

export * from './event-store.port';
export * from './deterministic-id';
export { SqlEventStore } from './sql-event-store';

/** The SQL event store, its tables created if missing. */
export async function createEventStore(sql: SqlClient): Promise<SqlEventStore> {
  const store = new SqlEventStore(sql);
  await store.migrate();
  return store;
}
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
export { AYUMI_STREAM_PREFIXES } from './kurrentdb/kurrentdb-positions';
