export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');

export type SecurityOptions = Readonly<{
  /** Writes a second per token (bursts of twice that); 0 turns the limit off. */
  writesPerSecond: number;
}>;
