import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { AS_ADMIN, TEST_SECURITY_ENV } from '../../../../test/support/test-security';

/** The repository root, and the built projections app that {@link ProjectionsProcess} runs. */
export const ROOT = resolve(__dirname, '../../../..');
export const MAIN_JS = join(ROOT, 'dist/apps/projections/src/main.js');

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type VersionStatus = { version: number; status: string; checkpoint: string | null; eventsProcessed: number; malformedEvents: number };
export type ProjectionsReport = { logEvents: number; versions: VersionStatus[] };
export type MetricProgress = { target: number | null; total: number; byMonth: Record<string, number>; previousYear: { total: number }; breakdown: Record<string, { total: number; byMonth: Record<string, number> }> };
export type ProgressReport = { fiscalYear: number; programs: Record<string, Record<string, MetricProgress>> };

/** `node dist/apps/projections/src/main.js` on PostgreSQL, as an operator runs it. */
export class ProjectionsProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess, readonly url: string) {
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 80));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  /**
   * Starts the app with events and read models in `databaseUrl`, without Kafka or KurrentDB unless
   * `extraEnv` sets them (e.g. `KAFKA_BROKERS`), and waits until it answers `GET /health`.
   */
  static async start(databaseUrl: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<ProjectionsProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl, PROJECTIONS_PORT: String(port), CENTRE_TIME_ZONE: 'Asia/Tokyo',
      ...TEST_SECURITY_ENV,
    };
    for (const name of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'KURRENTDB_URL']) delete env[name];
    Object.assign(env, extraEnv);
    const child = spawn(process.execPath, [MAIN_JS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new ProjectionsProcess(child, `http://127.0.0.1:${port}`);
    await app.until('GET /health answers', 30_000, async () => (await fetch(`${app.url}/health`).catch(() => null))?.ok || undefined);
    return app;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { headers: AS_ADMIN });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  projections(): Promise<ProjectionsReport> {
    return this.get<ProjectionsReport>('/projections');
  }

  /** Polls `probe` until it returns a value; fails with the app's last log lines on timeout or exit. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`The projections process exited (${this.child.exitCode ?? this.child.signalCode}) before: ${what}\n${this.output()}`);
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}\n--- projections output ---\n${this.output()}`);
      await sleep(intervalMs);
    }
  }

  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** `npm run build`, so the child processes run the code under test. */
export function build(): Promise<void> {
  return new Promise((done, fail) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`npm run build failed:\n${stdout}\n${stderr}`));
      else done();
    });
  });
}

