import type { PoolClient } from 'pg';
import { Client, Pool } from 'pg';
import type { SqlClient, SqlExecutor } from './sql-client';
import { DatabaseUnavailableError } from './sql-client';

export type PgSqlClientOptions = Readonly<{
  url: string;
  /** Isolates all tables in this schema (created if missing); tests use one per run. */
  schema?: string;
  poolSize?: number;
  /** How long a query waits for a connection (from the server or the pool) before it is unavailable. */
  connectTimeoutMs?: number;
}>;

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/** Duck-typed: socket errors come from Node's own realm, so `instanceof Error` fails under jest. */
function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08')))
    || (typeof message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message));
}

function translate(error: unknown): unknown {
  return isUnavailable(error) ? new DatabaseUnavailableError(error) : error;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres';
  private readonly listeners = new Set<{ channel: string; onNotify: () => void }>();
  private listenClient: Promise<Client> | null = null;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PgSqlClientOptions,
  ) {}

  static async connect(options: PgSqlClientOptions): Promise<PgSqlClient> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`Invalid schema name: ${options.schema}`);
    if (options.schema) {
      const admin = new Client({ connectionString: options.url });
      try {
        await admin.connect();
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      } catch (error) {
        throw translate(error);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PgSqlClient(pool, options);
  }

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params as unknown[])).rows as Row[];
    } catch (error) {
      throw translate(error);
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translate(error);
    }
    let broken = false;
    // A connection lost between two queries is emitted as 'error'; unheard, it would crash the process.
    // The next query fails with it anyway.
    const onLost = () => { broken = true; };
    client.on('error', onLost);
    const tx: SqlExecutor = {
      query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => {
        try {
          return (await client.query(sql, params as unknown[])).rows as Row[];
        } catch (error) {
          broken ||= isUnavailable(error);
          throw translate(error);
        }
      },
    };
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const listener = { channel, onNotify };
    this.listeners.add(listener);
    try {
      const client = await this.listeningClient();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      this.listeners.delete(listener);
      throw translate(error);
    }
    return async () => {
      this.listeners.delete(listener);
    };
  }

  async notify(channel: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, '']);
  }

  /** Idempotent: the event store and the read models may share this client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listenClient = this.listenClient;
    this.listenClient = null;
    await listenClient?.then((c) => c.end()).catch(() => undefined);
    await this.pool.end();
  }

  /** One dedicated connection for LISTEN, re-established (and re-LISTENed) when it drops. */
  private listeningClient(): Promise<Client> {
    if (!this.listenClient) {
      const connecting = (async () => {
        const client = new Client({ connectionString: this.options.url });
        client.on('notification', (message) => {
          for (const l of this.listeners) if (l.channel === message.channel) l.onNotify();
        });
        const reconnect = () => {
          if (this.closed || this.listenClient !== connecting) return;
          this.listenClient = null;
          setTimeout(() => void this.relisten(), 1_000).unref();
        };
        client.on('error', reconnect);
        client.on('end', reconnect);
        await client.connect();
        return client;
      })();
      this.listenClient = connecting;
      connecting.catch(() => {
        if (this.listenClient === connecting) this.listenClient = null;
      });
    }
    return this.listenClient;
  }

  private async relisten(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.listeningClient();
      for (const channel of new Set([...this.listeners].map((l) => l.channel))) await client.query(`LISTEN ${quoteIdent(channel)}`);
      // Notifications sent while disconnected are lost: wake everyone once so they poll.
      for (const l of this.listeners) l.onNotify();
    } catch {
      setTimeout(() => void this.relisten(), 1_000).unref();
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
