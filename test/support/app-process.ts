import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { AppClient } from './app-client';
import { appClient } from './app-client';
import { TEST_SECURITY_ENV } from './test-security';

/** The repository root: the nearest folder with a package.json, from the sources or from dist/. */
function repositoryRoot(from: string): string {
  for (let folder = from; folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
  }
  throw new Error(`No package.json above ${from}`);
}

export const ROOT = repositoryRoot(__dirname);

const PORT_VARIABLES = { 'case-service': 'CASE_SERVICE_PORT', projections: 'PROJECTIONS_PORT' } as const;

export type AppName = keyof typeof PORT_VARIABLES;

/** The arguments after `node` in the app's npm script (`npm run start:<name>`): flags and the built main. */
function scriptArguments(name: AppName): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = (scripts[`start:${name}`] ?? '').split(' ');
  if (command !== 'node' || args.length === 0) throw new Error(`package.json's start:${name} is not "node [flags] <main.js>"`);
  return args;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** `npm run build`, so the child processes run the code under test. */
export function build(): Promise<void> {
  return new Promise((done, fail) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`npm run build failed:\n${stdout}\n${stderr}`));
      else done();
    });
  });
}

/** A BUILT app (`npm run build` first) run as a child process with the node flags of its npm script, as an operator runs it. */
export class AppProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<void>;
  /** Every request to this app goes through here. */
  readonly client: AppClient;

  private constructor(readonly name: AppName, readonly child: ChildProcess, readonly url: string) {
    this.client = appClient(url);
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 80));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  /**
   * Starts the app with `env` (EVENT_STORE, DATABASE_URL, DATA_DIR, KAFKA_BROKERS …; nothing of these
   * is inherited), the test admin token and no write rate limit, and waits until GET /health answers 200.
   */
  static async start(name: AppName, env: Readonly<Record<string, string>>): Promise<AppProcess> {
    const port = await freePort();
    const inherited: NodeJS.ProcessEnv = { ...process.env };
    for (const variable of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'KURRENTDB_URL', 'DATABASE_URL', 'EVENT_STORE']) delete inherited[variable];
    const child = spawn(process.execPath, scriptArguments(name), {
      cwd: ROOT, env: { ...inherited, ...TEST_SECURITY_ENV, ...env, [PORT_VARIABLES[name]]: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, child, `http://127.0.0.1:${port}`);
    try {
      await app.until('GET /health answers 200', 30_000, async () => ((await app.client.get('/health').catch(() => null))?.status === 200 || undefined));
    } catch (error) {
      await app.kill();
      throw error;
    }
    return app;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  /** GET as the test admin; the parsed JSON body of a 2xx answer, or an error with the answer. */
  async getJson<T>(path: string): Promise<T> {
    const reply = await this.client.get(path);
    if (reply.status < 200 || reply.status > 299) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text}`);
    return reply.body as T;
  }

  /** Polls `probe` until it returns a value; fails with the app's last log lines on timeout or exit. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before: ${what}\n${this.output()}`);
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}\n--- ${this.name} output ---\n${this.output()}`);
      await sleep(intervalMs);
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child.kill(signal);
    await this.exited;
  }
}
