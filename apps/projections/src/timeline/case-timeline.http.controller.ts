import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsIsoDateTimeWithOffset } from '@ayumi/http';
import { CaseTimelineQuery } from './case-timeline.query';

export class TimelineRequestQuery {
  @IsOptional() @IsIsoDateTimeWithOffset()
  knownAt?: string;
}

@Controller()
export class CaseTimelineHttpController {
  constructor(private readonly timelines: CaseTimelineQuery) {}

  /** Every step of a case with the state after it; `knownAt` replays only what was recorded by then. */
  @Get('cases/:caseId/timeline')
  timeline(@Param('caseId') caseId: string, @Query() query: TimelineRequestQuery) {
    return this.timelines.timeline(caseId, query.knownAt ?? null);
  }
}
