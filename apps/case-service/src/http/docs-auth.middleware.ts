import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@ayumi/http';
import type { ApiTokens } from '@ayumi/security';
import { can, credentialOf, forbidden, keepInBrowser, unauthenticated } from '@ayumi/security';

/** /docs is served by Swagger outside Nest's guards, so it is guarded here, the same way. */
export function docsAuth(tokens: ApiTokens) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      const credential = credentialOf(request);
      if (!credential) throw unauthenticated('A bearer token is required: Authorization: Bearer <token>, or /docs?access_token=<token> in a browser');
      const principal = await tokens.verify(credential.token, new Date());
      if (!principal) throw unauthenticated('The token is unknown, revoked or expired');
      if (!can(principal, 'docs:read')) throw forbidden('docs:read');
      keepInBrowser(response, credential);
      next();
    } catch (error) {
      const { problem, headers } = toProblem(error);
      response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...problem, instance: request.originalUrl }));
    }
  };
}
