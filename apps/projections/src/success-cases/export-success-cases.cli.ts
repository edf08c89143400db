/**
 * `npm run export:success-cases -- --fiscal-year 2013 --format csv|ndjson [--program …] [--age-band …]
 * [--relaxed true|false] [--min-days n] [--max-days n] [--url http://localhost:3001]`: the
 * de-identified success cases to stdout, streamed page by page.
 *
 * With DATABASE_URL (read models in PostgreSQL) it reads the active read models itself and reports
 * on stderr how many pages it read and the most rows it held at once. Without it the read models are
 * in the embedded PGlite folder, which only the running service may open, so it streams the
 * service's GET /success-cases/export instead.
 */
import 'reflect-metadata';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { AppConfig } from '@ayumi/platform';
import { cliAuthorization, loadConfig } from '@ayumi/platform';
import { InvalidRequestException, createValidationPipe } from '@ayumi/http';
import type { SqlClient } from '@ayumi/sql';
import { createSqlClient } from '@ayumi/sql';
import { PROJECTION_VERSIONS_TABLE, readModelTables } from '../read-models/read-model-tables';
import { newExportStats, successCaseExportChunks, writeExport } from './success-cases.export';
import { successCasesOptionsFrom } from './success-cases.options';
import type { SuccessCaseFilters } from './success-cases.query';
import { listablePages } from './success-cases.query';
import type { ExportFormat } from './success-cases.request.dto';
import { successCaseFiltersOf, SuccessCasesExportQuery } from './success-cases.request.dto';

const USAGE = `Usage: npm run export:success-cases -- [--fiscal-year 2013] [--format csv|ndjson] [--program welfare-to-work]
  [--age-band 55-59] [--relaxed true|false] [--min-days 30] [--max-days 180] [--url http://localhost:3001]`;

/** Command-line flags and the query parameters they stand for (validated by the HTTP request's own rules). */
const FLAGS: Readonly<Record<string, keyof SuccessCasesExportQuery>> = {
  '--fiscal-year': 'fiscalYear', '--format': 'format', '--program': 'program', '--age-band': 'ageBand',
  '--relaxed': 'relaxed', '--min-days': 'minDays', '--max-days': 'maxDays',
};

class CliError extends Error {}

type Arguments = Readonly<{ query: Record<string, string>; url: string | null }> | 'help';

function parseArgs(args: readonly string[]): Arguments {
  const query: Record<string, string> = {};
  let url: string | null = null;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag !== '--url' && !Object.hasOwn(FLAGS, flag)) throw new CliError(`Unknown argument "${args[i]}"\n${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliError(`${flag} needs a value\n${USAGE}`);
    if (flag === '--url') url = value.replace(/\/+$/, '');
    else query[FLAGS[flag]!] = value;
  }
  return { query, url };
}

const flagOf = (field: string) => Object.entries(FLAGS).find(([, name]) => name === field)?.[0] ?? field;

/** The same validation as GET /success-cases/export, with problems told by flag. */
async function validated(query: Record<string, string>): Promise<{ filters: SuccessCaseFilters; format: ExportFormat }> {
  try {
    const valid = (await createValidationPipe().transform(query, { type: 'query', metatype: SuccessCasesExportQuery })) as SuccessCasesExportQuery;
    return { filters: successCaseFiltersOf(valid), format: valid.format ?? 'csv' };
  } catch (error) {
    if (!(error instanceof InvalidRequestException)) throw error;
    throw new CliError(error.errors.map((e) => `${flagOf(e.field)}: ${e.message}`).join('\n'));
  }
}

/** The success-cases table of the active read-model version in this database. */
async function activeSuccessCasesTable(sql: SqlClient): Promise<string> {
  const rows = await sql.query<{ version: number }>(`SELECT version FROM ${PROJECTION_VERSIONS_TABLE} WHERE status = 'active'`).catch(() => []);
  if (rows.length === 0) throw new CliError('This database holds no read models yet: start the projections service on it first.');
  return readModelTables(rows[0]!.version).successCases;
}

async function exportFromDatabase(databaseUrl: string, filters: SuccessCaseFilters, format: ExportFormat): Promise<void> {
  const { exportPageSize, k } = successCasesOptionsFrom(process.env);
  const sql = await createSqlClient({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  try {
    const table = await activeSuccessCasesTable(sql);
    const stats = newExportStats();
    await writeExport(successCaseExportChunks(await listablePages(sql, table, filters, k), format, exportPageSize, stats), process.stdout, { end: false });
    process.stderr.write(`Exported ${stats.rows} success cases in ${stats.pages} pages of up to ${exportPageSize} rows `
      + `(at most ${stats.largestPage} rows held at once).\n`);
  } finally {
    await sql.close();
  }
}

async function exportFromService(url: string, query: Record<string, string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${url}/success-cases/export?${new URLSearchParams(query)}`, { headers: cliAuthorization(process.env) });
  } catch {
    throw new CliError(`Cannot reach the projections service at ${url}. Start it first (npm start), point at it with --url, or set DATABASE_URL.`);
  }
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new CliError(problem.detail ?? `GET /success-cases/export answered ${response.status}`);
  }
  await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), process.stdout, { end: false });
}

async function main(args: readonly string[]): Promise<void> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const { filters, format } = await validated(parsed.query);
  const config: AppConfig = loadConfig(process.env);
  if (config.databaseUrl && parsed.url === null) {
    await exportFromDatabase(config.databaseUrl, filters, format);
  } else {
    await exportFromService(parsed.url ?? `http://localhost:${config.projectionsPort}`, parsed.query);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A reader that stops early (`| head`) is not a failure.
  if ((error as { code?: string }).code === 'EPIPE') return;
  process.stderr.write(`export:success-cases: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
