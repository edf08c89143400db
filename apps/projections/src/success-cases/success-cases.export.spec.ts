import { Writable } from 'node:stream';
import type { SuccessCase } from '@ayumi/domain';
import { newExportStats, successCaseExportChunks, writeExport } from './success-cases.export';
import { csvHeader } from './success-cases.format';
import type { SuccessCasePageReader } from './success-cases.query';

const row = (daysToPlacement: number): SuccessCase => ({
  program: 'welfare-to-work', ageBand: '55-59', intakeMonth: '2013-05', placementMonth: '2013-10', fiscalYear: 2013, daysToPlacement,
  employmentType: 'part-time', relaxedBeforePlacement: false, relaxationsBeforePlacement: [], consultationsBeforePlacement: 0,
});

/** A group of `total` rows served a keyset page at a time, counting the pages read. */
function group(total: number) {
  const reads = { pages: 0 };
  const readPage: SuccessCasePageReader = async (after, limit) => {
    reads.pages += 1;
    const start = after ? Number(after.sortKey) : 0;
    const rows = Array.from({ length: Math.min(limit, total - start) }, (_, i) => row(start + i));
    const end = start + rows.length;
    return { rows, next: end < total ? { placementMonth: '2013-10', sortKey: String(end) } : null };
  };
  return { readPage, reads };
}

/** A slow reader of the export: it takes a chunk only when released. */
class HeldWriter extends Writable {
  readonly chunks: string[] = [];
  private held: (() => void)[] = [];

  constructor() {
    super({ highWaterMark: 1, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    this.held.push(done);
  }

  release(): void {
    const held = this.held;
    this.held = [];
    held.forEach((done) => done());
  }
}

const turnsOfTheEventLoop = async (n: number) => {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('the success-case export', () => {
  it('given a reader that takes nothing yet, then no more than the pages in flight are read; released, it gets every row once', async () => {
    const { readPage, reads } = group(1_000);
    const writer = new HeldWriter();
    const stats = newExportStats();
    let finished = false;
    const writing = writeExport(successCaseExportChunks(readPage, 'ndjson', 10, stats), writer).then(() => { finished = true; });

    await turnsOfTheEventLoop(50);
    expect(reads.pages).toBeLessThanOrEqual(3);

    while (!finished) {
      writer.release();
      await turnsOfTheEventLoop(1);
    }
    await writing;
    const lines = writer.chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SuccessCase);
    expect(lines.map((r) => r.daysToPlacement)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(stats).toEqual({ rows: 1_000, pages: 100, largestPage: 10 });
  });

  it('given an empty group, then a CSV export is its header alone, after one page read', async () => {
    const { readPage, reads } = group(0);
    const chunks: string[] = [];
    for await (const chunk of successCaseExportChunks(readPage, 'csv', 10, newExportStats())) chunks.push(chunk);
    expect(chunks).toEqual([csvHeader()]);
    expect(reads.pages).toBe(1);
  });
});
