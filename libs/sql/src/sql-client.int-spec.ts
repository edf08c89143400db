import { randomUUID } from 'node:crypto';
import { createTestDatabase, TEST_DATABASE_URL } from '../../../test/support/test-database';
import type { TestDatabase, TestDatabaseKind } from '../../../test/support/test-database';
import { createSqlClient, DatabaseUnavailableError } from './index';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('sql client: %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.sql.query('CREATE TABLE IF NOT EXISTS ayumi_sql_client_test (id text PRIMARY KEY)');
  });
  afterAll(async () => {
    await database.sql.close();
    await database.drop();
  });

  it('given a transaction that throws, then nothing it wrote remains, and one that resolves commits', async () => {
    const [kept, rolledBack] = [randomUUID(), randomUUID()];
    await expect(database.sql.transaction(async (tx) => {
      await tx.query('INSERT INTO ayumi_sql_client_test VALUES ($1)', [rolledBack]);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    await database.sql.transaction((tx) => tx.query('INSERT INTO ayumi_sql_client_test VALUES ($1)', [kept]));

    const rows = await database.sql.query<{ id: string }>('SELECT id FROM ayumi_sql_client_test WHERE id = ANY($1)', [[kept, rolledBack]]);
    expect(rows).toEqual([{ id: kept }]);
  });

  it('given a listener, when its channel is notified, then it is called; another channel or after unsubscribing, not', async () => {
    const channel = `test_${randomUUID().replace(/-/g, '')}`;
    let calls = 0;
    const unsubscribe = await database.sql.listen(channel, () => { calls += 1; });
    await database.sql.notify(channel);
    await eventually(() => calls === 1);
    await database.sql.notify(`${channel}_other`);
    await unsubscribe();
    await database.sql.notify(channel);
    await sleep(200);
    expect(calls).toBe(1);
  });
});

describe('PostgreSQL client failures', () => {
  it('given no server at the address, then queries, transactions and listen fail with DatabaseUnavailableError', async () => {
    const sql = await createSqlClient({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/none' });
    try {
      await expect(sql.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(sql.transaction((tx) => tx.query('SELECT 1'))).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(sql.listen('anything', () => undefined)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await sql.close();
    }
  });

  it('given every pooled connection busy past the connect timeout, then a query fails with DatabaseUnavailableError, and works once one is free', async () => {
    const sql = await createSqlClient({ kind: 'postgres', url: TEST_DATABASE_URL, poolSize: 1, connectTimeoutMs: 200 });
    let release: () => void = () => undefined;
    const busy = sql.transaction(() => new Promise<void>((resolve) => { release = resolve; }));
    try {
      await expect(sql.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      release();
      await busy;
      expect(await sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      release();
      await busy;
      await sql.close();
    }
  });

  describe('against the server', () => {
    let database: TestDatabase;
    beforeAll(async () => { database = await createTestDatabase('postgres'); });
    afterAll(async () => {
      await database.sql.close();
      await database.drop();
    });

    it('given a schema, then every pooled connection works in it', async () => {
      const schemas = await Promise.all(Array.from({ length: 5 }, () => database.sql.query<{ s: string }>('SELECT current_schema() AS s, pg_sleep(0.05)')));
      expect(new Set(schemas.map(([row]) => row!.s)).size).toBe(1);
      expect(schemas[0]![0]!.s).toMatch(/^test_/);
    });

    it('given a transaction whose connection is killed between two queries, then DatabaseUnavailableError and the pool recovers', async () => {
      const failed = database.sql.transaction(async (tx) => {
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await database.sql.query('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(100);
        return tx.query('SELECT 1');
      });
      await expect(failed).rejects.toBeInstanceOf(DatabaseUnavailableError);
      expect(await database.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('given a listener whose connection is killed, then it is woken once and hears later notifications again', async () => {
      const channel = `test_${randomUUID().replace(/-/g, '')}`;
      let calls = 0;
      const unsubscribe = await database.sql.listen(channel, () => { calls += 1; });
      try {
        const killed = await database.sql.query<{ killed: boolean }>(
          'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = $1', [`LISTEN "${channel}"`]);
        expect(killed).toEqual([{ killed: true }]);

        await eventually(() => calls === 1);
        await database.sql.query('SELECT pg_notify($1, $2)', [channel, 'x']);
        await eventually(() => calls === 2);
      } finally {
        await unsubscribe();
      }
    });
  });
});
