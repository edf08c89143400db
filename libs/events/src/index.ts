export type * from './event';
export * from './programs';
export * from './case-events';
export * from './employer-events';
export * from './plan-events';
export * from './stream-ids';
export * from './upcasters';

import type { CaseEvent } from './case-events';
import type { EmployerEvent } from './employer-events';
import type { PlanEvent } from './plan-events';

export type AyumiEvent = CaseEvent | EmployerEvent | PlanEvent;
