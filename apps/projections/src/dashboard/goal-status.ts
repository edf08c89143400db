import type { GoalProgress } from '@ayumi/domain';

export type GoalStatus = 'achieved' | 'on-track' | 'off-track' | 'no-target';

/**
 * The colour of a card. An annual goal is achieved once the total reaches it; otherwise a goal is on
 * track when the current pace reaches it: the monthly average for a monthly goal, the year-end
 * forecast for an annual one. A monthly goal is never "achieved" early: next month can fall short.
 */
export function goalStatus(progress: GoalProgress): GoalStatus {
  const { target, period } = progress;
  if (target === null || target <= 0) return 'no-target';
  if (period === 'fiscal-year' && progress.total >= target) return 'achieved';
  const pace = period === 'month' ? progress.monthlyAverage : progress.forecast;
  return pace !== null && pace >= target ? 'on-track' : 'off-track';
}
