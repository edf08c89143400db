import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, ROOT, sleep } from '../../../apps/projections/test/support/projections-process';
import { TEST_SECURITY_ENV } from '../../support/test-security';
import type { CaseServiceClient } from './case-service-client';
import { caseServiceClient } from './case-service-client';

const MAIN_JS = join(ROOT, 'dist/apps/case-service/src/main.js');

/** `node dist/apps/case-service/src/main.js` as an operator runs it (build first), on the given configuration. */
export class CaseServiceProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<void>;
  readonly client: CaseServiceClient;

  private constructor(readonly child: ChildProcess, url: string) {
    this.client = caseServiceClient(url);
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 80));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  /**
   * Starts the service with `env` (EVENT_STORE, DATABASE_URL, DATA_DIR …), the test admin token and no
   * write rate limit, and waits until GET /health answers 200.
   */
  static async start(env: Readonly<Record<string, string>>): Promise<CaseServiceProcess> {
    const port = await freePort();
    const childEnv: NodeJS.ProcessEnv = { ...process.env, CASE_SERVICE_PORT: String(port) };
    for (const name of ['NODE_OPTIONS', 'KAFKA_BROKERS', 'KURRENTDB_URL', 'DATABASE_URL', 'EVENT_STORE']) delete childEnv[name];
    const child = spawn(process.execPath, [MAIN_JS], { cwd: ROOT, env: { ...childEnv, ...TEST_SECURITY_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new CaseServiceProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!service.running) throw new Error(`case-service exited (${child.exitCode ?? child.signalCode}) while starting:\n${service.output()}`);
      if ((await service.client.get('/health').catch(() => null))?.status === 200) return service;
      if (Date.now() > deadline) {
        await service.kill();
        throw new Error(`case-service did not answer GET /health within 30 s:\n${service.output()}`);
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
