import type { MonthKey } from '../fiscal-calendar';
import type { GoalProgressInput } from './goal-progress';
import { goalProgress } from './goal-progress';

const FY2013_MONTHS: readonly MonthKey[] = [
  '2013-04', '2013-05', '2013-06', '2013-07', '2013-08', '2013-09',
  '2013-10', '2013-11', '2013-12', '2014-01', '2014-02', '2014-03',
];
const FY2012_MONTHS: readonly MonthKey[] = [
  '2012-04', '2012-05', '2012-06', '2012-07', '2012-08', '2012-09',
  '2012-10', '2012-11', '2012-12', '2013-01', '2013-02', '2013-03',
];

/** Counts per month, April first, for as many months as given. */
function byFiscalMonth(months: readonly MonthKey[], counts: readonly number[]): Record<MonthKey, number> {
  return Object.fromEntries(counts.map((n, i) => [months[i], n]));
}

/** FY2013 employment-support visits April to October (4~10月): goal ≥ 1,200 a month. */
const VISITS_APR_TO_OCT = [1100, 1250, 1300, 1180, 1020, 1400, 1330]; // sum 8,580
/** FY2012 actual: 1,669 visits a month on average. */
const VISITS_FY2012 = Array<number>(12).fill(1669); // sum 20,028
/** FY2013 employment-support placements April to October: goal 500 a year. */
const PLACEMENTS_APR_TO_OCT = [30, 35, 40, 38, 32, 45, 40]; // sum 260
/** FY2012 actual: 777 placements; April–October alone is 438. */
const PLACEMENTS_FY2012 = [55, 60, 62, 70, 58, 65, 68, 66, 64, 61, 72, 76]; // sum 777

const visitsGoal = (overrides: Partial<GoalProgressInput> = {}): GoalProgressInput => ({
  fiscalYear: 2013,
  asOfMonth: '2013-10',
  period: 'month',
  target: 1200,
  countsByMonth: byFiscalMonth(FY2013_MONTHS, VISITS_APR_TO_OCT),
  previousYearCountsByMonth: byFiscalMonth(FY2012_MONTHS, VISITS_FY2012),
  ...overrides,
});

const placementsGoal = (overrides: Partial<GoalProgressInput> = {}): GoalProgressInput => ({
  fiscalYear: 2013,
  asOfMonth: '2013-10',
  period: 'fiscal-year',
  target: 500,
  countsByMonth: byFiscalMonth(FY2013_MONTHS, PLACEMENTS_APR_TO_OCT),
  previousYearCountsByMonth: byFiscalMonth(FY2012_MONTHS, PLACEMENTS_FY2012),
  ...overrides,
});

describe('goalProgress', () => {
  describe('given a monthly goal (employment-support visits, 1,200 a month) as of October 2013', () => {
    const progress = goalProgress(visitsGoal());

    it('then the total is the year to date April..October and seven months have elapsed', () => {
      expect(progress.period).toBe('month');
      expect(progress.target).toBe(1200);
      expect(progress.total).toBe(1100 + 1250 + 1300 + 1180 + 1020 + 1400 + 1330);
      expect(progress.total).toBe(8580);
      expect(progress.monthsElapsed).toBe(7);
    });

    it('then the monthly average is the unrounded total over the elapsed months (4~10月平均)', () => {
      expect(progress.monthlyAverage).toBeCloseTo(8580 / 7, 10); // 1,225.714…
    });

    it('then the achievement rate is the monthly average over the monthly target', () => {
      expect(progress.achievementRate).toBeCloseTo(8580 / 7 / 1200, 10); // 1.0214…
    });

    it('then the forecast is the year-end total at the current pace', () => {
      expect(progress.forecast).toBeCloseTo((8580 / 7) * 12, 8); // 14,708.57…
    });

    it('then no rate per remaining month is required (monthly goals have none)', () => {
      expect(progress.requiredPerRemainingMonth).toBeNull();
    });

    it('then the previous year is the whole of FY2012 and its monthly average (1,669)', () => {
      expect(progress.previousYear.total).toBe(1669 * 12);
      expect(progress.previousYear.monthlyAverage).toBe(1669);
    });
  });

  describe('given a fiscal-year goal (employment-support placements, 500 a year) as of October 2013', () => {
    const progress = goalProgress(placementsGoal());

    it('then the total is the year to date April..October', () => {
      expect(progress.period).toBe('fiscal-year');
      expect(progress.total).toBe(30 + 35 + 40 + 38 + 32 + 45 + 40);
      expect(progress.total).toBe(260);
      expect(progress.monthsElapsed).toBe(7);
      expect(progress.monthlyAverage).toBeCloseTo(260 / 7, 10);
    });

    it('then the achievement rate is the total over the yearly target', () => {
      expect(progress.achievementRate).toBeCloseTo(260 / 500, 10); // 0.52
    });

    it('then the rate required per remaining month is what is left of the target over the five months left', () => {
      expect(progress.requiredPerRemainingMonth).toBeCloseTo((500 - 260) / (12 - 7), 10); // 48
    });

    it('then the forecast is total / monthsElapsed * 12', () => {
      expect(progress.forecast).toBeCloseTo((260 / 7) * 12, 8); // 445.71…
    });

    it('then the previous year is the whole of FY2012 (777), not the same months April..October (438)', () => {
      expect(progress.previousYear.total).toBe(777);
      expect(progress.previousYear.monthlyAverage).toBeCloseTo(777 / 12, 10); // 64.75
    });
  });

  describe('given a fiscal-year goal as of the first month (April)', () => {
    const progress = goalProgress(placementsGoal({ asOfMonth: '2013-04' }));

    it('then one month has elapsed and the remainder is spread over the eleven months left', () => {
      expect(progress.total).toBe(30);
      expect(progress.monthsElapsed).toBe(1);
      expect(progress.byMonth).toStrictEqual({ '2013-04': 30 });
      expect(progress.requiredPerRemainingMonth).toBeCloseTo((500 - 30) / 11, 10);
      expect(progress.forecast).toBeCloseTo(30 * 12, 10);
    });
  });

  describe('given a fiscal-year goal as of the last month (March 2014)', () => {
    const fullYear = [30, 35, 40, 38, 32, 45, 40, 41, 39, 44, 47, 52]; // sum 483
    const progress = goalProgress(placementsGoal({ asOfMonth: '2014-03', countsByMonth: byFiscalMonth(FY2013_MONTHS, fullYear) }));

    it('then all twelve months have elapsed and no rate is required since no month remains', () => {
      expect(progress.monthsElapsed).toBe(12);
      expect(progress.total).toBe(483);
      expect(progress.requiredPerRemainingMonth).toBeNull();
    });

    it('then the forecast equals the year total and the achievement rate is total / target', () => {
      expect(progress.forecast).toBeCloseTo(483, 10);
      expect(progress.achievementRate).toBeCloseTo(483 / 500, 10);
    });
  });

  describe('given a fiscal-year goal already exceeded', () => {
    it('then the required rate follows (target - total) / months left, i.e. negative', () => {
      const progress = goalProgress(placementsGoal({ countsByMonth: { '2013-04': 300, '2013-09': 220 } }));
      expect(progress.total).toBe(520);
      expect(progress.achievementRate).toBeCloseTo(520 / 500, 10);
      expect(progress.requiredPerRemainingMonth).toBeCloseTo((500 - 520) / 5, 10); // -4
    });
  });

  describe('given counts in only some months, in later months and in another fiscal year', () => {
    const progress = goalProgress(visitsGoal({
      asOfMonth: '2013-06',
      countsByMonth: { '2013-03': 9, '2013-04': 3, '2013-06': 4, '2013-07': 100, '2014-01': 50 },
    }));

    it('then byMonth lists every month April..asOf in order, with zeros filled in', () => {
      expect(progress.byMonth).toStrictEqual({ '2013-04': 3, '2013-05': 0, '2013-06': 4 });
      expect(Object.keys(progress.byMonth)).toStrictEqual(['2013-04', '2013-05', '2013-06']);
    });

    it('then months after asOf and months outside the fiscal year are not counted', () => {
      expect(progress.total).toBe(7);
      expect(progress.monthsElapsed).toBe(3);
    });

    it('then the monthly average is not rounded (7 over 3 months)', () => {
      expect(progress.monthlyAverage).toBeCloseTo(7 / 3, 12); // 2.333…
      expect(progress.monthlyAverage).not.toBe(2);
      expect(progress.monthlyAverage).not.toBe(2.33);
      expect(progress.achievementRate).toBeCloseTo(7 / 3 / 1200, 12);
      expect(progress.forecast).toBeCloseTo((7 / 3) * 12, 10); // 28
    });
  });

  describe('given no counts at all as of October', () => {
    it('then every elapsed month is zero and the whole target remains', () => {
      const progress = goalProgress(placementsGoal({ countsByMonth: {}, previousYearCountsByMonth: {} }));
      expect(progress.byMonth).toStrictEqual(Object.fromEntries(FY2013_MONTHS.slice(0, 7).map((m) => [m, 0])));
      expect(progress.total).toBe(0);
      expect(progress.monthlyAverage).toBe(0);
      expect(progress.achievementRate).toBe(0);
      expect(progress.forecast).toBe(0);
      expect(progress.requiredPerRemainingMonth).toBeCloseTo(500 / 5, 10);
      expect(progress.previousYear).toStrictEqual({ total: 0, monthlyAverage: 0 });
    });
  });

  describe('given the previous year has counts outside its fiscal year', () => {
    it('then only April 2012..March 2013 make up the previous year', () => {
      const progress = goalProgress(placementsGoal({
        previousYearCountsByMonth: { ...byFiscalMonth(FY2012_MONTHS, PLACEMENTS_FY2012), '2012-03': 1000, '2013-04': 1000 },
      }));
      expect(progress.previousYear.total).toBe(777);
      expect(progress.previousYear.monthlyAverage).toBeCloseTo(777 / 12, 10);
    });
  });

  describe('given no target', () => {
    it.each([
      ['a monthly goal', visitsGoal({ target: null }), 8580],
      ['a fiscal-year goal', placementsGoal({ target: null }), 260],
    ])('when %s is reported, then achievement rate and required rate are null but the counts remain', (_name, input, total) => {
      const progress = goalProgress(input);
      expect(progress.target).toBeNull();
      expect(progress.achievementRate).toBeNull();
      expect(progress.requiredPerRemainingMonth).toBeNull();
      expect(progress.total).toBe(total);
      expect(progress.monthlyAverage).toBeCloseTo(total / 7, 10);
      expect(progress.forecast).toBeCloseTo((total / 7) * 12, 8);
    });
  });
});
