import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventStore } from '@ayumi/event-store';
import { ProjectionsModule } from './projections.module';

export type ProjectionsAppOptions = Readonly<{ logger?: LoggerService | LogLevel[] | false }>;

export async function createProjectionsApp(eventStore: EventStore, options: ProjectionsAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectionsModule.register(eventStore), { logger: options.logger ?? ['log', 'warn', 'error'] });
  return app;
}
