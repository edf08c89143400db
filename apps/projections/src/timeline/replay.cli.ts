/**
 * `npm run replay -- <caseId> [--known-at <ISO date-time>] [--url http://localhost:3001]`: a case's
 * timeline as a table in the terminal. It asks the running projections service over HTTP, because
 * the embedded store admits one process per data folder.
 */
import { cliAuthorization } from '@ayumi/platform';
import type { CaseTimeline } from './case-timeline';

function parseArgs(argv: readonly string[]): { caseId: string; knownAt: string | null; url: string } {
  const rest = [...argv];
  let knownAt: string | null = null;
  let url = `http://localhost:${process.env['PROJECTIONS_PORT'] ?? 3001}`;
  const positional: string[] = [];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--known-at') knownAt = rest.shift() ?? '';
    else if (arg === '--url') url = rest.shift() ?? url;
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error('Usage: npm run replay -- <caseId> [--known-at 2013-09-01T00:00:00+09:00] [--url http://localhost:3001]');
  return { caseId: positional[0]!, knownAt, url };
}

const date = (iso: string) => iso.slice(0, 10);

function render(timeline: CaseTimeline): string {
  const { supportPeriod: period } = timeline;
  const lines = [
    `Case ${timeline.caseId} · age ${timeline.ageBand} · ${timeline.programs.join(', ')}${timeline.knownAt ? ` · as known at ${timeline.knownAt}` : ''}`,
    `Support period: ${date(period.from)} → ${date(period.to)}, ${period.days} days (${period.months} months, ${period.endedBy})`,
    '',
  ];
  const rows = timeline.entries.map((e) => [String(e.revision), date(e.occurredAt), `day ${e.daysSinceIntake}`, e.stateAfter.status, e.type,
    [e.summary, ...(e.changes ?? []).map((c) => `  ${c}`)].join('\n')]);
  const headers = ['#', 'occurred', 'since intake', 'status', 'event', 'what happened'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...r[i]!.split('\n').map((l) => l.length)))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  lines.push(line(headers), widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) {
    const [first, ...more] = row[5]!.split('\n');
    lines.push(line([...row.slice(0, 5), first!]));
    for (const extra of more) lines.push(line(['', '', '', '', '', extra]));
  }
  if (timeline.referralOutcomes.length > 0) {
    lines.push('', 'Referrals:', ...timeline.referralOutcomes.map((r) => `  ${r.jobTitle}: ${r.voided ? 'voided' : r.outcome ?? 'pending'}`));
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { caseId, knownAt, url } = parseArgs(process.argv.slice(2));
  const query = knownAt ? `?knownAt=${encodeURIComponent(knownAt)}` : '';
  let response: Response;
  try {
    response = await fetch(`${url}/cases/${encodeURIComponent(caseId)}/timeline${query}`, { headers: cliAuthorization(process.env) });
  } catch {
    throw new Error(`Cannot reach the projections service at ${url}. Start it first (npm start), or point at it with --url.`);
  }
  const body = (await response.json()) as CaseTimeline & { detail?: string };
  if (!response.ok) throw new Error(body.detail ?? `HTTP ${response.status}`);
  console.log(render(body));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
