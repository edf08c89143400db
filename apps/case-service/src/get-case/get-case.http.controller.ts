import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseEvent, CaseOpened } from '@ayumi/events';
import { caseStreamId } from '@ayumi/events';
import type { CaseState } from '@ayumi/domain';
import { caseDecider, caseNotFound, foldEvents } from '@ayumi/domain';
import type { Principal } from '@ayumi/security';
import { assertCaseAccess, AuditTrail, can, CurrentPrincipal, PersonalDataVault, RequirePermission } from '@ayumi/security';
import type { AggregateSnapshot } from '../command-handling/read-aggregate.query';
import { ReadAggregateQuery } from '../command-handling/read-aggregate.query';

type CaseWithIntake = Readonly<{ state: CaseState; personalDataRef: string | null }>;

@ApiTags('cases')
@Controller()
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus, private readonly vault: PersonalDataVault, private readonly audit: AuditTrail) {}

  @Get('cases/:caseId')
  @RequirePermission('cases:read')
  @ApiOperation({ summary: 'Current state of a case, read from its stream, with its revision and the intake\'s personal data (audited)' })
  async get(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    const { state: { state, personalDataRef }, revision }: AggregateSnapshot<CaseWithIntake> = await this.queries.execute(
      new ReadAggregateQuery(caseStreamId(caseId), (events) => ({
        state: foldEvents(caseDecider, events as readonly CaseEvent[]),
        personalDataRef: events.find((e): e is CaseOpened => e.type === 'CaseOpened')?.data.personalDataRef ?? null,
      })),
    );
    if (state.status === 'none') throw caseNotFound(caseId);
    assertCaseAccess(principal, caseId, state.navigatorId);
    if (personalDataRef === null || !can(principal, 'personal-data:read')) return { ...state, revision };

    const personalData = (await this.vault.read([personalDataRef])).get(personalDataRef)!;
    await this.audit.record(principal, 'personal-data.read', { clientRef: state.clientRef, subject: `case ${caseId}`, via: 'GET /cases/:caseId' });
    return { ...state, revision, personalData };
  }
}
