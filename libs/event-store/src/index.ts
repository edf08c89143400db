import type { SqlClient } from '@ayumi/sql';
import type { EventStore } from './event-store.port';
import type * as KurrentDbAdapter from './kurrentdb/kurrentdb-event-store';
import { SqlEventStore } from './sql-event-store';

export * from './event-store.port';
export * from './deterministic-id';
export { SqlEventStore, TransactionIdsBehindError } from './sql-event-store';

/** The SQL event store, its tables created if missing. */
export async function createEventStore(sql: SqlClient): Promise<SqlEventStore> {
  const store = new SqlEventStore(sql);
  await store.migrate();
  return store;
}
export type { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';

/** The KurrentDB adapter, loaded only when chosen: its gRPC client takes some 35 MB of the memory of a process. */
export function connectKurrentDb(url: string): EventStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() resolves as ESM, where an extensionless path does not resolve
  const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as typeof KurrentDbAdapter;
  return KurrentDbEventStore.connect(url);
}
export { AYUMI_STREAM_PREFIXES } from './kurrentdb/kurrentdb-positions';
