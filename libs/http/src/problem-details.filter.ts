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
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl}: ${String(error)}`, error instanceof Error ? error.stack : undefined);
    response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...problem, instance: request.originalUrl }));
  }
}
