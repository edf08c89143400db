import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/app-process';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries; PG_BIN points elsewhere. */
const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: as root, the server's commands run as the `postgres` user. */
const asServerUser = (command: string, args: readonly string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args]] : [join(PG_BIN, command), [...args]];

/**
 * A PostgreSQL server of the test's own — its data folder in a temp folder, its own port — that the
 * test may stop and start at will. `destroy()` stops it and removes the folder, whatever state it is in.
 */
export class DisposablePostgres {
  private constructor(
    private readonly folder: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.folder, 'data');
  }

  static async create(): Promise<DisposablePostgres> {
    const folder = mkdtempSync(join(tmpdir(), 'ayumi-pg-'));
    const server = new DisposablePostgres(folder, await freePort());
    try {
      if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', folder]);
      await server.exec('initdb', ['-D', server.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
      await server.start();
      return server;
    } catch (error) {
      await server.destroy();
      throw new Error(`Could not start a disposable PostgreSQL from ${PG_BIN} (set PG_BIN): ${String(error)}`, { cause: error });
    }
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    await this.exec('pg_ctl', [
      'start', '-D', this.dataDir, '-w', '-t', '60', '-l', join(this.folder, 'server.log'),
      '-o', `-p ${this.port} -k ${this.folder} -c listen_addresses=127.0.0.1 -c max_connections=50`,
    ]);
  }

  /** `immediate` is a crash: no checkpoint, connections cut, recovery from the WAL at the next start. */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.exec('pg_ctl', ['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', '60']);
  }

  /** The server's log, to explain a failure. */
  log(): string {
    try {
      return readFileSync(join(this.folder, 'server.log'), 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no server log)';
    }
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async exec(command: string, args: readonly string[]): Promise<void> {
    const [file, argv] = asServerUser(command, args);
    await run(file, argv, { cwd: tmpdir() });
  }
}
