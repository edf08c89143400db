import type { GoalProgress } from '@ayumi/domain';
import { fiscalYearMonths, goalProgress } from '@ayumi/domain';
import { goalStatus } from './goal-status';

const april = (count: number) => ({ '2013-04': count });
const progress = (period: GoalProgress['period'], target: number | null, countsByMonth: Record<string, number>, asOfMonth = '2013-04') =>
  goalProgress({ fiscalYear: 2013, asOfMonth, period, target, countsByMonth, previousYearCountsByMonth: {} });

describe('whether a goal is on track', () => {
  it('given a monthly goal, then it is on track exactly when the monthly average reaches the target', () => {
    expect(goalStatus(progress('month', 90, april(90)))).toBe('on-track');
    expect(goalStatus(progress('month', 90, april(89)))).toBe('off-track');
  });

  it('given a monthly goal met every month of a full year, then it is still "on track", not "achieved"', () => {
    const everyMonth = Object.fromEntries(fiscalYearMonths(2013).map((month) => [month, 95]));
    expect(goalStatus(progress('month', 90, everyMonth, '2014-03'))).toBe('on-track');
  });

  it('given an annual goal, then the year-end forecast at the current pace decides', () => {
    // 50 in April → 600 by March at that pace.
    expect(goalStatus(progress('fiscal-year', 600, april(50)))).toBe('on-track');
    expect(goalStatus(progress('fiscal-year', 601, april(50)))).toBe('off-track');
  });

  it('given an annual goal whose total already reached the target, then it is achieved', () => {
    expect(goalStatus(progress('fiscal-year', 100, april(100)))).toBe('achieved');
  });

  it('given no target (or a zero one), then there is nothing to be on track for', () => {
    expect(goalStatus(progress('month', null, april(10)))).toBe('no-target');
    expect(goalStatus(progress('fiscal-year', 0, april(10)))).toBe('no-target');
  });
});
