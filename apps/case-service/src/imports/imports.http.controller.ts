import { Controller, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { CommandResult } from '../command-handling/command-context';
import { commandContextFrom } from '../command-handling/command-context.factory';
import { CommandRunner } from '../command-handling/command-runner';
import { COMMAND_ROUTES } from '../command-routes';
import type { ProblemDetails } from '@ayumi/http';
import { InvalidRequestException, createValidationPipe, toProblem } from '@ayumi/http';
import { principalOf, RequirePermission } from '@ayumi/security';
import { ImportLine } from './import-line';
import { createRouteMatcher } from './route-matcher';

/** What the text body parser reads for POST /imports (see case-service.app). */
export const IMPORT_CONTENT_TYPE = /^\s*(application\/x-ndjson|text\/plain)\s*(;|$)/i;

export type ImportResult = Readonly<{ line: number; status: number; body: CommandResult | ProblemDetails }>;

const matchRoute = createRouteMatcher(COMMAND_ROUTES);

/**
 * Bulk history: one command per NDJSON line, run in order, one result line per input line.
 * A bad line is reported and skipped; it never stops the lines after it.
 */
@ApiTags('imports')
@Controller()
export class ImportsHttpController {
  private readonly validation = createValidationPipe();
  private readonly logger = new Logger('Imports');

  constructor(private readonly commands: CommandRunner) {}

  @Post('imports')
  @RequirePermission('imports:write')
  @HttpCode(200)
  @ApiConsumes('application/x-ndjson')
  @ApiOperation({ summary: 'Import commands as NDJSON lines {method, path, body, idempotencyKey?, ifMatch?}; streams one result per line' })
  async import(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!IMPORT_CONTENT_TYPE.test(request.header('content-type') ?? '')) {
      const message = 'Send the commands as application/x-ndjson (or text/plain), one JSON object per line';
      throw new InvalidRequestException(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message, [{ field: 'Content-Type', message }]);
    }
    // An empty body is not parsed at all.
    const text = typeof request.body === 'string' ? request.body : '';
    const correlationId = request.header('x-correlation-id') ?? randomUUID();
    response.status(200).type('application/x-ndjson');
    const lines = text.split('\n');
    for (const [index, raw] of lines.entries()) {
      if (raw.trim() === '') continue;
      const result = await this.importLine(index + 1, raw, correlationId, request);
      response.write(`${JSON.stringify(result)}\n`);
    }
    response.end();
  }

  private async importLine(line: number, raw: string, correlationId: string, request: Request): Promise<ImportResult> {
    try {
      const command = (await this.validate(parseJson(raw), ImportLine)) as ImportLine;
      const match = matchRoute(command.method, command.path);
      if (!match) {
        throw new InvalidRequestException(404, 'IMPORT.UNKNOWN_ROUTE', `No command at ${command.method} ${command.path}`, [{ field: 'path', message: 'no such command' }]);
      }
      const body = (await this.validate(command.body, match.route.body)) as object;
      const headers: Record<string, string | undefined> = {
        'idempotency-key': command.idempotencyKey,
        'if-match': command.ifMatch,
        'x-correlation-id': correlationId,
      };
      const context = commandContextFrom({ method: command.method, path: command.path, body, header: (name) => headers[name] }, principalOf(request), new Date());
      return { line, status: match.route.status, body: await this.commands.run(match.route, match.params, body, context) };
    } catch (error) {
      const { problem } = toProblem(error);
      if (problem.status >= 500) this.logger.error(`Import line ${line}: ${String(error)}`, error instanceof Error ? error.stack : undefined);
      return { line, status: problem.status, body: inLineTerms(problem) };
    }
  }

  private validate(value: unknown, metatype: new () => object): Promise<unknown> {
    return this.validation.transform(value, { type: 'body', metatype });
  }
}

/** A line carries as fields what a request carries as headers: its problems name the line's fields. */
const LINE_FIELDS: Readonly<Record<string, string>> = { 'Idempotency-Key': 'idempotencyKey', 'If-Match': 'ifMatch' };

function inLineTerms(problem: ProblemDetails): ProblemDetails {
  if (!problem.errors) return problem;
  return { ...problem, errors: problem.errors.map((e) => ({ ...e, field: LINE_FIELDS[e.field] ?? e.field })) };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new InvalidRequestException(400, 'REQUEST.MALFORMED_JSON', 'The line is not valid JSON', [{ field: 'line', message: 'not valid JSON' }]);
  }
}
