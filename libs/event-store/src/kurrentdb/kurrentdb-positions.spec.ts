import {
  AYUMI_STREAM_PREFIXES, comparePositions, encodePosition, fromCurrentState, isAyumiStream, isSystemEventType,
  parsePosition, toExpectedState, toRevision,
} from './kurrentdb-positions';

describe('KurrentDB revision mapping', () => {
  it('given expected revision 0 (no stream), then no_stream; given n, then event number n - 1', () => {
    expect(toExpectedState(0)).toBe('no_stream');
    expect(toExpectedState(1)).toBe(0n);
    expect(toExpectedState(42)).toBe(41n);
  });

  it('given a negative or fractional expected revision, then it is refused', () => {
    expect(() => toExpectedState(-1)).toThrow(RangeError);
    expect(() => toExpectedState(1.5)).toThrow(RangeError);
  });

  it('given event number n (0-based), then revision n + 1', () => {
    expect(toRevision(0n)).toBe(1);
    expect(toRevision(41n)).toBe(42);
    expect(() => toRevision(-1n)).toThrow(RangeError);
    expect(() => toRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
  });

  it('given the current state KurrentDB reports, then the 1-based revision (no stream and negative states = 0)', () => {
    expect(fromCurrentState('no_stream')).toBe(0);
    expect(fromCurrentState(0n)).toBe(1);
    expect(fromCurrentState(4n)).toBe(5);
    expect(fromCurrentState(-1n)).toBe(0);
    expect(fromCurrentState(-5n)).toBe(0);
  });
});

describe('KurrentDB log positions', () => {
  it('given a $all position, then it encodes as "<commit>/<prepare>" and parses back', () => {
    const position = { commit: 18446744073709551615n, prepare: 123n };
    expect(encodePosition(position)).toBe('18446744073709551615/123');
    expect(parsePosition(encodePosition(position))).toEqual(position);
    expect(parsePosition('0/0')).toEqual({ commit: 0n, prepare: 0n });
  });

  it.each(['not a position', '', '1:2', '1/', '/2', '-1/2', '1/2/3', ' 1/2', '1.0/2', '18446744073709551616/0'])(
    'given %p, then it is refused clearly', (text) => {
      expect(() => parsePosition(text)).toThrow(/KurrentDB log position/);
    });

  it('given a value that is not a string, then it is refused clearly', () => {
    expect(() => parsePosition(42 as unknown as string)).toThrow(/KurrentDB log position: "42"/);
  });

  it('given two positions, then they order by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 1n })).toBe(0);
  });
});

describe('Ayumi streams in $all', () => {
  it('given stream names, then only case-, employer- and plan- streams are Ayumi streams', () => {
    expect(AYUMI_STREAM_PREFIXES).toEqual(['case-', 'employer-', 'plan-']);
    expect(['case-1', 'employer-2', 'plan-2025'].every(isAyumiStream)).toBe(true);
    expect(['$$case-1', '$ce-case', '$stats-127.0.0.1:2113', 'cases-1', 'other', 'Case-1'].some(isAyumiStream)).toBe(false);
  });

  it('given event types, then those starting with $ are system events', () => {
    expect(isSystemEventType('$metadata')).toBe(true);
    expect(isSystemEventType('$>')).toBe(true);
    expect(isSystemEventType('CaseOpened')).toBe(false);
  });
});
