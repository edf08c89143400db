import { CHART, chartGeometry } from './month-chart.svg';

const months = (counts: readonly (number | null)[], previousYear: number) =>
  counts.map((count, i) => ({ month: `2013-${String(i + 4).padStart(2, '0')}`, count, previousYear }));

describe('the monthly chart', () => {
  it('puts this year, last year and the target on one scale, the largest just below the top', () => {
    const { y, baseline } = chartGeometry({ months: months([50, 100, null], 80), monthlyTarget: 90 });

    expect(y(0)).toBe(baseline);
    expect(y(100)).toBeGreaterThan(CHART.top);
    expect(y(100)).toBeLessThan(y(90));
    expect(y(90)).toBeLessThan(y(80));
  });

  it('given a target above every count, then the target line still fits', () => {
    const { y } = chartGeometry({ months: months([1, 2], 0), monthlyTarget: 40 });

    expect(y(40)).toBeGreaterThan(CHART.top);
  });

  it('given no figures at all, then nothing divides by zero', () => {
    const { y, baseline } = chartGeometry({ months: months([0, 0], 0), monthlyTarget: null });

    expect(y(0)).toBe(baseline);
  });
});
