import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import { TEST_DATABASE_URL } from '../../../../test/support/test-database';

export type Schema = Readonly<{ name: string; sql: SqlClient; drop: () => Promise<void> }>;

export async function freshSchema(label: string): Promise<Schema> {
  const name = `test_${label}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
  let sql: SqlClient;
  try {
    sql = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, schema: name, poolSize: 24 });
    await sql.query('SELECT 1');
  } catch (error) {
    throw new Error(`This test needs the PostgreSQL server at ${TEST_DATABASE_URL} (set DATABASE_URL): ${String(error)}`, { cause: error });
  }
  return {
    name,
    sql,
    drop: async () => {
      await sql.close();
      const admin = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 1 });
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.close();
      }
    },
  };
}

/** The app reads DATABASE_URL only: libpq `options` put every connection it opens into the schema. */
export const urlInSchema = (url: string, schema: string) => `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
