import type { MetricProgress, ProgressReport } from '../progress/goal-progress.query';
import { goalProgress } from '@ayumi/domain';
import { dashboardView, defaultAsOf, selectableFiscalYears } from './dashboard.view';

const metric = (fiscalYear: number, asOfMonth: string, period: 'month' | 'fiscal-year', target: number | null, countsByMonth: Record<string, number>): MetricProgress => ({
  ...goalProgress({ fiscalYear, asOfMonth, period, target, countsByMonth, previousYearCountsByMonth: {} }),
  label: { ja: '就職件数', en: 'Placements' },
  breakdown: {},
});

const report = (fiscalYear: number, asOf: string, metrics: Record<string, MetricProgress>): ProgressReport =>
  ({ fiscalYear, asOf, knownAt: null, programs: { 'employment-support': metrics } });

describe('the dashboard view of /progress figures', () => {
  it('given no date, then the as-of date is today kept inside the fiscal year', () => {
    expect(defaultAsOf(2013, '2013-10-31')).toBe('2013-10-31');
    expect(defaultAsOf(2013, '2026-11-25')).toBe('2014-03-31');
    expect(defaultAsOf(2027, '2026-11-25')).toBe('2027-04-01');
  });

  it('offers the fiscal years from the latest back to the earliest', () => {
    expect(selectableFiscalYears(2026, 2023)).toEqual([2026, 2025, 2024, 2023]);
  });

  it('given an annual goal as of October, then this month, the even monthly share and the pace by now are derived', () => {
    const current = report(2013, '2013-10-15', { placements: metric(2013, '2013-10', 'fiscal-year', 120, { '2013-04': 8, '2013-10': 3 }) });
    const lastYear = report(2012, '2013-03-31', { placements: metric(2012, '2013-03', 'fiscal-year', null, { '2012-04': 5, '2013-03': 9 }) });

    const [card] = dashboardView(current, lastYear).cards;

    expect(card).toMatchObject({
      program: 'employment-support', metric: 'placements', status: 'off-track', unit: { ja: '件', en: 'placements' },
      thisMonth: { month: '2013-10', count: 3 }, monthlyTarget: 10, annualGoal: 120, expectedByNow: 70,
    });
    expect(card!.programName.en).toBe('Employment support for residents');
    expect(card!.months[0]).toEqual({ month: '2013-04', count: 8, previousYear: 5 });
    expect(card!.months[6]).toEqual({ month: '2013-10', count: 3, previousYear: 0 });
    expect(card!.months[7]).toEqual({ month: '2013-11', count: null, previousYear: 0 });
    expect(card!.months[11]).toEqual({ month: '2014-03', count: null, previousYear: 9 });
  });

  it('given a monthly goal, then the year\'s goal is twelve times it', () => {
    const current = report(2013, '2013-04-30', { visits: metric(2013, '2013-04', 'month', 90, { '2013-04': 95 }) });

    const [card] = dashboardView(current, report(2012, '2013-03-31', {})).cards;

    expect(card).toMatchObject({ status: 'on-track', monthlyTarget: 90, annualGoal: 1080, expectedByNow: 90, thisMonth: { count: 95 } });
  });

  it('given no target, then there is no goal to draw', () => {
    const current = report(2013, '2013-04-30', { visits: metric(2013, '2013-04', 'month', null, {}) });

    expect(dashboardView(current, report(2012, '2013-03-31', {})).cards[0]).toMatchObject({ status: 'no-target', monthlyTarget: null, annualGoal: null, expectedByNow: null });
  });
});
