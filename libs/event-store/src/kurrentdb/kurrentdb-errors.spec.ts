import {
  DeadlineExceededError, NotLeaderError, StreamNotFoundError, TimeoutError, UnavailableError, WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { decideAfterConflict, isRetryOfStoredAppend, isUnavailableError } from './kurrentdb-errors';

/** Its constructor needs a gRPC error carrying the leader's address; the class is what matters here. */
const notLeader = Object.create(NotLeaderError.prototype) as NotLeaderError;

describe('KurrentDB error classification', () => {
  it('given the client\'s unavailable, deadline, timeout and not-leader errors, then the store is unavailable', () => {
    expect(isUnavailableError(new UnavailableError())).toBe(true);
    expect(isUnavailableError(new DeadlineExceededError())).toBe(true);
    expect(isUnavailableError(new TimeoutError())).toBe(true);
    expect(isUnavailableError(notLeader)).toBe(true);
  });

  it('given a raw gRPC error with status UNAVAILABLE (14) or DEADLINE_EXCEEDED (4), then the store is unavailable', () => {
    // What appendToStream rejects with when nothing listens (observed with client 1.3.1).
    expect(isUnavailableError(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBe(true);
    expect(isUnavailableError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toBe(true);
  });

  it('given a bridge error converted by the client (type "unavailable"), or gossip giving up, then the store is unavailable', () => {
    expect(isUnavailableError(Object.assign(new Error('down'), { type: 'unavailable' }))).toBe(true);
    expect(isUnavailableError(new Error('Failed to discover after 10 attempts.'))).toBe(true);
  });

  it('given conflicts, missing streams, other gRPC codes and non-errors, then they are not unavailability', () => {
    expect(isUnavailableError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n }))).toBe(false);
    expect(isUnavailableError(new StreamNotFoundError(undefined, 's'))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('denied'), { code: 7 }))).toBe(false);
    expect(isUnavailableError(new Error('boom'))).toBe(false);
    expect(isUnavailableError(undefined)).toBe(false);
    expect(isUnavailableError('unavailable')).toBe(false);
  });
});

describe('after a revision conflict: retry or conflict', () => {
  const stream = ['a', 'b', 'c', 'd'].map((eventId, i) => ({ eventId, revision: i + 1 }));

  it('given every id of the append already in the stream, then duplicate at the revision of the last of them', () => {
    expect(decideAfterConflict(stream, ['a', 'b'])).toEqual({ kind: 'duplicate', revision: 2 });
    expect(decideAfterConflict(stream, ['c'])).toEqual({ kind: 'duplicate', revision: 3 });
    expect(decideAfterConflict(stream, ['B', 'C'])).toEqual({ kind: 'duplicate', revision: 3 });
  });

  it('given an id of the append not in the stream, then a conflict (even when others are)', () => {
    expect(decideAfterConflict(stream, ['e'])).toEqual({ kind: 'conflict' });
    expect(decideAfterConflict(stream, ['d', 'e'])).toEqual({ kind: 'conflict' });
    expect(decideAfterConflict([], ['a'])).toEqual({ kind: 'conflict' });
  });

  it('given an empty append, then a conflict (nothing to recognise it by)', () => {
    expect(decideAfterConflict(stream, [])).toEqual({ kind: 'conflict' });
  });
});

describe('before appending: a retry of an append already stored', () => {
  it('given the target slots hold exactly the append\'s ids in order, then it is a retry', () => {
    expect(isRetryOfStoredAppend(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(isRetryOfStoredAppend(['A'], ['a'])).toBe(true);
  });

  it('given empty slots, other ids, another order or only some of them, then it is not', () => {
    expect(isRetryOfStoredAppend([], ['a'])).toBe(false);
    expect(isRetryOfStoredAppend(['x'], ['a'])).toBe(false);
    expect(isRetryOfStoredAppend(['b', 'a'], ['a', 'b'])).toBe(false);
    expect(isRetryOfStoredAppend(['a'], ['a', 'b'])).toBe(false);
    expect(isRetryOfStoredAppend([], [])).toBe(false);
  });
});
