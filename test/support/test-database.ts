import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';

/** The PostgreSQL server integration tests use; CI provides it, so its absence is a failure. */
export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

export type TestDatabase = Readonly<{ sql: SqlClient; reopen: () => Promise<SqlClient>; drop: () => Promise<void> }>;

export type TestDatabaseKind = 'postgres' | 'pglite';

/** A fresh, isolated database: its own schema on the server, or its own PGlite folder. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return kind === 'postgres' ? createPostgresSchema() : createPgliteFolder();
}

async function createPostgresSchema(): Promise<TestDatabase> {
  const schema = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const open = async () => {
    try {
      return await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, schema, poolSize: 24 });
    } catch (error) {
      throw new Error(`Integration tests need the PostgreSQL server at ${TEST_DATABASE_URL} (set DATABASE_URL): ${String(error)}`, { cause: error });
    }
  };
  const sql = await open();
  await sql.query('SELECT 1');
  return {
    sql,
    reopen: open,
    drop: async () => {
      const admin = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    },
  };
}

async function createPgliteFolder(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ayumi-pglite-'));
  const open = () => createSqlClient({ kind: 'pglite', dataDir });
  return { sql: await open(), reopen: open, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}
