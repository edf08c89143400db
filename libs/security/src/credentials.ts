import type { Request, Response } from 'express';
import { ACCESS_TOKEN_PARAMETER } from '@ayumi/http';
import type { ApiTokens } from './api-tokens';
import { unauthenticated } from './auth-errors';
import type { Principal } from './roles';

/** The cookie a browser keeps a token in after opening a page with `?access_token=`. */
export const SESSION_COOKIE = 'ayumi_token';

type Credential = Readonly<{ token: string; from: 'header' | 'query' | 'cookie' }>;

function cookie(request: Request, name: string): string | null {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(request.header('cookie') ?? '');
  return match ? decodeURIComponent(match[1]!) : null;
}

/**
 * `Authorization: Bearer <token>` on any request. Reads (GET) also take `?access_token=` and then
 * the cookie it leaves, because a browser's page assets and EventSource cannot send headers; writes
 * take the header only, so the cookie can never be used for cross-site writes.
 */
function credentialOf(request: Request): Credential | null {
  const header = request.header('authorization');
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    return token ? { token, from: 'header' } : null;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const query = request.query[ACCESS_TOKEN_PARAMETER];
  if (typeof query === 'string' && query.length > 0) return { token: query, from: 'query' };
  const kept = cookie(request, SESSION_COOKIE);
  return kept ? { token: kept, from: 'cookie' } : null;
}

/**
 * The caller a request's credential stands for, or 401. After a valid `?access_token=` the browser
 * keeps the token (HttpOnly, same-site only) for the page's further reads.
 */
export async function authenticate(tokens: ApiTokens, request: Request, response: Response): Promise<Principal> {
  const credential = credentialOf(request);
  if (credential === null) throw unauthenticated('A bearer token is required: Authorization: Bearer <token> (in a browser: ?access_token=<token>)');
  const principal = await tokens.verify(credential.token, new Date());
  if (!principal) throw unauthenticated('The token is unknown, revoked or expired');
  if (credential.from === 'query') response.cookie(SESSION_COOKIE, credential.token, { httpOnly: true, sameSite: 'strict', path: '/' });
  return principal;
}
