import { cpus, loadavg, totalmem } from 'node:os';
import { createSqlClient } from '@ayumi/sql';

export type Machine = Readonly<{ cores: number; cpu: string; memoryGiB: number; node: string; postgres: string; loadAverageAtStart: number }>;

/** What the figures were taken on; the load average tells whether others were using the machine. */
export async function describeMachine(serverUrl: string): Promise<Machine> {
  const sql = await createSqlClient({ kind: 'postgres', url: serverUrl, poolSize: 1 });
  try {
    const [row] = await sql.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    return {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: `PostgreSQL ${row!.version} (same machine)`,
      loadAverageAtStart: Number(loadavg()[0]!.toFixed(2)),
    };
  } finally {
    await sql.close();
  }
}
