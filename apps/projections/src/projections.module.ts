import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE, HealthHttpController } from './health.http.controller';

/** The read side; the goal counters arrive with issue 3. */
@Module({})
export class ProjectionsModule {
  static register(eventStore: EventStore): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [HealthHttpController],
      providers: [{ provide: EVENT_STORE, useValue: eventStore }],
    };
  }
}
