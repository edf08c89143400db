import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@ayumi/event-store';
import type { Security } from '@ayumi/security';
import { SecurityModule } from '@ayumi/security';
import { AssignNavigatorHttpController } from './assign-navigator/assign-navigator.http.controller';
import { ChangeJobConditionsHttpController } from './change-job-conditions/change-job-conditions.http.controller';
import { CloseCaseHttpController } from './close-case/close-case.http.controller';
import { CollectHiringOutlookHttpController } from './collect-hiring-outlook/collect-hiring-outlook.http.controller';
import { CommandRunner } from './command-handling/command-runner';
import { ExecuteAggregateCommandHandler } from './command-handling/execute-aggregate-command';
import { ReadAggregateQueryHandler } from './command-handling/read-aggregate.query';
import { KEPT_STREAMS, StreamHistories } from './command-handling/stream-histories';
import { ErasePersonalDataHttpController } from './erase-personal-data/erase-personal-data.http.controller';
import { EVENT_STORE } from './event-store.token';
import { GetCaseHttpController } from './get-case/get-case.http.controller';
import { HealthHttpController } from './health/health.http.controller';
import { ImportsHttpController } from './imports/imports.http.controller';
import { IssueReferralHttpController } from './issue-referral/issue-referral.http.controller';
import { TokensHttpController } from './manage-tokens/tokens.http.controller';
import { OpenCaseHttpController } from './open-case/open-case.http.controller';
import { AuditTrailHttpController } from './read-audit-trail/audit-trail.http.controller';
import { ReceiveJobOrderHttpController } from './receive-job-order/receive-job-order.http.controller';
import { RecordConsultationHttpController } from './record-consultation/record-consultation.http.controller';
import { RecordFollowUpHttpController } from './record-follow-up/record-follow-up.http.controller';
import { RecordPlacementHttpController } from './record-placement/record-placement.http.controller';
import { RecordReferralOutcomeHttpController } from './record-referral-outcome/record-referral-outcome.http.controller';
import { RegisterEmployerHttpController } from './register-employer/register-employer.http.controller';
import { ReopenCaseHttpController } from './reopen-case/reopen-case.http.controller';
import { RetractPlacementHttpController } from './retract-placement/retract-placement.http.controller';
import { SetBusinessPlanHttpController } from './set-business-plan/set-business-plan.http.controller';
import { VoidServiceRecordHttpController } from './void-service-record/void-service-record.http.controller';

@Module({})
export class CaseServiceModule {
  /** The event store and security are opened by the caller, so one process can share them between apps. */
  static register(eventStore: EventStore, security: Security): DynamicModule {
    return {
      module: CaseServiceModule,
      imports: [CqrsModule.forRoot(), SecurityModule.register(security)],
      controllers: [
        OpenCaseHttpController, AssignNavigatorHttpController, RecordConsultationHttpController, IssueReferralHttpController,
        RecordReferralOutcomeHttpController, ChangeJobConditionsHttpController, RecordPlacementHttpController,
        RetractPlacementHttpController, VoidServiceRecordHttpController, RecordFollowUpHttpController, CloseCaseHttpController,
        ReopenCaseHttpController, RegisterEmployerHttpController, CollectHiringOutlookHttpController, ReceiveJobOrderHttpController,
        SetBusinessPlanHttpController, GetCaseHttpController, ImportsHttpController, HealthHttpController,
        TokensHttpController, ErasePersonalDataHttpController, AuditTrailHttpController,
      ],
      providers: [
        { provide: EVENT_STORE, useValue: eventStore },
        { provide: StreamHistories, useFactory: () => new StreamHistories(eventStore, KEPT_STREAMS) },
        CommandRunner,
        ExecuteAggregateCommandHandler,
        ReadAggregateQueryHandler,
      ],
    };
  }
}
