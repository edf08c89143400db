import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EventStore } from '@ayumi/event-store';
import type { Security } from '@ayumi/security';
import { securityHeaders } from '@ayumi/security';
import { CaseServiceModule } from './case-service.module';
import { setUpOpenApi } from './http/open-api';
import { ProblemDetailsFilter, createValidationPipe } from '@ayumi/http';
import { RevisionETagInterceptor } from './http/revision-etag.interceptor';
import { docsAuth } from './http/docs-auth.middleware';

export const JSON_BODY_LIMIT = '1mb';
export const IMPORT_BODY_LIMIT = '64mb';

export type CaseServiceAppOptions = Readonly<{ logger?: LoggerService | LogLevel[] | false }>;

export async function createCaseServiceApp(eventStore: EventStore, security: Security, options: CaseServiceAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(CaseServiceModule.register(eventStore, security), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('text', { type: ['application/x-ndjson', 'text/plain'], limit: IMPORT_BODY_LIMIT });
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(['/docs', '/docs-json'], docsAuth(security.tokens));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RevisionETagInterceptor());
  setUpOpenApi(app);
  return app;
}
