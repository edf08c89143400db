import type { IncomingMessage } from 'node:http';
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
import { permissionMiddleware } from './http/permission.middleware';
import { IMPORT_CONTENT_TYPE } from './imports/imports.http.controller';

export const JSON_BODY_LIMIT = '1mb';
export const IMPORT_BODY_LIMIT = '64mb';

/**
 * The NDJSON body of POST /imports, spelled as Express routes it (any case, trailing slashes); every
 * other route takes JSON only, up to the JSON limit.
 */
const isImportBody = (request: IncomingMessage) =>
  (request.url ?? '').split('?')[0]!.replace(/\/+$/, '').toLowerCase() === '/imports' && IMPORT_CONTENT_TYPE.test(request.headers['content-type'] ?? '');

export type CaseServiceAppOptions = Readonly<{ logger?: LoggerService | LogLevel[] | false }>;

export async function createCaseServiceApp(eventStore: EventStore, security: Security, options: CaseServiceAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(CaseServiceModule.register(eventStore, security), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(['/docs', '/docs-json'], permissionMiddleware(security.tokens, 'docs:read'));
  // Before the body parsers: a body of up to 64 MB is read only for a caller allowed to import.
  app.use('/imports', permissionMiddleware(security.tokens, 'imports:write'));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('text', { type: isImportBody, limit: IMPORT_BODY_LIMIT });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RevisionETagInterceptor());
  setUpOpenApi(app);
  return app;
}
