import type { ValidationArguments, ValidationOptions } from 'class-validator';
import { IsOptional, Matches, registerDecorator, ValidateIf } from 'class-validator';

// Offsets up to ±14:59 (the widest in use is +14:00) and years from 1900: PostgreSQL's timestamptz
// refuses offsets beyond ±15:59 and the year 0000, and an event it cannot store would stop the projections.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MIN_YEAR = 1900;

function isRealCalendarDay(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  return y >= MIN_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function calendarValidator(name: string, pattern: RegExp, description: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => `${args.property} must be ${description}`, ...options },
      validator: {
        validate(value: unknown) {
          const match = typeof value === 'string' ? pattern.exec(value) : null;
          return match !== null && isRealCalendarDay(match[1]!, match[2]!, match[3]!);
        },
      },
    });
}

/** ISO 8601 date-time with an explicit offset: a time without a zone is ambiguous across months. */
export const IsIsoDateTimeWithOffset = calendarValidator('isIsoDateTimeWithOffset', ISO_DATE_TIME,
  'an ISO 8601 date-time with an offset (from the year 1900, offsets up to ±14:59), e.g. 2013-05-08T10:00:00+09:00');

export const IsIsoDate = calendarValidator('isIsoDate', ISO_DATE, 'an ISO 8601 calendar date from the year 1900, e.g. 2013-10-01');

/** `occurredAt` is optional on every command (default: now). */
export function OccurredAt(): PropertyDecorator {
  return (target, propertyName) => {
    IsOptional()(target, propertyName);
    IsIsoDateTimeWithOffset()(target, propertyName as string);
  };
}

/** May be left out, but not sent as null (`@IsOptional()` lets null through too, unchecked). */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Ids chosen by clients (employers, job orders, imported cases): short, URL-safe. */
export function IsRecordId(): PropertyDecorator {
  return Matches(ID_PATTERN, { message: '$property must be 1–64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit' });
}

/** NUL and unpaired UTF-16 surrogates: PostgreSQL's text and jsonb cannot hold them. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

export const UNSTORABLE_TEXT_MESSAGE = 'contains a NUL character or an unpaired surrogate (not valid Unicode text)';
