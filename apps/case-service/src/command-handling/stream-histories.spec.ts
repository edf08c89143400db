import type { EventStore, StoredEvent } from '@ayumi/event-store';
import type { AggregateCommand, AggregateState } from './aggregate-command';
import { StreamHistories } from './stream-histories';

const stored = (revision: number, commandId: string, requestHash: string, data: Record<string, unknown> = {}): StoredEvent => ({
  streamId: 'case-1', revision, position: String(revision), eventId: `e${revision}`, type: 'ConsultationHeld', schemaVersion: 1,
  data: { caseId: '1', ...data }, metadata: { commandId, requestHash }, recordedAt: '2026-12-03T00:00:00.000Z',
});

/** A store whose only stream is `case-1`, counting its reads. */
function storeWith(events: StoredEvent[]): EventStore & { reads: number } {
  const store = {
    reads: 0,
    readStream: (streamId: string) => {
      store.reads += 1;
      return Promise.resolve(streamId === 'case-1' ? events : []);
    },
  };
  return store as unknown as EventStore & { reads: number };
}

/** An aggregate whose state is the number of events folded into it. */
const counted = (n: number) => ({ n }) as unknown as AggregateState;
const countOf = (state: AggregateState) => (state as unknown as { n: number }).n;
const commandOn = (streamId: string) => ({
  streamId,
  evolve: (state: AggregateState | null, events: readonly unknown[]) => counted((state === null ? 0 : countOf(state)) + events.length),
}) as unknown as AggregateCommand;

const after = (commandId: string, revision: number) => ({ state: counted(revision), revision, commandId, requestHash: `h-${commandId}`, recordRefs: { note: `ref-${commandId}` } });

describe('StreamHistories', () => {
  it('given a stream in the store, when loaded, then it has the revision, the folded state and each command with its first request hash and last revision', async () => {
    const histories = new StreamHistories(storeWith([stored(1, 'open', 'h1'), stored(2, 'plan', 'h2'), stored(3, 'plan', 'h2')]), 10);

    const history = await histories.load(commandOn('case-1'), false);

    expect(history).toMatchObject({ revision: 3, kept: false });
    expect(countOf(history.state)).toBe(3);
    expect([...history.commands]).toEqual([['open', { requestHash: 'h1', revision: 1, recordRefs: {} }], ['plan', { requestHash: 'h2', revision: 3, recordRefs: {} }]]);
  });

  it('given events that refer to vault records, when loaded, then each command has the references by the request field they came from', async () => {
    const histories = new StreamHistories(storeWith([
      stored(1, 'open', 'h1', { personalDataRef: 'ref-intake' }), stored(2, 'consult', 'h2', { noteRef: 'ref-note' }), stored(3, 'close', 'h3'),
    ]), 10);

    const { commands } = await histories.load(commandOn('case-1'), false);

    expect(Object.fromEntries([...commands].map(([id, c]) => [id, c.recordRefs])))
      .toEqual({ open: { personalData: 'ref-intake' }, consult: { note: 'ref-note' }, close: {} });
  });

  it('given a kept write, when loaded again, then the store is not read and the history is the one the write left', async () => {
    const store = storeWith([stored(1, 'open', 'h1')]);
    const histories = new StreamHistories(store, 10);
    const first = await histories.load(commandOn('case-1'), false);

    histories.keep('case-1', first, after('consult', 2));
    const second = await histories.load(commandOn('case-1'), false);

    expect(store.reads).toBe(1);
    expect(second).toMatchObject({ revision: 2, kept: true });
    expect(countOf(second.state)).toBe(2);
    expect(second.commands.get('consult')).toEqual({ requestHash: 'h-consult', revision: 2, recordRefs: { note: 'ref-consult' } });
    expect(second.commands.get('open')).toEqual({ requestHash: 'h1', revision: 1, recordRefs: {} });
    expect(first.commands.has('consult')).toBe(false);
  });

  it('given a kept write, when loaded fresh or after forget, then the store is read again', async () => {
    const store = storeWith([stored(1, 'open', 'h1')]);
    const histories = new StreamHistories(store, 10);
    histories.keep('case-1', await histories.load(commandOn('case-1'), false), after('consult', 2));

    expect(await histories.load(commandOn('case-1'), true)).toMatchObject({ revision: 1, kept: false });
    histories.keep('case-1', await histories.load(commandOn('case-1'), false), after('consult', 2));
    histories.forget('case-1');
    expect(await histories.load(commandOn('case-1'), false)).toMatchObject({ revision: 1, kept: false });
    expect(store.reads).toBe(4);
  });

  it('given a later write kept already, when an earlier one is kept, then the later one stays', async () => {
    const histories = new StreamHistories(storeWith([]), 10);
    const empty = await histories.load(commandOn('case-a'), false);
    histories.keep('case-a', empty, after('second', 2));

    histories.keep('case-a', empty, after('first', 1));

    expect(await histories.load(commandOn('case-a'), false)).toMatchObject({ revision: 2, kept: true });
  });

  it('given more streams kept than the capacity, then the least recently used one is dropped', async () => {
    const histories = new StreamHistories(storeWith([]), 2);
    const empty = await histories.load(commandOn('case-a'), false);
    histories.keep('case-a', empty, after('a', 1));
    histories.keep('case-b', empty, after('b', 1));
    await histories.load(commandOn('case-a'), false);

    histories.keep('case-c', empty, after('c', 1));

    expect(await histories.load(commandOn('case-a'), false)).toMatchObject({ kept: true });
    expect(await histories.load(commandOn('case-c'), false)).toMatchObject({ kept: true });
    expect(await histories.load(commandOn('case-b'), false)).toMatchObject({ kept: false });
  });
});
