import { Controller, Get, Inject, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { newExportStats, successCaseExportChunks, writeExport } from './success-cases.export';
import type { SuccessCasesOptions } from './success-cases.options';
import { SUCCESS_CASES_OPTIONS } from './success-cases.options';
import { SuccessCasesQuery } from './success-cases.query';
import { successCaseFiltersOf, successCasePageOf, SuccessCasesExportQuery, SuccessCasesRequestQuery } from './success-cases.request.dto';
import { RequirePermission } from '@ayumi/security';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' } as const;

@Controller('success-cases')
export class SuccessCasesHttpController {
  private readonly logger = new Logger('SuccessCases');

  constructor(
    private readonly successCases: SuccessCasesQuery,
    @Inject(SUCCESS_CASES_OPTIONS) private readonly options: SuccessCasesOptions,
  ) {}

  /** Placed, unretracted cases, de-identified, a page at a time, with aggregates over the whole filtered group. */
  @Get()
  @RequirePermission('success-cases:read')
  search(@Query() query: SuccessCasesRequestQuery) {
    const { after, limit } = successCasePageOf(query);
    return this.successCases.search(successCaseFiltersOf(query), after, limit);
  }

  /** Every row of the filtered group as CSV or NDJSON, streamed page by page. */
  @Get('export')
  @RequirePermission('success-cases:read')
  async export(@Query() query: SuccessCasesExportQuery, @Res() response: Response): Promise<void> {
    const filters = successCaseFiltersOf(query);
    const format = query.format ?? 'csv';
    const name = `success-cases${filters.fiscalYear === undefined ? '' : `-${filters.fiscalYear}`}.${format}`;
    // attachment() guesses a type from the file name; the format's own type is set after it.
    response.status(200).attachment(name).type(CONTENT_TYPES[format]);
    const stats = newExportStats();
    try {
      await writeExport(successCaseExportChunks(await this.successCases.exportPages(filters), format, this.options.exportPageSize, stats), response);
    } catch (error) {
      // A streamed response cannot turn into a problem: a failure (or a client that left) cuts it short,
      // so the client sees an unfinished body rather than a complete-looking one.
      this.logger.warn(`Export stopped after ${stats.rows} rows: ${String(error)}`);
    }
  }
}
