/** The slice of PostgreSQL that Ayumi needs, served by a pg pool or by embedded PGlite alike. */
export interface SqlExecutor {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns a function that stops listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Wakes the listeners of `channel` in every process that listens to this database. */
  notify(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached right now (refused, shutting down, connection lost). */
export class DatabaseUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`The database is unavailable: ${String((cause as { message?: unknown } | null)?.message ?? cause)}`);
    this.name = 'DatabaseUnavailableError';
  }
}
