import { DomainError } from './domain-error';

/** How far ahead of the server's clock a client's clock may run before a time counts as future. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

function epochMs(instant: string, field: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new DomainError('TIME.INVALID', 'invalid', `${field} is not a date-time: ${instant}`, field);
  return ms;
}

/** `occurredAt` may be late (records are entered after the fact) but not in the future. */
export function requireNotInFuture(occurredAt: string, now: string, field = 'occurredAt'): void {
  if (epochMs(occurredAt, field) > epochMs(now, 'now') + CLOCK_SKEW_MS) {
    throw new DomainError('TIME.IN_FUTURE', 'invalid', `${field} ${occurredAt} is in the future`, field);
  }
}

/** A step of a journey cannot happen before the journey started. */
export function requireNotBefore(occurredAt: string, start: string, what: string, code = 'TIME.BEFORE_INTAKE', field = 'occurredAt'): void {
  if (epochMs(occurredAt, field) < epochMs(start, what)) {
    throw new DomainError(code, 'invalid', `${field} ${occurredAt} is before ${what} (${start})`, field);
  }
}
