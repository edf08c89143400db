import autocannon from 'autocannon';
import { AppProcess } from '../test/support/app-process';
import { AS_ADMIN } from '../test/support/test-security';

export type HttpCommandsResult = Readonly<{
  store: string;
  connections: number;
  seconds: number;
  cases: number;
  commandsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 201, and connection errors or timeouts: both must be 0 for the figure to count. */
  non2xx: number;
  errors: number;
}>;

export const consultation = { program: 'employment-support', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt: '2013-05-01T10:00:00+09:00' };
const intake = {
  clientRef: 'C-BENCH', ageBand: '30-34', agency: 'ward', programs: ['employment-support'], occurredAt: '2013-04-01T09:00:00+09:00',
  desiredConditions: { employmentType: 'full-time', jobCategories: ['office'] },
};

/** Headers of every benchmark request to case-service. */
const HEADERS = { ...AS_ADMIN, 'content-type': 'application/json' };

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Recorded consultations over HTTP against the BUILT case-service as a child process (started with
 * `env`), from autocannon's keep-alive connections in this process, spread over `cases` open cases.
 */
export async function benchHttpCommands(
  store: string, env: Readonly<Record<string, string>>, connections: number, seconds: number, cases: number, warmUpSeconds: number,
): Promise<HttpCommandsResult> {
  const service = await AppProcess.start('case-service', env);
  try {
    const caseIds: string[] = [];
    let toOpen = cases;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (toOpen > 0) {
        toOpen -= 1;
        const reply = await service.client.post('/cases', intake);
        if (reply.status !== 201) throw new Error(`POST /cases answered ${reply.status}: ${reply.text}`);
        caseIds.push((reply.body as { caseId: string }).caseId);
      }
    }));
    let next = 0;
    const body = JSON.stringify(consultation);
    const load = (duration: number) => run({
      url: service.client.url, connections, duration, headers: HEADERS,
      requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: `/cases/${caseIds[next++ % caseIds.length]}/consultations`, body }) }],
    });
    await load(warmUpSeconds); // JIT and connection pools warm up; not counted
    const result = await load(seconds);
    return {
      store, connections, seconds, cases: caseIds.length,
      commandsPerSecond: result['2xx'] / result.duration,
      p50Ms: result.latency.p50, p99Ms: result.latency.p99,
      non2xx: result.non2xx, errors: result.errors,
    };
  } finally {
    await service.kill('SIGTERM');
  }
}
