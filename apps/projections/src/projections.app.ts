import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createValidationPipe, ProblemDetailsFilter } from '@ayumi/http';
import type { AppConfig } from '@ayumi/platform';
import { securityHeaders } from '@ayumi/security';
import type { ProjectionOptions } from './projection.tokens';
import type { ProjectionsDependencies } from './projections.module';
import { ProjectionsModule } from './projections.module';

export type ProjectionsAppOptions = Readonly<{ logger?: LoggerService | LogLevel[] | false }>;

export const DEFAULT_PROJECTION_OPTIONS = { batchSize: 4000, pollIntervalMs: 1000 } as const;

/** Projection options from the validated configuration. */
export function projectionOptionsFrom(config: AppConfig): ProjectionOptions {
  return {
    ...DEFAULT_PROJECTION_OPTIONS,
    timeZone: config.centreTimeZone,
    source: config.projectionSource,
    kafka: config.kafkaBrokers.length === 0 ? null : {
      brokers: config.kafkaBrokers, clientId: 'ayumi-projections', idempotentProducer: config.kafkaIdempotentProducer, relay: config.relay,
    },
  };
}

export async function createProjectionsApp(dependencies: ProjectionsDependencies, options: ProjectionsAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectionsModule.register(dependencies), { logger: options.logger ?? ['log', 'warn', 'error'] });
  app.use(securityHeaders());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
