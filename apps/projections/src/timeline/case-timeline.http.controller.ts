import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsIsoDateTimeWithOffset } from '@ayumi/http';
import type { Principal } from '@ayumi/security';
import { assertCaseAccess, CurrentPrincipal, RequirePermission } from '@ayumi/security';
import { CaseTimelineQuery } from './case-timeline.query';
import { TimelinePersonalData } from './timeline-personal-data';

export class TimelineRequestQuery {
  @IsOptional() @IsIsoDateTimeWithOffset()
  knownAt?: string;
}

@Controller()
export class CaseTimelineHttpController {
  constructor(private readonly timelines: CaseTimelineQuery, private readonly personalData: TimelinePersonalData) {}

  /** Every step of a case with the state after it; `knownAt` replays only what was recorded by then. */
  @Get('cases/:caseId/timeline')
  @RequirePermission('timelines:read')
  async timeline(@Param('caseId') caseId: string, @Query() query: TimelineRequestQuery, @CurrentPrincipal() principal: Principal) {
    const { timeline, assignedNavigatorId } = await this.timelines.timeline(caseId, query.knownAt ?? null);
    assertCaseAccess(principal, caseId, assignedNavigatorId);
    return this.personalData.serve(timeline, principal, 'GET /cases/:caseId/timeline');
  }
}
