import { HttpException } from '@nestjs/common';
import { DomainError } from '@ayumi/domain';
import { EventStoreUnavailableError } from '@ayumi/event-store';
import { DatabaseUnavailableError } from '@ayumi/sql';
import type { ProblemDetails } from './problem';
import { InvalidRequestException } from './problem';

export type ProblemResponse = Readonly<{ problem: ProblemDetails; headers: Readonly<Record<string, string>> }>;

const DOMAIN_STATUS = { 'not-found': 404, conflict: 409, invalid: 422 } as const;

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict', 413: 'Payload too large',
  415: 'Unsupported media type', 422: 'Unprocessable content', 429: 'Too many requests',
  500: 'Internal server error', 503: 'Service unavailable',
};

/** Errors raised by Express's body parser carry a type and a status. */
type BodyParserError = Error & { type: string; status: number };
const isBodyParserError = (error: unknown): error is BodyParserError =>
  error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string' && typeof (error as Partial<BodyParserError>).status === 'number';

const BODY_PARSER_CODES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'REQUEST.MALFORMED_JSON',
  'entity.too.large': 'REQUEST.TOO_LARGE',
  'encoding.unsupported': 'REQUEST.UNSUPPORTED_ENCODING',
  'charset.unsupported': 'REQUEST.UNSUPPORTED_CHARSET',
};

function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: `urn:ayumi:problem:${code.toLowerCase()}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
}

/** Maps anything a request can throw to problem details; unknown errors become a bare 500. */
export function toProblem(thrown: unknown): ProblemResponse {
  // Nest wraps Express's body-parser errors in an HttpException; the original says what went wrong.
  const error = thrown instanceof HttpException && isBodyParserError(thrown.cause) ? thrown.cause : thrown;
  if (error instanceof DomainError) {
    const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
    return { problem: problem(DOMAIN_STATUS[error.kind], error.code, error.message, errors ? { errors } : {}), headers: {} };
  }
  if (error instanceof InvalidRequestException) {
    return { problem: problem(error.status, error.code, error.message, error.errors.length ? { errors: error.errors } : {}), headers: error.headers };
  }
  // The database can be out of reach before the event store is used: checking a token, for one.
  if (error instanceof EventStoreUnavailableError || error instanceof DatabaseUnavailableError) {
    return { problem: problem(503, 'STORE.UNAVAILABLE', 'The database is unavailable. If the connection was lost while a command was being written it may have been recorded: retry with the same Idempotency-Key, which answers the first result instead of recording it twice.'), headers: { 'Retry-After': '2' } };
  }
  if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    const detail = error.type === 'entity.too.large' ? 'The request body is larger than the limit (1 MB)' : 'The request body is not valid JSON';
    return { problem: problem(error.status, BODY_PARSER_CODES[error.type] ?? 'REQUEST.INVALID_BODY', detail, { errors: [{ field: 'body', message: detail }] }), headers: {} };
  }
  // Express refuses a path whose %-escapes do not decode before any route matched, so the parameter's name is unknown.
  if (error instanceof HttpException && (error.cause as Error | undefined)?.name === 'URIError') {
    const detail = `A path segment is not valid percent-encoded UTF-8: ${error.message}`;
    return { problem: problem(400, 'REQUEST.INVALID_PATH', detail, { errors: [{ field: 'path', message: detail }] }), headers: {} };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { problem: problem(status, `HTTP.${status}`, error.message), headers: {} };
  }
  return { problem: problem(500, 'INTERNAL', 'An unexpected error occurred; it has been logged'), headers: {} };
}
