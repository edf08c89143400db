import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { SqlClient } from '@ayumi/sql';
import { READ_MODELS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import type { Principal } from '@ayumi/security';
import { CurrentPrincipal, forbiddenCaseload, RequirePermission, seesAllCases } from '@ayumi/security';

type CaseloadRow = { case_id: string; age_band: string; programs: string[]; opened_at: Date | string; last_contact_at: Date | string | null };

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

@Controller()
export class CaseloadsHttpController {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly sql: SqlClient,
  ) {}

  /** A navigator's open cases, those longest without contact first. */
  @Get('caseloads/:navigatorId')
  @RequirePermission('caseloads:read')
  async caseload(@Param('navigatorId') navigatorId: string, @CurrentPrincipal() principal: Principal) {
    if (!seesAllCases(principal) && navigatorId !== principal.userId) throw forbiddenCaseload(navigatorId);
    const t = this.runner.activeTables();
    const rows = await this.sql.query<CaseloadRow>(
      `SELECT case_id, age_band, programs, opened_at, last_contact_at FROM ${t.caseloads}
       WHERE navigator_id = $1 AND status = 'open' ORDER BY COALESCE(last_contact_at, opened_at), case_id`,
      [navigatorId],
    );
    const now = Date.now();
    return {
      navigatorId,
      openCases: rows.length,
      cases: rows.map((r) => ({
        caseId: r.case_id,
        ageBand: r.age_band,
        programs: r.programs,
        openedAt: iso(r.opened_at),
        lastContactAt: iso(r.last_contact_at),
        daysSinceIntake: Math.floor((now - new Date(r.opened_at).getTime()) / DAY_MS),
        daysSinceLastContact: r.last_contact_at === null ? null : Math.floor((now - new Date(r.last_contact_at).getTime()) / DAY_MS),
      })),
    };
  }
}
