import type { DomainError } from './domain-error';
import { domainErrorOf } from './testing/given-when-then';
import { CLOCK_SKEW_MS, requireNotBefore, requireNotInFuture } from './time-rules';

/** The seed's intake: 8 May 2013, 10:00 in Tokyo. */
const INTAKE = '2013-05-08T10:00:00+09:00';
const NOW = '2013-05-08T10:00:00+09:00';

const summary = (error: DomainError) => ({ code: error.code, kind: error.kind, field: error.field });

describe('time rules', () => {
  it('given a client clock running ahead of the server, when occurredAt is checked, then up to 5 minutes of skew is allowed', () => {
    expect(CLOCK_SKEW_MS).toBe(5 * 60 * 1000);
  });

  describe('requireNotInFuture', () => {
    it.each([
      ['three weeks late', '2013-04-17T10:00:00+09:00'],
      ['at the very moment', NOW],
      ['4 minutes 59 seconds ahead (within the skew)', '2013-05-08T10:04:59+09:00'],
      ['exactly 5 minutes ahead (the edge of the skew)', '2013-05-08T10:05:00+09:00'],
      ['5 minutes ahead written in UTC', '2013-05-08T01:05:00Z'],
    ])('given the clock at 10:00 Tokyo time, when something is dated %s, then it is accepted', (_what, occurredAt) => {
      expect(() => requireNotInFuture(occurredAt, NOW)).not.toThrow();
    });

    it.each([
      ['5 minutes and 1 millisecond ahead', '2013-05-08T10:05:00.001+09:00'],
      ['an hour ahead', '2013-05-08T11:00:00+09:00'],
      ['10:00 the same day in Los Angeles (a later instant)', '2013-05-08T10:00:00-07:00'],
    ])('given the clock at 10:00 Tokyo time, when something is dated %s, then TIME.IN_FUTURE on occurredAt', (_what, occurredAt) => {
      expect(summary(domainErrorOf(() => requireNotInFuture(occurredAt, NOW))))
        .toStrictEqual({ code: 'TIME.IN_FUTURE', kind: 'invalid', field: 'occurredAt' });
    });

    it('given a future date in another field, when checked with that field, then the error names it', () => {
      expect(domainErrorOf(() => requireNotInFuture('2013-06-01T00:00:00+09:00', NOW, 'startedAt')).field).toBe('startedAt');
    });

    it.each(['', 'yesterday', '2013-13-45T10:00:00+09:00'])(
      'given the date "%s", when checked, then TIME.INVALID on occurredAt',
      (occurredAt) => {
        expect(summary(domainErrorOf(() => requireNotInFuture(occurredAt, NOW))))
          .toStrictEqual({ code: 'TIME.INVALID', kind: 'invalid', field: 'occurredAt' });
      },
    );

    it('given an unreadable clock, when a date is checked, then TIME.INVALID on now', () => {
      expect(summary(domainErrorOf(() => requireNotInFuture(INTAKE, 'soon'))))
        .toStrictEqual({ code: 'TIME.INVALID', kind: 'invalid', field: 'now' });
    });
  });

  describe('requireNotBefore', () => {
    it.each([
      ['at the intake', INTAKE],
      ['at the same instant written in UTC', '2013-05-08T01:00:00Z'],
      ['five months later', '2013-10-01T09:00:00+09:00'],
    ])('given the intake at 10:00 Tokyo time, when a step is dated %s, then it is accepted', (_what, occurredAt) => {
      expect(() => requireNotBefore(occurredAt, INTAKE, 'the intake')).not.toThrow();
    });

    it.each([
      ['one millisecond before', '2013-05-08T09:59:59.999+09:00'],
      ['the day before', '2013-05-07T10:00:00+09:00'],
      ['00:59 UTC (09:59 in Tokyo)', '2013-05-08T00:59:00Z'],
    ])('given the intake at 10:00 Tokyo time, when a step is dated %s, then TIME.BEFORE_INTAKE on occurredAt', (_what, occurredAt) => {
      const error = domainErrorOf(() => requireNotBefore(occurredAt, INTAKE, 'the intake'));
      expect(summary(error)).toStrictEqual({ code: 'TIME.BEFORE_INTAKE', kind: 'invalid', field: 'occurredAt' });
      expect(error.message).toContain(`before the intake (${INTAKE})`);
    });

    it('given a step before the intake in another field, when checked with that field, then the error names it', () => {
      expect(domainErrorOf(() => requireNotBefore('2013-05-01T00:00:00+09:00', INTAKE, 'the intake', 'TIME.BEFORE_INTAKE', 'startedAt')).field).toBe('startedAt');
    });

    it('given an unreadable step date, when checked, then TIME.INVALID on occurredAt', () => {
      expect(summary(domainErrorOf(() => requireNotBefore('early May', INTAKE, 'the intake'))))
        .toStrictEqual({ code: 'TIME.INVALID', kind: 'invalid', field: 'occurredAt' });
    });
  });
});
