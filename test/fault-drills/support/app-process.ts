import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, sleep } from '../../../apps/projections/test/support/projections-process';
import { TEST_SECURITY_ENV } from '../../support/test-security';
import type { AppClient } from './app-client';
import { appClient } from './app-client';

/** The repository root: the nearest folder with a package.json, from the sources or from dist/. */
function repositoryRoot(from: string): string {
  for (let folder = from; folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
  }
  throw new Error(`No package.json above ${from}`);
}

export const ROOT = repositoryRoot(__dirname);

const APPS = {
  'case-service': { main: 'dist/apps/case-service/src/main.js', portVariable: 'CASE_SERVICE_PORT' },
  projections: { main: 'dist/apps/projections/src/main.js', portVariable: 'PROJECTIONS_PORT' },
} as const;

export type AppName = keyof typeof APPS;

/** A BUILT app (`npm run build` first) run as a child process, as an operator runs it. */
export class AppProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<void>;
  /** Every request to this app goes through here. */
  readonly client: AppClient;

  private constructor(readonly name: AppName, readonly child: ChildProcess, url: string) {
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
   * Starts the app with `env` (EVENT_STORE, DATABASE_URL, DATA_DIR …), the test admin token and no
   * write rate limit, and waits until GET /health answers 200.
   */
  static async start(name: AppName, env: Readonly<Record<string, string>>): Promise<AppProcess> {
    const port = await freePort();
    const inherited: NodeJS.ProcessEnv = { ...process.env };
    for (const variable of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'KURRENTDB_URL', 'DATABASE_URL', 'EVENT_STORE']) delete inherited[variable];
    const child = spawn(process.execPath, [join(ROOT, APPS[name].main)], {
      cwd: ROOT, env: { ...inherited, ...TEST_SECURITY_ENV, ...env, [APPS[name].portVariable]: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!app.running) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) while starting:\n${app.output()}`);
      if ((await app.client.get('/health').catch(() => null))?.status === 200) return app;
      if (Date.now() > deadline) {
        await app.kill();
        throw new Error(`${name} did not answer GET /health within 30 s:\n${app.output()}`);
      }
      await sleep(100);
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child.kill(signal);
    await this.exited;
  }
}
