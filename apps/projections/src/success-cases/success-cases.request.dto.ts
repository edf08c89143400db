import { IsIn, IsOptional, Matches } from 'class-validator';
import { AGE_BANDS, PROGRAM_IDS } from '@ayumi/events';
import { InvalidRequestException } from '@ayumi/http';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../progress/progress.request.dto';
import type { SuccessCaseCursor } from './success-cases.cursor';
import { decodeCursor } from './success-cases.cursor';
import type { SuccessCaseFilters } from './success-cases.query';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const DAYS = /^\d{1,5}$/;

/** The filters GET /success-cases and its export share; query values are strings, checked here. */
export class SuccessCaseFilterQuery {
  @IsOptional() @IsIn(PROGRAM_IDS)
  program?: string;

  @IsOptional() @Matches(/^(20\d\d|2100)$/, { message: `fiscalYear must be a year from ${MIN_FISCAL_YEAR} to ${MAX_FISCAL_YEAR}` })
  fiscalYear?: string;

  @IsOptional() @IsIn(AGE_BANDS)
  ageBand?: string;

  /** Whether the job conditions were relaxed before the placement. */
  @IsOptional() @IsIn(['true', 'false'])
  relaxed?: string;

  @IsOptional() @Matches(DAYS, { message: 'minDays must be a whole number of days (0–99999)' })
  minDays?: string;

  @IsOptional() @Matches(DAYS, { message: 'maxDays must be a whole number of days (0–99999)' })
  maxDays?: string;
}

/** GET /success-cases: the filters and a page (keyset: `cursor` is the `nextCursor` of the previous page). */
export class SuccessCasesRequestQuery extends SuccessCaseFilterQuery {
  @IsOptional() @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  limit?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /success-cases/export: the same filters, and the format (default csv). */
export class SuccessCasesExportQuery extends SuccessCaseFilterQuery {
  @IsOptional() @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

const invalid = (field: string, message: string) => new InvalidRequestException(400, 'VALIDATION.FAILED', message, [{ field, message }]);

/** The validated query as filters; a day range that ends before it starts is refused, naming minDays. */
export function successCaseFiltersOf(query: SuccessCaseFilterQuery): SuccessCaseFilters {
  const days = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const filters: SuccessCaseFilters = {
    program: query.program,
    fiscalYear: query.fiscalYear === undefined ? undefined : Number(query.fiscalYear),
    ageBand: query.ageBand,
    relaxed: query.relaxed === undefined ? undefined : query.relaxed === 'true',
    minDays: days(query.minDays),
    maxDays: days(query.maxDays),
  };
  if (filters.minDays !== undefined && filters.maxDays !== undefined && filters.minDays > filters.maxDays) {
    throw invalid('minDays', `minDays (${filters.minDays}) must not be greater than maxDays (${filters.maxDays})`);
  }
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/** The page asked for: where it starts and how many rows. */
export function successCasePageOf(query: SuccessCasesRequestQuery): { after: SuccessCaseCursor | null; limit: number } {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && after === null) throw invalid('cursor', 'cursor must be the nextCursor of a previous page');
  return { after, limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit) };
}
