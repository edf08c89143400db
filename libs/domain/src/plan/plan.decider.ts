import type { PlanEvent, Target } from '@ayumi/events';
import { requireMetric, requireProgram } from '../catalog';
import type { Command, Decider } from '../decider';
import { DomainError } from '../domain-error';
import { requireNotInFuture } from '../time-rules';

/** PUT semantics: the whole set of targets for the year; the first one adopts the plan. */
export type SetBusinessPlan = Command<'SetBusinessPlan', { fiscalYear: number; targets: readonly Target[]; occurredAt: string }>;
export type PlanCommand = SetBusinessPlan;

export type PlanState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'adopted'; fiscalYear: number; targets: readonly Target[] }>;

const targetKey = (t: Pick<Target, 'program' | 'metric'>): string => `${t.program}/${t.metric}`;

function validateTargets(targets: readonly Target[]): void {
  const seen = new Set<string>();
  targets.forEach((target, i) => {
    const field = `targets[${i}]`;
    const program = requireProgram(target.program, `${field}.program`);
    const definition = requireMetric(program, target.metric, `${field}.metric`);
    if (target.period !== definition.period) {
      throw new DomainError('PLAN.PERIOD_MISMATCH', 'invalid',
        `${program}/${target.metric} is a ${definition.period} goal, not a ${target.period} goal`, `${field}.period`);
    }
    if (seen.has(targetKey(target))) {
      throw new DomainError('PLAN.DUPLICATE_TARGET', 'invalid', `${targetKey(target)} appears twice`, field);
    }
    seen.add(targetKey(target));
  });
}

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  const { fiscalYear, targets, occurredAt } = command.data;
  requireNotInFuture(occurredAt, command.now);
  validateTargets(targets);
  if (state.status === 'none') return [{ type: 'BusinessPlanAdopted', data: command.data }];

  const revisions: PlanEvent[] = [];
  const revise = (t: Omit<Target, 'target'>, from: number | null, to: number | null) =>
    revisions.push({ type: 'TargetRevised', data: { fiscalYear, program: t.program, metric: t.metric, period: t.period, from, to, occurredAt } });
  for (const target of targets) {
    const current = state.targets.find((t) => targetKey(t) === targetKey(target));
    if (current?.target !== target.target) revise(target, current?.target ?? null, target.target);
  }
  for (const current of state.targets) {
    if (!targets.some((t) => targetKey(t) === targetKey(current))) revise(current, current.target, null);
  }
  return revisions;
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'BusinessPlanAdopted':
      return { status: 'adopted', fiscalYear: event.data.fiscalYear, targets: event.data.targets };
    case 'TargetRevised': {
      if (state.status !== 'adopted') return state;
      const { program, metric, period, to } = event.data;
      const others = state.targets.filter((t) => targetKey(t) !== targetKey(event.data));
      return { ...state, targets: to === null ? others : [...others, { program, metric, period, target: to }] };
    }
    default:
      // Exhaustive here; at run time the log may hold a type a newer version wrote, which this one leaves alone.
      event satisfies never;
      return state;
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: { status: 'none' },
  decide: decidePlan,
  evolve: evolvePlan,
};
