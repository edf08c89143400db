import type { Event, IsoDateTime } from './event';
import type { ProgramId } from './programs';

export const GOAL_PERIODS = ['month', 'fiscal-year'] as const;
export type GoalPeriod = (typeof GOAL_PERIODS)[number];

export type Target = Readonly<{
  program: ProgramId;
  metric: string;
  period: GoalPeriod;
  target: number;
}>;

type PlanData<D> = Readonly<{ fiscalYear: number; occurredAt: IsoDateTime }> & D;

export type BusinessPlanAdopted = Event<'BusinessPlanAdopted', PlanData<{ targets: readonly Target[] }>>;

/** A target set, changed or withdrawn (`to: null`) after adoption. */
export type TargetRevised = Event<'TargetRevised', PlanData<{
  program: ProgramId;
  metric: string;
  period: GoalPeriod;
  from: number | null;
  to: number | null;
}>>;

export type PlanEvent = BusinessPlanAdopted | TargetRevised;
