import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@ayumi/http';
import type { ApiTokens, Permission } from '@ayumi/security';
import { authenticate, can, forbidden } from '@ayumi/security';

/**
 * The token check of Nest's guard, as Express middleware, for what runs before the guards: /docs
 * (served by Swagger outside Nest) and /imports (whose large body is then only read for a caller
 * allowed to import).
 */
export function permissionMiddleware(tokens: ApiTokens, permission: Permission) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      if (!can(await authenticate(tokens, request, response), permission)) throw forbidden(permission);
      next();
    } catch (error) {
      const { problem, headers } = toProblem(error);
      response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...problem, instance: request.originalUrl }));
    }
  };
}
