import type { SqlClient, SqlClientConfig } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import { createEventStore } from '@ayumi/event-store';
import { createCaseServiceApp } from '../apps/case-service/src/case-service.app';
import { createProjectionsApp } from '../apps/projections/src/projections.app';
import { AS_ADMIN, openTestSecurity } from '../test/support/test-security';
import { consultation } from './http-commands.bench';
import type { SseConnection } from './sse-client';
import { connectSse } from './sse-client';
import { percentile } from './stats';

export type LiveDelayResult = Readonly<{ store: string; subscribers: number; commands: number; p50Ms: number; p99Ms: number; maxMs: number; commandsPerSecond: number }>;

/**
 * The delay from a command's HTTP 201 to its message on /progress/stream, for every one of
 * `subscribers` live subscribers, over `commands` sequential consultations (both apps in this process).
 */
export async function benchLiveDelay(store: string, sqlConfig: SqlClientConfig, subscribers: number, commands: number, cleanup: (sql: SqlClient) => Promise<void>): Promise<LiveDelayResult> {
  const sql = await createSqlClient(sqlConfig);
  const eventStore = await createEventStore(sql);
  const security = await openTestSecurity(sql);
  const caseService = await createCaseServiceApp(eventStore, security, { logger: ['error'] });
  const projections = await createProjectionsApp({ eventStore, readModels: sql, security, options: { timeZone: 'Asia/Tokyo', batchSize: 1000, pollIntervalMs: 1000 } }, { logger: ['error'] });
  const streams: SseConnection[] = [];
  try {
    await caseService.listen(0, '127.0.0.1');
    await projections.listen(0, '127.0.0.1');
    const api = await caseService.getUrl();
    const streamUrl = `${await projections.getUrl()}/progress/stream?fiscalYear=2013`;
    const post = async (path: string, body: object) => {
      const response = await fetch(`${api}${path}`, { method: 'POST', headers: { ...AS_ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    const { caseId } = await post('/cases', {
      clientRef: 'BENCH', ageBand: '30-34', agency: 'ward', programs: ['employment-support'], occurredAt: '2013-04-01T09:00:00+09:00',
      desiredConditions: { employmentType: 'full-time', jobCategories: ['office'] },
    });

    for (let i = 0; i < subscribers; i += 1) streams.push(await connectSse(streamUrl, AS_ADMIN));
    const isVisits = (total: number) => (m: { data: string }) => {
      const data = JSON.parse(m.data) as { program: string; metric: string; progress: { total: number } };
      return data.program === 'employment-support' && data.metric === 'visits' && data.progress.total === total;
    };
    await Promise.all(streams.map((s) => s.next(isVisits(0), 30_000).catch(() => undefined)));

    const delays: number[] = [];
    const started = performance.now();
    for (let i = 1; i <= commands; i += 1) {
      const arrivals = streams.map((s) => s.next(isVisits(i), 10_000).then(() => performance.now()));
      await post(`/cases/${caseId}/consultations`, consultation);
      const accepted = performance.now();
      for (const arrived of await Promise.all(arrivals)) delays.push(Math.max(0, arrived - accepted));
    }
    const elapsed = (performance.now() - started) / 1000;
    delays.sort((a, b) => a - b);
    return { store, subscribers, commands, p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99), maxMs: delays.at(-1)!, commandsPerSecond: commands / elapsed };
  } finally {
    streams.forEach((s) => s.close());
    await projections.close();
    await caseService.close();
    await cleanup(sql);
    await eventStore.close();
  }
}
