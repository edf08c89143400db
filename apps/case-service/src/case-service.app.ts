import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EventStore } from '@ayumi/event-store';
import { CaseServiceModule } from './case-service.module';
import { setUpOpenApi } from './http/open-api';
import { ProblemDetailsFilter, createValidationPipe } from '@ayumi/http';
import { RevisionETagInterceptor } from './http/revision-etag.interceptor';

export const JSON_BODY_LIMIT = '1mb';
export const IMPORT_BODY_LIMIT = '64mb';

export type CaseServiceAppOptions = Readonly<{ logger?: LoggerService | LogLevel[] | false }>;

export async function createCaseServiceApp(eventStore: EventStore, options: CaseServiceAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(CaseServiceModule.register(eventStore), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('text', { type: ['application/x-ndjson', 'text/plain'], limit: IMPORT_BODY_LIMIT });
  app.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RevisionETagInterceptor());
  setUpOpenApi(app);
  return app;
}
