import { createHash, randomUUID } from 'node:crypto';
import { deterministicId } from '@ayumi/event-store';
import { InvalidRequestException } from '@ayumi/http';
import type { Principal } from '@ayumi/security';
import type { CommandContext } from './command-context';
import { PERSONAL_DATA_REFS } from './personal-data';

export type CommandRequest = Readonly<{
  method: string;
  path: string;
  body: unknown;
  header: (name: string) => string | undefined;
}>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * One spelling of a path per command: a retry through `/cases/c1/consultations/` or `/cases/%63%31/…`
 * reaches the same route with the same ids, so it must be the same command.
 */
function canonicalPath(path: string): string {
  const decoded = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  return `/${path.split('/').filter((segment) => segment !== '').map(decoded).join('/')}`;
}

/** Fields sealed in the vault (see withNoteInVault and the intake's personalData). */
const PERSONAL_FIELDS: readonly string[] = Object.keys(PERSONAL_DATA_REFS);

/**
 * The request's fingerprint is stored in every event's metadata, where erasure cannot reach it: a
 * digest of a name or a note there would let anyone holding the log confirm a guess of it for good.
 * So it keeps only whether they were sent; a retry's personal data is compared in the vault instead.
 */
function withoutPersonalData(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([field, value]) => [field, PERSONAL_FIELDS.includes(field) && value !== undefined ? 'sent' : value]));
}

function headerProblem(field: string, message: string): InvalidRequestException {
  return new InvalidRequestException(400, 'REQUEST.INVALID_HEADER', message, [{ field, message }]);
}

/** Reads Idempotency-Key, If-Match and X-Correlation-Id into the caller's command context. */
export function commandContextFrom(request: CommandRequest, principal: Principal, now: Date): CommandContext {
  const path = canonicalPath(request.path);
  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw headerProblem('Idempotency-Key', 'Idempotency-Key must be 1–255 visible ASCII characters');
  }
  const ifMatch = request.header('if-match');
  const ifMatchRevision = ifMatch === undefined ? null : IF_MATCH.exec(ifMatch.trim());
  if (ifMatch !== undefined && !ifMatchRevision) {
    throw headerProblem('If-Match', 'If-Match must be a revision number, e.g. "3"');
  }
  // A key is the caller's: the same key from another user is another command, authorised on its own.
  const commandId = idempotencyKey === undefined
    ? randomUUID()
    : deterministicId('command', `${principal.userId}\n${request.method} ${path}\n${idempotencyKey}`);
  return {
    commandId,
    correlationId: request.header('x-correlation-id')?.slice(0, 128) ?? commandId,
    principal,
    now: now.toISOString(),
    expectedRevision: ifMatchRevision ? Number(ifMatchRevision[1]) : null,
    requestHash: createHash('sha256').update(`${request.method} ${path}\n${stableJson(withoutPersonalData(request.body))}`).digest('base64url'),
  };
}
