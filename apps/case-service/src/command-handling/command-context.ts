import type { Principal } from '@ayumi/security';

/** Who sends a command, when, and under which conditions; the same for HTTP and imports. */
export type CommandContext = Readonly<{
  /** From the Idempotency-Key when given (so a retry is recognised), random otherwise. */
  commandId: string;
  correlationId: string;
  /** The authenticated caller; their user id goes into every event's metadata. */
  principal: Principal;
  /** The server's clock when the command arrived (ISO 8601). */
  now: string;
  /** From If-Match: the revision the client last saw; null when the write is unconditional. */
  expectedRevision: number | null;
  /** Digest of the request, to refuse an idempotency key reused for a different request. */
  requestHash: string;
}>;

export type CommandResult = Readonly<Record<string, string | number>> & Readonly<{ revision: number }>;
