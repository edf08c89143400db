import type { StoredEvent } from '@ayumi/event-store';
import type { LogPage } from './log-pages';
import { LogPages } from './log-pages';

const event = (position: number) => ({ position: String(position) }) as StoredEvent;

/** A log of `length` events at positions 1 … length, recording each read's starting position. */
function logOf(length: number): { read: (after: string | null, limit: number) => Promise<LogPage>; reads: (string | null)[] } {
  const reads: (string | null)[] = [];
  const read = (after: string | null, limit: number): Promise<LogPage> => {
    reads.push(after);
    const from = after === null ? 1 : Number(after) + 1;
    const events = Array.from({ length: Math.max(0, Math.min(limit, length - from + 1)) }, (_, i) => event(from + i));
    return Promise.resolve({ events, position: events.at(-1)?.position ?? after, full: events.length === limit });
  };
  return { read, reads };
}

describe('LogPages', () => {
  it('given a full page, then the next page is read ahead and served from there', async () => {
    const log = logOf(5);
    const pages = new LogPages(log.read, 2);

    const first = await pages.after(null);
    expect(log.reads).toEqual([null, '2']);
    const second = await pages.after(first.position);

    expect(second.events.map((e) => e.position)).toEqual(['3', '4']);
    expect(log.reads).toEqual([null, '2', '4']);
  });

  it('given a short page, then nothing is read ahead', async () => {
    const log = logOf(3);
    const pages = new LogPages(log.read, 5);

    expect((await pages.after(null)).events).toHaveLength(3);

    expect(log.reads).toEqual([null]);
  });

  it('given a page read ahead, when an earlier checkpoint is asked for, then that page is read afresh', async () => {
    const log = logOf(6);
    const pages = new LogPages(log.read, 2);
    await pages.after(null);

    const again = await pages.after(null);

    expect(again.events.map((e) => e.position)).toEqual(['1', '2']);
    expect(log.reads).toEqual([null, '2', null, '2']);
  });
});
