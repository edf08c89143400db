import type { SuccessCase } from '@ayumi/domain';

/** The columns of the export, in order: the fields of a row of GET /success-cases. */
export const SUCCESS_CASE_COLUMNS = [
  'program', 'ageBand', 'intakeMonth', 'placementMonth', 'fiscalYear', 'daysToPlacement', 'employmentType',
  'relaxedBeforePlacement', 'relaxationsBeforePlacement', 'consultationsBeforePlacement',
] as const satisfies readonly (keyof SuccessCase)[];

/** Relaxation kinds share one CSV cell, separated by this. */
export const CSV_LIST_SEPARATOR = ';';

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: unknown): string {
  let cell = Array.isArray(value) ? value.join(CSV_LIST_SEPARATOR) : String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export const csvHeader = (): string => `${SUCCESS_CASE_COLUMNS.join(',')}\r\n`;

export const csvLine = (row: SuccessCase): string => `${SUCCESS_CASE_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;

export const ndjsonLine = (row: SuccessCase): string => `${JSON.stringify(row)}\n`;
