import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIsoDate } from '@ayumi/http';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../progress/progress.request.dto';
import { LANGUAGES } from './dashboard.text';

export class DashboardRequestQuery {
  /** Default: the current fiscal year. */
  @IsOptional() @Matches(/^(20\d\d|2100)$/, { message: `fiscalYear must be a year from ${MIN_FISCAL_YEAR} to ${MAX_FISCAL_YEAR}` })
  fiscalYear?: string;

  /** Default: today, or the last day of a past fiscal year. */
  @IsOptional() @IsIsoDate()
  asOf?: string;

  @IsOptional() @IsIn(LANGUAGES)
  lang?: string;
}
