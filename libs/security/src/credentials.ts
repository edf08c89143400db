import type { Request, Response } from 'express';
import { ACCESS_TOKEN_PARAMETER } from '@ayumi/http';

/** The cookie a browser keeps a token in after opening a page with `?access_token=`. */
export const SESSION_COOKIE = 'ayumi_token';

export type Credential = Readonly<{ token: string; from: 'header' | 'query' | 'cookie' }>;

function cookie(request: Request, name: string): string | null {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(request.header('cookie') ?? '');
  return match ? decodeURIComponent(match[1]!) : null;
}

/**
 * `Authorization: Bearer <token>` on any request. Reads (GET) also take `?access_token=` and then
 * the cookie it leaves, because a browser's page assets and EventSource cannot send headers; writes
 * take the header only, so the cookie can never be used for cross-site writes.
 */
export function credentialOf(request: Request): Credential | null {
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

/** After a valid `?access_token=`, the browser keeps it (HttpOnly, same-site only) for the page's further reads. */
export function keepInBrowser(response: Response, credential: Credential): void {
  if (credential.from === 'query') response.cookie(SESSION_COOKIE, credential.token, { httpOnly: true, sameSite: 'strict', path: '/' });
}
