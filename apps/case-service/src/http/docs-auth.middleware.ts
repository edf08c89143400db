import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@ayumi/http';
import type { ApiTokens } from '@ayumi/security';
import { authenticate, can, forbidden } from '@ayumi/security';

/** /docs is served by Swagger outside Nest's guards, so it is guarded here, the same way. */
export function docsAuth(tokens: ApiTokens) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      if (!can(await authenticate(tokens, request, response), 'docs:read')) throw forbidden('docs:read');
      next();
    } catch (error) {
      const { problem, headers } = toProblem(error);
      response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...problem, instance: request.originalUrl }));
    }
  };
}
