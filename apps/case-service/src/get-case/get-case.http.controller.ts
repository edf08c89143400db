import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseEvent } from '@ayumi/events';
import { caseStreamId } from '@ayumi/events';
import type { CaseState } from '@ayumi/domain';
import { caseDecider, caseNotFound, foldEvents } from '@ayumi/domain';
import type { AggregateSnapshot } from '../command-handling/read-aggregate.query';
import { ReadAggregateQuery } from '../command-handling/read-aggregate.query';

@ApiTags('cases')
@Controller()
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'Current state of a case, read from its stream, with its revision' })
  async get(@Param('caseId') caseId: string) {
    const { state, revision }: AggregateSnapshot<CaseState> = await this.queries.execute(
      new ReadAggregateQuery(caseStreamId(caseId), (events) => foldEvents(caseDecider, events as readonly CaseEvent[])),
    );
    if (state.status === 'none') throw caseNotFound(caseId);
    return { ...state, revision };
  }
}
