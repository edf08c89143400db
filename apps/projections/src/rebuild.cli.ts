/**
 * `npm run rebuild [-- --url http://host:port]`: asks the RUNNING projections service to rebuild its
 * read models from the start of the log, and shows the progress until the new version is active.
 *
 * It talks to the service over HTTP instead of opening the store itself: in embedded mode only one
 * process can open the PGlite data folder, and the service already has it open. (With PostgreSQL it
 * would also race the service's own projection loops.) Node's fetch only; the token is AYUMI_TOKEN or the admin token.
 */
import { cliAuthorization } from '@ayumi/platform';

type VersionStatus = { version: number; status: 'building' | 'active' | 'retired'; checkpoint: string | null; eventsProcessed: number; malformedEvents: number };
type ProjectionsReport = { logEvents: number; versions: VersionStatus[] };

const POLL_MS = 250;
const REQUEST_TIMEOUT_MS = 10_000;
/** The service may be restarted during a rebuild (which then resumes from its checkpoint): wait this long for it. */
const UNREACHABLE_GRACE_MS = 60_000;
const RATE_WINDOW_MS = 5_000;
const BAR_WIDTH = 10;

const USAGE = `Usage: npm run rebuild [-- --url <projections service URL>]
Rebuilds the read models of the running projections service (default http://localhost:$PROJECTIONS_PORT, port 3001).`;

class CliError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const number = (n: number) => Math.round(n).toLocaleString('en-US');

function parseArgs(args: readonly string[]): { url: string } | 'help' {
  let url = `http://localhost:${process.env['PROJECTIONS_PORT']?.trim() || '3001'}`;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--url') url = args[++i] ?? '';
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else throw new CliError(`Unknown argument "${arg}"\n${USAGE}`);
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new CliError(`--url must be an http(s) URL, got "${url}"`);
  }
  return { url: url.replace(/\/+$/, '') };
}

/** Unreachable (refused, DNS, timeout) is told apart from an HTTP error: only the first is worth waiting for. */
class Unreachable extends Error {}

async function request<T>(method: 'GET' | 'POST', url: string): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { accept: 'application/json', ...cliAuthorization(process.env) }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Unreachable(cause?.code ?? cause?.message ?? (error as Error).message);
  }
  const text = await response.text();
  if (!response.ok) throw new CliError(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch {
    throw new CliError(`${method} ${url} did not answer JSON: ${text.slice(0, 200)}`);
  }
}

/** One line, redrawn in place on a terminal; on a pipe or file a line per 10% instead of a flood. */
class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private lastDecile = -1;
  private drawn = false;

  /** A message that matters on a pipe too (printed once by the caller). */
  note(text: string): void {
    if (this.tty) this.draw(text, 0);
    else process.stderr.write(`${text}\n`);
  }

  draw(text: string, fraction: number): void {
    if (this.tty) {
      process.stderr.write(`\r${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${text}\n`);
    }
  }

  end(): void {
    if (this.drawn) process.stderr.write('\n');
    this.drawn = false;
  }
}

function bar(processed: number, total: number, rate: number | null): { text: string; fraction: number } {
  const fraction = total > 0 ? Math.min(1, processed / total) : 1;
  const filled = Math.floor(fraction * BAR_WIDTH);
  const speed = rate === null ? '' : ` · ${number(rate)} ev/s`;
  return {
    text: `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${number(processed)}/${number(total)} events${speed}`,
    fraction,
  };
}

async function main(args: readonly string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { url } = parsed;

  let started: VersionStatus;
  try {
    started = (await request<VersionStatus>('POST', `${url}/projections/rebuild`)).body;
  } catch (error) {
    if (error instanceof Unreachable) {
      throw new CliError(`Cannot reach the projections service at ${url} (${error.message}).\n`
        + 'Start it first (npm start, or npm run start:projections), or point at it with --url.');
    }
    throw error;
  }
  const { version } = started;
  process.stderr.write(`Rebuilding read models as version ${version} at ${url}; reads stay on the current version until it has caught up.\n`);

  const line = new ProgressLine();
  const startedAt = Date.now();
  const samples: { at: number; events: number }[] = [];
  let unreachableSince: number | null = null;
  const stopOnCtrlC = () => {
    line.end();
    process.stderr.write(`Stopped watching; the service keeps rebuilding version ${version} (see GET ${url}/projections).\n`);
    process.exit(130);
  };
  process.once('SIGINT', stopOnCtrlC);

  try {
    for (;;) {
      let report: ProjectionsReport;
      try {
        report = (await request<ProjectionsReport>('GET', `${url}/projections`)).body;
        if (unreachableSince !== null) samples.length = 0; // the outage would drag the rate down
        unreachableSince = null;
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        if (unreachableSince === null) {
          unreachableSince = Date.now();
          line.note(`… waiting for the projections service at ${url} (${error.message}); the rebuild resumes when it is back`);
        }
        if (Date.now() - unreachableSince > UNREACHABLE_GRACE_MS) {
          throw new CliError(`Lost the projections service at ${url} for ${UNREACHABLE_GRACE_MS / 1000} s (${error.message}); `
            + `once it runs again, the rebuild of version ${version} resumes from its checkpoint.`);
        }
        await sleep(POLL_MS);
        continue;
      }

      const current = report.versions.find((v) => v.version === version);
      if (!current) throw new CliError(`Version ${version} is no longer listed (retired by a newer rebuild?)`);
      const now = Date.now();
      samples.push({ at: now, events: current.eventsProcessed });
      while (samples.length > 2 && now - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
      const first = samples[0]!;
      const rate = now - first.at >= 500 && current.eventsProcessed >= first.events
        ? ((current.eventsProcessed - first.events) * 1000) / (now - first.at)
        : null;

      if (current.status === 'active') {
        const seconds = (now - startedAt) / 1000;
        const done = bar(current.eventsProcessed, Math.max(report.logEvents, current.eventsProcessed), null);
        line.draw(done.text, 1);
        line.end();
        const malformed = current.malformedEvents > 0 ? `; ${number(current.malformedEvents)} malformed events skipped (see the service log)` : '';
        process.stderr.write(`Version ${version} is active: ${number(current.eventsProcessed)} events in ${seconds.toFixed(1)} s`
          + ` (${number(current.eventsProcessed / Math.max(seconds, 0.001))} ev/s)${malformed}.\n`);
        return 0;
      }
      const progress = bar(current.eventsProcessed, report.logEvents, rate);
      line.draw(progress.text, progress.fraction);
      await sleep(POLL_MS);
    }
  } finally {
    process.off('SIGINT', stopOnCtrlC);
    line.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`rebuild: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
