export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

export type ProjectionOptions = Readonly<{
  timeZone: string;
  /** Events per transaction. */
  batchSize: number;
  /** Fallback poll when no notification arrives. */
  pollIntervalMs: number;
}>;
