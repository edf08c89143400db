export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

import type { KafkaSettings } from '@ayumi/messaging';

export type ProjectionOptions = Readonly<{
  timeZone: string;
  /** `log`: follow the global log; `kafka`: be a worker of the `case-events` consumer group. */
  source?: 'log' | 'kafka';
  /** Kafka, when configured: relay the log to `case-events` (if `relay`) and publish `goal-progress`. */
  kafka?: (KafkaSettings & { relay: boolean }) | null;
  /** Events per transaction. */
  batchSize: number;
  /** Fallback poll when no notification arrives. */
  pollIntervalMs: number;
}>;
