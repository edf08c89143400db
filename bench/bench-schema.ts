import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';

/** A schema of its own on the PostgreSQL server, dropped afterwards; its URL puts every connection in it. */
export type BenchSchema = Readonly<{ name: string; url: string; sql: SqlClient; drop: () => Promise<void> }>;

export async function createBenchSchema(serverUrl: string, label: string, poolSize = 32): Promise<BenchSchema> {
  const name = `bench_${label}_${Date.now().toString(36)}`;
  const sql = await createSqlClient({ kind: 'postgres', url: serverUrl, schema: name, poolSize });
  return {
    name,
    // libpq `options`: processes started with DATABASE_URL work in the schema too.
    url: `${serverUrl}${serverUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${name}`,
    sql,
    drop: async () => {
      await sql.query(`DROP SCHEMA ${name} CASCADE`);
      await sql.close();
    },
  };
}
