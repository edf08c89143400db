import type { StoredEvent } from '@ayumi/event-store';
import type { BatchOutcome } from './project-batch';
import { applyPassingOverRefused } from './refused-events';

const event = (eventId: string) => ({ eventId, position: eventId }) as StoredEvent;
const outOfRange = Object.assign(new Error('value "2013.5" is out of range for type integer'), { code: '22003' });
const connectionLost = Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' });
const appliedAll = (events: readonly StoredEvent[]): BatchOutcome =>
  ({ applied: events.length, duplicates: 0, malformed: [], changed: [], changedTargetYears: [] });

/** A database that applies batches (recording each) and refuses any batch holding one of the `poison` events. */
function databaseRefusing(error: Error, ...poison: string[]) {
  const applied: string[][] = [];
  const passedOver: string[] = [];
  const apply = (events: readonly StoredEvent[]) => {
    if (events.some((e) => poison.includes(e.eventId))) return Promise.reject(error);
    applied.push(events.map((e) => e.eventId));
    return Promise.resolve(appliedAll(events));
  };
  const passOver = (e: StoredEvent) => {
    passedOver.push(e.eventId);
    return Promise.resolve();
  };
  return { apply, passOver, applied, passedOver };
}

describe('applyPassingOverRefused', () => {
  it('given a batch the database accepts, then it is applied once, whole', async () => {
    const db = databaseRefusing(outOfRange);

    const outcome = await applyPassingOverRefused([event('a'), event('b')], db.apply, db.passOver);

    expect(db.applied).toEqual([['a', 'b']]);
    expect(outcome).toMatchObject({ applied: 2, malformed: [] });
  });

  it('given a batch refused for a value in one event, then the others are applied one by one and that one is passed over as malformed', async () => {
    const db = databaseRefusing(outOfRange, 'b');

    const outcome = await applyPassingOverRefused([event('a'), event('b'), event('c')], db.apply, db.passOver);

    expect(db.applied).toEqual([['a'], ['c']]);
    expect(db.passedOver).toEqual(['b']);
    expect(outcome.applied).toBe(2);
    expect(outcome.malformed).toEqual([{ eventId: 'b', error: expect.stringContaining('out of range') }]);
  });

  it('given an event the projection code cannot read (a TypeError), then it is passed over like a refused value', async () => {
    const db = databaseRefusing(new TypeError("Cannot read properties of null (reading 'program')"), 'a');

    const outcome = await applyPassingOverRefused([event('a'), event('b')], db.apply, db.passOver);

    expect(db.passedOver).toEqual(['a']);
    expect(outcome).toMatchObject({ applied: 1, malformed: [{ eventId: 'a' }] });
  });

  it.each([
    ['the connection is lost', connectionLost],
    ['a serialisation conflict', Object.assign(new Error('could not serialize access'), { code: '40001' })],
  ])('given a batch that fails because %s, then the error is thrown and nothing is passed over', async (_, failure) => {
    const db = databaseRefusing(failure, 'b');

    await expect(applyPassingOverRefused([event('a'), event('b')], db.apply, db.passOver)).rejects.toBe(failure);

    expect(db.passedOver).toEqual([]);
    expect(db.applied).toEqual([]);
  });
});
