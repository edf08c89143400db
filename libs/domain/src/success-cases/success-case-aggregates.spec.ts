import type { SuccessCase } from './success-case';
import { aggregateSuccessCases, listableRows, median, RARE_JOB_CATEGORY, summarizeSuccessCases, suppressSmallGroups } from './success-case-aggregates';

const row = (daysToPlacement: number, relaxations: readonly string[] = []): SuccessCase => ({
  program: 'welfare-to-work', ageBand: '55-59', intakeMonth: '2013-05', placementMonth: '2013-10', fiscalYear: 2013, daysToPlacement,
  employmentType: 'part-time', relaxedBeforePlacement: relaxations.length > 0, relaxationsBeforePlacement: relaxations, consultationsBeforePlacement: 3,
});
const PART_TIME = 'employment-type:full-time→part-time';
const CLEANING = 'job-categories:+cleaning';

describe('success-case aggregates', () => {
  it('given an odd count, then the median is the middle value; given an even count, the mean of the two middle ones', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(RangeError);
  });

  it('given fewer than k cases, then every figure is suppressed', () => {
    expect(aggregateSuccessCases([row(10, [PART_TIME]), row(20), row(30), row(40)], 5)).toStrictEqual({ suppressed: true, reason: 'fewer than k cases' });
    expect(aggregateSuccessCases([], 1)).toStrictEqual({ suppressed: true, reason: 'fewer than k cases' });
  });

  it('given k cases, then count, median, share and the relaxation kinds of at least k cases are shown exactly', () => {
    const cases = [
      row(145, [PART_TIME, CLEANING]), row(60, [PART_TIME]), row(90, [PART_TIME, CLEANING]), row(200, [PART_TIME]),
      row(30, [PART_TIME, 'hours-per-week:lowered']), row(120),
    ];
    expect(aggregateSuccessCases(cases, 5)).toStrictEqual({
      suppressed: false,
      count: 6,
      medianDaysToPlacement: (90 + 120) / 2,
      shareRelaxedBeforePlacement: 5 / 6,
      relaxationsBeforePlacement: { [PART_TIME]: 5 },
      relaxationKindsSuppressed: 2,
    });
  });

  it('given a kind listed twice in one case, then it counts that case once', () => {
    const cases = Array.from({ length: 3 }, () => row(10, [CLEANING, CLEANING]));
    expect(aggregateSuccessCases(cases, 3)).toMatchObject({ relaxationsBeforePlacement: { [CLEANING]: 3 }, relaxationKindsSuppressed: 0 });
  });

  it('given a group, then its summary counts cases, relaxed cases and each kind once per case', () => {
    expect(summarizeSuccessCases([row(30, [PART_TIME, CLEANING]), row(10, [PART_TIME]), row(20)])).toStrictEqual({
      count: 3, medianDaysToPlacement: 20, relaxedBeforePlacement: 2, casesByRelaxationKind: { [PART_TIME]: 2, [CLEANING]: 1 },
    });
    expect(summarizeSuccessCases([])).toStrictEqual({ count: 0, medianDaysToPlacement: null, relaxedBeforePlacement: 0, casesByRelaxationKind: {} });
  });

  it('given a summary computed elsewhere (a database), then the same suppression applies', () => {
    const summary = { count: 5, medianDaysToPlacement: 102.5, relaxedBeforePlacement: 2, casesByRelaxationKind: { [PART_TIME]: 2 } };
    expect(suppressSmallGroups(summary, 5)).toStrictEqual({
      suppressed: false, count: 5, medianDaysToPlacement: 102.5, shareRelaxedBeforePlacement: 0.4, relaxationsBeforePlacement: {}, relaxationKindsSuppressed: 1,
    });
    expect(suppressSmallGroups(summary, 6)).toStrictEqual({ suppressed: true, reason: 'fewer than k cases' });
  });

  it('given a group of fewer than k, then no row is listable', () => {
    const cases = [row(10, [PART_TIME]), row(20)];
    expect(listableRows(cases, summarizeSuccessCases(cases), 3)).toEqual([]);
  });

  it('given a job category added by fewer than k cases, then rows show it as another category; fixed kinds and common categories stay', () => {
    const typed = 'job-categories:+cleaning at Sato Heights, Ota 3-chome';
    const cases = [row(10, [PART_TIME, CLEANING, typed]), row(20, [PART_TIME, CLEANING]), row(30, ['hours-per-week:lowered'])];

    const rows = listableRows(cases, summarizeSuccessCases(cases), 2);

    expect(rows.map((r) => r.relaxationsBeforePlacement)).toEqual([[PART_TIME, CLEANING, RARE_JOB_CATEGORY], [PART_TIME, CLEANING], ['hours-per-week:lowered']]);
  });

  it('given k below 1, then it refuses', () => {
    expect(() => aggregateSuccessCases([row(1)], 0)).toThrow(RangeError);
  });
});
