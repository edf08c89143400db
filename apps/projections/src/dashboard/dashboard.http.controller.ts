import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { fiscalYearOf, localDate } from '@ayumi/domain';
import { InvalidRequestException } from '@ayumi/http';
import { RequirePermission } from '@ayumi/security';
import type { ProjectionOptions } from '../projection.tokens';
import { PROJECTION_OPTIONS } from '../projection.tokens';
import { GoalProgressQuery } from '../progress/goal-progress.query';
import { MIN_FISCAL_YEAR } from '../progress/progress.request.dto';
import { dashboardPage } from './dashboard.page';
import { DashboardRequestQuery } from './dashboard.request.dto';
import { DASHBOARD_SCRIPT } from './dashboard.script';
import { DASHBOARD_CSS } from './dashboard.styles';
import type { Language } from './dashboard.text';
import type { DashboardView } from './dashboard.view';
import { dashboardView, defaultAsOf, selectableFiscalYears } from './dashboard.view';
import { goalCards } from './goal-cards.html';

/** Everything the page loads comes from this app: a CDN or any other origin is refused by the browser. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

const HTML = 'text/html; charset=utf-8';

/** GET /dashboard: the live goal dashboard for wall screens, its live-updated cards and its assets. */
@Controller('dashboard')
export class DashboardHttpController {
  constructor(
    private readonly progress: GoalProgressQuery,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {}

  @Get()
  @RequirePermission('progress:read')
  @Header('Content-Type', HTML)
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  async page(@Query() query: DashboardRequestQuery): Promise<string> {
    const view = await this.view(query);
    const currentFiscalYear = fiscalYearOf(new Date().toISOString(), this.options.timeZone);
    return dashboardPage({
      view,
      language: languageOf(query),
      fiscalYears: selectableFiscalYears(Math.max(currentFiscalYear, view.fiscalYear), MIN_FISCAL_YEAR),
      asOfChosen: query.asOf !== undefined,
    }).toString();
  }

  /** The cards alone, which the page fetches again whenever /progress/stream reports a change. */
  @Get('cards')
  @RequirePermission('progress:read')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async cards(@Query() query: DashboardRequestQuery): Promise<string> {
    return goalCards(await this.view(query), languageOf(query)).toString();
  }

  @Get('dashboard.css')
  @RequirePermission('progress:read')
  @Header('Content-Type', 'text/css; charset=utf-8')
  stylesheet(): string {
    return DASHBOARD_CSS;
  }

  @Get('dashboard.js')
  @RequirePermission('progress:read')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return DASHBOARD_SCRIPT;
  }

  private async view(query: DashboardRequestQuery): Promise<DashboardView> {
    const today = localDate(new Date().toISOString(), this.options.timeZone);
    const fiscalYear = query.fiscalYear === undefined ? fiscalYearOf(new Date().toISOString(), this.options.timeZone) : Number(query.fiscalYear);
    const asOf = query.asOf ?? defaultAsOf(fiscalYear, today);
    if (asOf !== defaultAsOf(fiscalYear, asOf)) {
      const message = `asOf must be a day of fiscal year ${fiscalYear} (${fiscalYear}-04-01 to ${fiscalYear + 1}-03-31)`;
      throw new InvalidRequestException(400, 'VALIDATION.FAILED', message, [{ field: 'asOf', message }]);
    }
    const [report, previousYear] = await Promise.all([
      this.progress.report({ fiscalYear, asOf, knownAt: null, programs: [], metrics: [] }),
      this.progress.report({ fiscalYear: fiscalYear - 1, asOf: `${fiscalYear}-03-31`, knownAt: null, programs: [], metrics: [] }),
    ]);
    return dashboardView(report, previousYear);
  }
}

const languageOf = (query: DashboardRequestQuery): Language => (query.lang === 'en' ? 'en' : 'ja');
