/** RFC 9457 problem details, with the fields at fault listed. */
export type FieldProblem = Readonly<{ field: string; message: string }>;

export type ProblemDetails = Readonly<{
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: readonly FieldProblem[];
}>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A request the HTTP layer refuses before any command runs (bad body, header or parameter). */
export class InvalidRequestException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    /** Response headers the problem needs, e.g. WWW-Authenticate on a 401 or Retry-After on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'InvalidRequestException';
  }
}
