import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** The one exception filter: every error leaves as application/problem+json, never a stack trace. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, headers } = toProblem(error);
    const line = `${request.method} ${request.originalUrl}: ${String(error)}`;
    // A 500 is a fault of ours and worth its stack; a 503 is a known state (a store or broker away),
    // answered to every request and health probe meanwhile: one line each.
    if (problem.status === 500) this.logger.error(line, error instanceof Error ? error.stack : undefined);
    else if (problem.status > 500) this.logger.warn(line);
    response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...problem, instance: request.originalUrl }));
  }
}
