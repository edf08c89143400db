import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendResult } from './append.bench';
import { benchAppend } from './append.bench';
import { createBenchSchema } from './bench-schema';
import type { HttpCommandsResult } from './http-commands.bench';
import { benchHttpCommands } from './http-commands.bench';
import type { LiveDelayResult } from './live-delay.bench';
import { benchLiveDelay } from './live-delay.bench';
import { describeMachine } from './machine';
import type { RebuildResult } from './rebuild.bench';
import { benchRebuild } from './rebuild.bench';
import { round, thousands } from './stats';

const USAGE = `npm run bench [-- options]   (build first: npm run build)
  --quick                 small sizes, under a minute
  --only <list>           some of: append,http,rebuild,live (default: all)
  --seconds <n>           measured seconds per throughput run (default 10, quick 2)
  --concurrency <n>       appends in flight and HTTP connections (default 32)
  --cases <n>             open cases the HTTP commands are spread over (default 1000, quick 100)
  --rebuild-cases <n>     cases in the rebuilt log, ~20 events each (default 50000, quick 1000)
  --subscribers <n>       SSE subscribers for the live delay (default 500, quick 50)
  --commands <n>          commands whose live delay is measured (default 300, quick 50)
PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); each part works in its own schema.`;

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number\n${USAGE}`);
  return value;
};
const quick = args.includes('--quick');
const only = new Set((args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : 'append,http,rebuild,live').split(','));
const sizes = {
  seconds: option('seconds', quick ? 2 : 10),
  concurrency: option('concurrency', 32),
  cases: option('cases', quick ? 100 : 1000),
  rebuildCases: option('rebuild-cases', quick ? 1000 : 50_000),
  subscribers: option('subscribers', quick ? 50 : 500),
  commands: option('commands', quick ? 50 : 300),
};
const warmUpSeconds = quick ? 1 : 2;
const serverUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

type Row = Readonly<{ benchmark: string; figure: string; baseline: string; ratio: string; goal: string; met: string }>;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const ms = (n: number) => `${round(n, 1)} ms`;

async function main(): Promise<void> {
  if (args.includes('--help')) return void console.log(USAGE);
  const machine = await describeMachine(serverUrl);
  const started = performance.now();
  const rows: Row[] = [];
  let append: AppendResult | null = null;
  const http: HttpCommandsResult[] = [];
  let rebuild: RebuildResult | null = null;
  const live: LiveDelayResult[] = [];

  if (only.has('append') || only.has('http')) {
    append = await benchAppend(serverUrl, sizes.concurrency, sizes.seconds);
    rows.push({
      benchmark: `append, ${append.concurrency} in flight`, figure: `${thousands(append.adapter.perSecond)}/s, p99 ${ms(append.adapter.p99Ms)}`,
      baseline: `raw INSERT;COMMIT ${thousands(append.raw.perSecond)}/s, p99 ${ms(append.raw.p99Ms)}`, ratio: round(append.ratio, 2).toString(),
      goal: '≥ 0.7 of raw', met: verdict(append.ratio >= 0.7),
    });
  }
  if (only.has('http')) {
    const schema = await createBenchSchema(serverUrl, 'http', 1);
    const folder = mkdtempSync(join(tmpdir(), 'ayumi-bench-'));
    try {
      http.push(await benchHttpCommands('PostgreSQL', { EVENT_STORE: 'postgres', DATABASE_URL: schema.url, DATA_DIR: folder }, sizes.concurrency, sizes.seconds, sizes.cases, warmUpSeconds));
      http.push(await benchHttpCommands('embedded (PGlite)', { EVENT_STORE: 'embedded', DATA_DIR: folder }, sizes.concurrency, sizes.seconds, sizes.cases, warmUpSeconds));
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await schema.drop();
    }
    for (const h of http) {
      const embedded = h.store !== 'PostgreSQL';
      const met = embedded ? h.commandsPerSecond >= 1000 : h.commandsPerSecond >= 2000 && h.p99Ms < 50;
      rows.push({
        benchmark: `HTTP consultations, ${h.store}, ${h.connections} connections`, figure: `${thousands(h.commandsPerSecond)}/s, p99 ${ms(h.p99Ms)}${h.non2xx + h.errors > 0 ? `, ${h.non2xx} non-201, ${h.errors} errors` : ''}`,
        baseline: `raw append ${thousands(append!.raw.perSecond)}/s`, ratio: round(h.commandsPerSecond / append!.raw.perSecond, 2).toString(),
        goal: embedded ? '≥ 1,000/s' : '≥ 2,000/s, p99 < 50 ms', met: verdict(met && h.non2xx + h.errors === 0),
      });
    }
  }
  if (only.has('rebuild')) {
    rebuild = await benchRebuild(serverUrl, sizes.rebuildCases);
    rows.push({
      benchmark: `rebuild, ${thousands(rebuild.events)} events / ${thousands(rebuild.cases)} cases`, figure: `${thousands(rebuild.eventsPerSecond)} events/s, peak RSS ${round(rebuild.peakRssMiB)} MiB`,
      baseline: `raw ordered read ${thousands(rebuild.rawReadEventsPerSecond)} events/s`, ratio: round(rebuild.ratio, 2).toString(),
      goal: '≥ 50,000 events/s, RSS < 300 MB', met: verdict(rebuild.eventsPerSecond >= 50_000 && rebuild.peakRssMiB * 2 ** 20 < 300e6),
    });
  }
  if (only.has('live')) {
    const folder = mkdtempSync(join(tmpdir(), 'ayumi-bench-'));
    live.push(await benchLiveDelay('embedded (PGlite)', { kind: 'pglite', dataDir: folder }, sizes.subscribers, sizes.commands, async () => rmSync(folder, { recursive: true, force: true })));
    const schema = `bench_live_${Date.now().toString(36)}`;
    live.push(await benchLiveDelay('PostgreSQL', { kind: 'postgres', url: serverUrl, schema }, sizes.subscribers, sizes.commands, (sql) => sql.query(`DROP SCHEMA ${schema} CASCADE`).then(() => undefined)));
    for (const l of live) {
      rows.push({
        benchmark: `live delay 201 → SSE, ${l.store}, ${l.subscribers} subscribers`, figure: `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}`,
        baseline: '—', ratio: '—', goal: 'p99 < 250 ms', met: verdict(l.p99Ms < 250),
      });
    }
  }

  const loadAverageAtEnd = Number(loadavg()[0]!.toFixed(2));
  console.log(`\nAyumi benchmarks — ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres}`);
  console.log(`load average ${machine.loadAverageAtStart} at start, ${loadAverageAtEnd} at the end; ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.table(rows);
  const results = { ranAt: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd }, sizes: { quick, ...sizes }, table: rows, append, httpCommands: http, rebuild, liveDelay: live };
  writeFileSync(join(process.cwd(), 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
