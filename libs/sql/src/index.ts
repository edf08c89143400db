import { PgliteSqlClient } from './pglite-sql-client';
import { PgSqlClient } from './pg-sql-client';
import type { SqlClient } from './sql-client';

export * from './sql-client';
export { PgSqlClient } from './pg-sql-client';
export type { PgSqlClientOptions } from './pg-sql-client';
export { PgliteSqlClient } from './pglite-sql-client';

export type SqlClientConfig =
  | Readonly<{ kind: 'postgres'; url: string; schema?: string; poolSize?: number; connectTimeoutMs?: number }>
  | Readonly<{ kind: 'pglite'; dataDir?: string }>;

export function createSqlClient(config: SqlClientConfig): Promise<SqlClient> {
  return config.kind === 'postgres' ? PgSqlClient.connect(config) : PgliteSqlClient.open(config.dataDir);
}
