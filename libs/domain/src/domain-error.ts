/**
 * A broken business rule. The code is stable (clients and the HTTP layer rely on it); the kind says
 * what went wrong in terms any adapter can map: a missing thing, a state conflict, or an invalid request.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** The request field at fault, as a path (`occurredAt`, `targets[1].period`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
