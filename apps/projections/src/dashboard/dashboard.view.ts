import type { GoalProgress, Label, MonthKey } from '@ayumi/domain';
import { fiscalYearMonths, PROGRAMS } from '@ayumi/domain';
import type { ProgramId } from '@ayumi/events';
import type { ProgressReport } from '../progress/goal-progress.query';
import { DEFAULT_UNIT, METRIC_UNITS } from './dashboard.labels';
import type { GoalStatus } from './goal-status';
import { goalStatus } from './goal-status';

export type MonthFigures = Readonly<{
  month: MonthKey;
  /** null for months after the as-of date. */
  count: number | null;
  previousYear: number;
}>;

/** One card: a program's metric with the figures of GET /progress and what the page draws from them. */
export type GoalCard = Readonly<{
  program: string;
  metric: string;
  programName: Label;
  metricName: Label;
  unit: Label;
  status: GoalStatus;
  progress: GoalProgress;
  thisMonth: Readonly<{ month: MonthKey; count: number }>;
  /** The monthly target, or for an annual goal its even share (target ÷ 12). */
  monthlyTarget: number | null;
  /** The goal for the whole year: the annual target, or 12 × the monthly one. */
  annualGoal: number | null;
  /** Where the year-to-date total should be by the as-of month at an even pace. */
  expectedByNow: number | null;
  months: readonly MonthFigures[];
}>;

export type DashboardView = Readonly<{ fiscalYear: number; asOf: string; cards: readonly GoalCard[] }>;

/** The as-of date when none is chosen: today, kept inside the fiscal year. */
export function defaultAsOf(fiscalYear: number, today: string): string {
  const first = `${fiscalYear}-04-01`;
  const last = `${fiscalYear + 1}-03-31`;
  return today < first ? first : today > last ? last : today;
}

/** The fiscal years offered in the picker: the latest first, back to `earliest`. */
export function selectableFiscalYears(current: number, earliest: number): number[] {
  return Array.from({ length: Math.max(0, current - earliest + 1) }, (_, i) => current - i);
}

/** Cards for every program and metric of `report`, with last year's months from `previousYear`. */
export function dashboardView(report: ProgressReport, previousYear: ProgressReport): DashboardView {
  const asOfMonth = report.asOf.slice(0, 7);
  const lastYearMonths = fiscalYearMonths(report.fiscalYear - 1);
  const cards = Object.entries(report.programs).flatMap(([program, metrics]) => Object.entries(metrics).map(([metric, progress]): GoalCard => {
    const lastYearByMonth = previousYear.programs[program]?.[metric]?.byMonth ?? {};
    const monthlyTarget = progress.target === null ? null : progress.period === 'month' ? progress.target : progress.target / 12;
    const annualGoal = monthlyTarget === null ? null : progress.period === 'month' ? monthlyTarget * 12 : progress.target;
    return {
      program,
      metric,
      programName: PROGRAMS[program as ProgramId] ?? { ja: program, en: program },
      metricName: progress.label,
      unit: METRIC_UNITS[metric] ?? DEFAULT_UNIT,
      status: goalStatus(progress),
      progress,
      thisMonth: { month: asOfMonth, count: progress.byMonth[asOfMonth] ?? 0 },
      monthlyTarget,
      annualGoal,
      expectedByNow: annualGoal === null ? null : (annualGoal * progress.monthsElapsed) / 12,
      months: fiscalYearMonths(report.fiscalYear).map((month, i) => ({
        month,
        count: month <= asOfMonth ? progress.byMonth[month] ?? 0 : null,
        previousYear: lastYearByMonth[lastYearMonths[i]!] ?? 0,
      })),
    };
  }));
  return { fiscalYear: report.fiscalYear, asOf: report.asOf, cards };
}
