import { IsIn, IsOptional, Matches } from 'class-validator';
import { METRIC_CATALOG } from '@ayumi/domain';
import { PROGRAM_IDS } from '@ayumi/events';
import { IsIsoDate, IsIsoDateTimeWithOffset } from '@ayumi/http';

export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2100;

export class ProgressRequestQuery {
  @Matches(/^(20\d\d|2100)$/, { message: `fiscalYear must be a year from ${MIN_FISCAL_YEAR} to ${MAX_FISCAL_YEAR}` })
  fiscalYear!: string;

  /** Default: today in the centre's time zone, within the fiscal year (its first day for a year to come, its last for one past). */
  @IsOptional() @IsIsoDate()
  asOf?: string;

  @IsOptional() @IsIsoDateTimeWithOffset()
  knownAt?: string;

  @IsOptional() @IsIn(PROGRAM_IDS)
  program?: string;

  @IsOptional() @IsIn([...new Set(METRIC_CATALOG.map((m) => m.metric))])
  metric?: string;
}
