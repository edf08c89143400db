import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '@ayumi/event-store';
import type { SqlClient, SqlClientConfig } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import { createCaseServiceApp } from '../apps/case-service/src/case-service.app';
import { createProjectionsApp } from '../apps/projections/src/projections.app';
import type { SseConnection } from './sse-client';
import { connectSse } from './sse-client';

/**
 * `npm run bench [-- --quick] [--subscribers N] [--commands N]`: the delay from a command's HTTP 201
 * to the message on /progress/stream, p50/p99, with N live subscribers, on the embedded store and on
 * the PostgreSQL server at DATABASE_URL. Writes bench/results.json.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const quick = args.includes('--quick');
const subscribers = option('subscribers', quick ? 50 : 500);
const commands = option('commands', quick ? 100 : 300);
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

type Result = Readonly<{ mode: string; subscribers: number; commands: number; p50Ms: number; p99Ms: number; maxMs: number; commandsPerSecond: number }>;

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(mode: string, sqlConfig: SqlClientConfig, cleanup: (sql: SqlClient) => Promise<void>): Promise<Result> {
  const sql = await createSqlClient(sqlConfig);
  const eventStore = await createEventStore(sql);
  const caseService = await createCaseServiceApp(eventStore, { logger: ['error'] });
  const projections = await createProjectionsApp({ eventStore, readModels: sql, options: { timeZone: 'Asia/Tokyo', batchSize: 1000, pollIntervalMs: 1000 } }, { logger: ['error'] });
  await caseService.listen(0, '127.0.0.1');
  await projections.listen(0, '127.0.0.1');
  const api = await caseService.getUrl();
  const streamUrl = `${await projections.getUrl()}/progress/stream?fiscalYear=2013`;
  const post = async (path: string, body: object) => {
    const response = await fetch(`${api}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const { caseId } = await post('/cases', {
    clientRef: 'BENCH', ageBand: '30-34', agency: 'ward', programs: ['employment-support'], occurredAt: '2013-04-01T09:00:00+09:00',
    desiredConditions: { employmentType: 'full-time', jobCategories: ['office'] },
  });

  const streams: SseConnection[] = [];
  for (let i = 0; i < subscribers; i += 1) streams.push(await connectSse(streamUrl));
  const isVisits = (total: number) => (m: { data: string }) => {
    const data = JSON.parse(m.data) as { program: string; metric: string; progress: { total: number } };
    return data.program === 'employment-support' && data.metric === 'visits' && data.progress.total === total;
  };
  await Promise.all(streams.map((s) => s.next(isVisits(0), 30_000).catch(() => undefined)));

  const delays: number[] = [];
  const started = performance.now();
  for (let i = 1; i <= commands; i += 1) {
    const arrivals = streams.map((s) => s.next(isVisits(i), 10_000).then(() => performance.now()));
    await post(`/cases/${caseId}/consultations`, { program: 'employment-support', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-1', occurredAt: '2013-05-01T10:00:00+09:00' });
    const accepted = performance.now();
    for (const arrived of await Promise.all(arrivals)) delays.push(Math.max(0, arrived - accepted));
  }
  const elapsed = (performance.now() - started) / 1000;
  streams.forEach((s) => s.close());
  await projections.close();
  await caseService.close();
  await cleanup(sql);
  await eventStore.close();

  delays.sort((a, b) => a - b);
  return { mode, subscribers, commands, p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99), maxMs: delays.at(-1)!, commandsPerSecond: commands / elapsed };
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'ayumi-bench-'));
  results.push(await measure('embedded (PGlite)', { kind: 'pglite', dataDir: folder }, async () => rmSync(folder, { recursive: true, force: true })));
  const schema = `bench_${Date.now().toString(36)}`;
  results.push(await measure('PostgreSQL server', { kind: 'postgres', url: databaseUrl, schema }, (sql) => sql.query(`DROP SCHEMA ${schema} CASCADE`).then(() => undefined)));

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nLive delay: HTTP 201 → /progress/stream message (${machine})\n`);
  console.table(results.map((r) => ({
    mode: r.mode, subscribers: r.subscribers, commands: r.commands,
    'p50 ms': r.p50Ms.toFixed(1), 'p99 ms': r.p99Ms.toFixed(1), 'max ms': r.maxMs.toFixed(1), 'goal p99 < 250 ms': r.p99Ms < 250 ? 'met' : 'MISSED',
    'commands/s (sequential)': r.commandsPerSecond.toFixed(0),
  })));
  writeFileSync(join(__dirname, '..', '..', 'bench', 'results.json'), `${JSON.stringify({ machine, ranAt: new Date().toISOString(), liveDelay: results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
