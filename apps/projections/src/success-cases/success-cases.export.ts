import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat } from './success-cases.request.dto';
import { csvHeader, csvLine, ndjsonLine } from './success-cases.format';
import type { SuccessCasePageReader } from './success-cases.query';

/** What an export read: the largest page is the most rows it held at once. */
export type ExportStats = { rows: number; pages: number; largestPage: number };

export const newExportStats = (): ExportStats => ({ rows: 0, pages: 0, largestPage: 0 });

/**
 * The export as text chunks, one per keyset page. Lazy: the next page is read only when the writer
 * asks for more, so memory holds one page whatever the size of the export.
 */
export async function* successCaseExportChunks(
  readPage: SuccessCasePageReader, format: ExportFormat, pageSize: number, stats: ExportStats,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader();
  const line = format === 'csv' ? csvLine : ndjsonLine;
  let page = await readPage(null, pageSize);
  for (;;) {
    stats.pages += 1;
    stats.rows += page.rows.length;
    stats.largestPage = Math.max(stats.largestPage, page.rows.length);
    if (page.rows.length > 0) yield page.rows.map(line).join('');
    if (!page.next) return;
    page = await readPage(page.next, pageSize);
  }
}

/**
 * Writes the chunks to `sink` with backpressure: a chunk is pulled only once the sink has taken the
 * previous one (highWaterMark 1), and a sink that goes away stops the reading.
 */
export function writeExport(chunks: AsyncIterable<string>, sink: Writable, options: { end: boolean } = { end: true }): Promise<void> {
  return pipeline(Readable.from(chunks, { highWaterMark: 1 }), sink, options);
}
