import { positionOf, splitMetadata, toEventData, toStoredEvent } from './kurrentdb-records';

const eventId = '0b0c8f8e-1d2a-5b3c-8d4e-9f0a1b2c3d4e';

describe('KurrentDB records', () => {
  it('given an event to append, then a JSON event with the deterministic id and the schema version in its metadata', () => {
    const data = toEventData({ eventId, type: 'CaseOpened', schemaVersion: 3, data: { caseId: 'c' }, metadata: { eventId, userId: 'u' } });
    expect(data).toMatchObject({
      id: eventId, type: 'CaseOpened', contentType: 'application/json',
      data: { caseId: 'c' }, metadata: { eventId, userId: 'u', schemaVersion: 3 },
    });
  });

  it('given metadata that already carries schemaVersion, then the append is refused (it would not read back)', () => {
    expect(() => toEventData({ eventId, type: 'X', schemaVersion: 1, data: {}, metadata: { schemaVersion: 2 } })).toThrow(/schemaVersion/);
  });

  it('given stored metadata, then the schema version comes out of it (default 1) and the rest is kept', () => {
    expect(splitMetadata({ schemaVersion: 2, userId: 'u' })).toEqual({ schemaVersion: 2, metadata: { userId: 'u' } });
    expect(splitMetadata({ userId: 'u' })).toEqual({ schemaVersion: 1, metadata: { userId: 'u' } });
    expect(splitMetadata({ schemaVersion: 'two' })).toEqual({ schemaVersion: 1, metadata: {} });
    expect(splitMetadata(undefined)).toEqual({ schemaVersion: 1, metadata: {} });
    expect(splitMetadata(new Uint8Array([1]))).toEqual({ schemaVersion: 1, metadata: {} });
  });

  it('given a recorded event, then the stored event with a 1-based revision, the encoded position and an ISO time', () => {
    const created = new Date('2025-04-01T00:00:00.123Z');
    const stored = toStoredEvent(
      { streamId: 'case-1', id: eventId, revision: 0n, type: 'CaseOpened', created, data: { a: 1 }, metadata: { schemaVersion: 2, userId: 'u' } },
      { commit: 10n, prepare: 9n },
    );
    expect(stored).toEqual({
      streamId: 'case-1', revision: 1, position: '10/9', eventId, type: 'CaseOpened', schemaVersion: 2,
      data: { a: 1 }, metadata: { userId: 'u' }, recordedAt: '2025-04-01T00:00:00.123Z',
    });
  });

  it('given a resolved event, then its own position, else the commit position, else none', () => {
    const event = { streamId: 's', id: eventId, revision: 0n, type: 'T', created: new Date(0), data: {} };
    expect(positionOf({ event: { ...event, position: { commit: 5n, prepare: 4n } }, commitPosition: 7n })).toEqual({ commit: 5n, prepare: 4n });
    expect(positionOf({ event, commitPosition: 7n })).toEqual({ commit: 7n, prepare: 7n });
    expect(positionOf({ event })).toBeUndefined();
  });
});
