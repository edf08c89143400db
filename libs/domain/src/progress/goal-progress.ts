import type { GoalPeriod } from '@ayumi/events';
import type { MonthKey } from '../fiscal-calendar';
import { fiscalYearMonths } from '../fiscal-calendar';

export type GoalProgressInput = Readonly<{
  fiscalYear: number;
  /** The last month counted (the month of `asOf`). */
  asOfMonth: MonthKey;
  period: GoalPeriod;
  target: number | null;
  /** Counts per month; months missing count 0. Months after `asOfMonth` are ignored. */
  countsByMonth: Readonly<Record<MonthKey, number>>;
  previousYearCountsByMonth: Readonly<Record<MonthKey, number>>;
}>;

export type GoalProgress = Readonly<{
  period: GoalPeriod;
  target: number | null;
  total: number;
  monthsElapsed: number;
  monthlyAverage: number | null;
  byMonth: Readonly<Record<MonthKey, number>>;
  achievementRate: number | null;
  forecast: number | null;
  requiredPerRemainingMonth: number | null;
  previousYear: Readonly<{ total: number; monthlyAverage: number }>;
}>;

/**
 * The figures of one goal as the seed's table reports them (4~10月平均, year to date, last year for
 * reference), plus what paper cannot give: achievement rate, pace forecast, rate still required.
 */
export function goalProgress(input: GoalProgressInput): GoalProgress {
  const months = fiscalYearMonths(input.fiscalYear);
  const elapsed = months.filter((m) => m <= input.asOfMonth);
  const byMonth = Object.fromEntries(elapsed.map((m) => [m, input.countsByMonth[m] ?? 0]));
  const total = Object.values(byMonth).reduce((sum, n) => sum + n, 0);
  const monthsElapsed = elapsed.length;
  const monthlyAverage = monthsElapsed > 0 ? total / monthsElapsed : null;
  const previousTotal = fiscalYearMonths(input.fiscalYear - 1).reduce((sum, m) => sum + (input.previousYearCountsByMonth[m] ?? 0), 0);
  const { target, period } = input;

  const achievementRate = target === null || target === 0 || monthlyAverage === null
    ? null
    : period === 'month' ? monthlyAverage / target : total / target;
  const monthsLeft = 12 - monthsElapsed;
  return {
    period,
    target,
    total,
    monthsElapsed,
    monthlyAverage,
    byMonth,
    achievementRate,
    forecast: monthlyAverage === null ? null : monthlyAverage * 12,
    requiredPerRemainingMonth: period === 'fiscal-year' && target !== null && monthsLeft > 0 ? (target - total) / monthsLeft : null,
    previousYear: { total: previousTotal, monthlyAverage: previousTotal / 12 },
  };
}
