import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import type { Security } from '@ayumi/security';
import { SecurityModule } from '@ayumi/security';
import type { SqlClient } from '@ayumi/sql';
import { CaseloadsHttpController } from './caseloads/caseloads.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { HealthHttpController } from './operations/health.http.controller';
import { MetricsHttpController } from './operations/metrics.http.controller';
import { ProjectionsHttpController } from './operations/projections.http.controller';
import type { ProjectionOptions } from './projection.tokens';
import { EVENT_STORE, PROJECTION_OPTIONS, READ_MODELS } from './projection.tokens';
import { GoalProgressQuery } from './progress/goal-progress.query';
import { KafkaBridge } from './progress/kafka-bridge';
import { ProgressHub } from './progress/progress-hub';
import { ProgressStreamHttpController } from './progress/progress-stream.http.controller';
import { ProgressHttpController } from './progress/progress.http.controller';
import { ProjectionRunner } from './read-models/projection-runner';
import { SuccessCasesHttpController } from './success-cases/success-cases.http.controller';
import { successCasesOptionsProvider } from './success-cases/success-cases.options';
import { SuccessCasesQuery } from './success-cases/success-cases.query';
import { CaseTimelineHttpController } from './timeline/case-timeline.http.controller';
import { CaseTimelineQuery } from './timeline/case-timeline.query';
import { TimelinePersonalData } from './timeline/timeline-personal-data';

export type ProjectionsDependencies = Readonly<{ eventStore: EventStore; readModels: SqlClient; security: Security; options: ProjectionOptions }>;

/** The read side: projections of the log into goal counters and caseloads, and their HTTP reads. */
@Module({})
export class ProjectionsModule {
  static register({ eventStore, readModels, security, options }: ProjectionsDependencies): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [SecurityModule.register(security)],
      controllers: [
        ProgressHttpController, ProgressStreamHttpController, CaseloadsHttpController,
        ProjectionsHttpController, MetricsHttpController, HealthHttpController, CaseTimelineHttpController, DashboardHttpController,
        SuccessCasesHttpController,
      ],
      providers: [
        { provide: EVENT_STORE, useValue: eventStore },
        { provide: READ_MODELS, useValue: readModels },
        { provide: PROJECTION_OPTIONS, useValue: options },
        ProjectionRunner,
        GoalProgressQuery,
        ProgressHub,
        KafkaBridge,
        CaseTimelineQuery,
        TimelinePersonalData,
        successCasesOptionsProvider,
        SuccessCasesQuery,
      ],
    };
  }
}
