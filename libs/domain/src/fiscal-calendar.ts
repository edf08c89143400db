/**
 * The Japanese fiscal year (年度) runs April–March: fiscal year 2013 is 2013-04-01 … 2014-03-31.
 * Month and year boundaries are taken in the centre's time zone, not in UTC.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** A calendar month, `YYYY-MM`. */
export type MonthKey = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date of an instant in a time zone, `YYYY-MM-DD`. */
export function localDate(instant: string, timeZone: string): string {
  const epochMs = Date.parse(instant);
  if (Number.isNaN(epochMs)) throw new RangeError(`Not a date-time: ${instant}`);
  return formatterFor(timeZone).format(epochMs);
}

export function monthOf(instant: string, timeZone: string): MonthKey {
  return localDate(instant, timeZone).slice(0, 7);
}

export function fiscalYearOfMonth(month: MonthKey): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 4 ? year : year - 1;
}

export function fiscalYearOf(instant: string, timeZone: string): number {
  return fiscalYearOfMonth(monthOf(instant, timeZone));
}

/** The twelve months of a fiscal year in order, April first. */
export function fiscalYearMonths(fiscalYear: number): MonthKey[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    const year = month >= 4 ? fiscalYear : fiscalYear + 1;
    return `${year}-${String(month).padStart(2, '0')}`;
  });
}

/** 1 for April … 12 for March. */
export function fiscalMonthNumber(month: MonthKey): number {
  return ((Number(month.slice(5, 7)) + 8) % 12) + 1;
}

const ERAS = [
  { name: '令和', firstYear: 2019 },
  { name: '平成', firstYear: 1989 },
  { name: '昭和', firstYear: 1926 },
] as const;

/** The Japanese name of a fiscal year: 2013 → 平成25年度, 2019 → 令和元年度. */
export function japaneseFiscalYearName(fiscalYear: number): string {
  const era = ERAS.find((e) => fiscalYear >= e.firstYear) ?? ERAS[ERAS.length - 1];
  const yearOfEra = fiscalYear - era.firstYear + 1;
  return `${era.name}${yearOfEra === 1 ? '元' : yearOfEra}年度`;
}
