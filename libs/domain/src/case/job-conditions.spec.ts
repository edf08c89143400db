import type { JobConditions, JobConditionsDiff } from '@ayumi/events';
import { domainErrorOf } from '../testing/given-when-then';
import type { JobConditionsUpdate } from './job-conditions';
import { applyJobConditionsDiff, describeJobConditionsDiff, diffJobConditions, isRelaxation } from './job-conditions';

/** What the 59-year-old wanted at intake, and what he agreed to after months of rejections. */
const FULL_TIME_RESTAURANT: JobConditions = {
  employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 40, minimumHourlyWage: 1000,
};
const SEED_RELAXATION: JobConditionsUpdate = { employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20 };
const PART_TIME_RESTAURANT_OR_CLEANING: JobConditions = {
  employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20, minimumHourlyWage: 1000,
};
/** An intake that said nothing about hours or wage. */
const CLEANING_ONLY: JobConditions = { employmentType: 'part-time', jobCategories: ['cleaning'] };

const categories = (from: readonly string[], to: readonly string[], added: readonly string[], removed: readonly string[]) =>
  ({ jobCategories: { from, to, added, removed } });

describe('job conditions', () => {
  describe('diffJobConditions', () => {
    it('given full-time restaurant work, when the seed relaxation is applied, then the diff has full-time → part-time, cleaning added and hours 40 → 20', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, SEED_RELAXATION)).toStrictEqual({
        employmentType: { from: 'full-time', to: 'part-time' },
        ...categories(['restaurant'], ['restaurant', 'cleaning'], ['cleaning'], []),
        hoursPerWeek: { from: 40, to: 20 },
      });
    });

    it('given full-time work, when only the employment type changes, then only employmentType is in the diff', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { employmentType: 'part-time' }))
        .toStrictEqual({ employmentType: { from: 'full-time', to: 'part-time' } });
    });

    it('given restaurant work, when cleaning is added, then the diff lists cleaning as added and nothing removed', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { jobCategories: ['restaurant', 'cleaning'] }))
        .toStrictEqual(categories(['restaurant'], ['restaurant', 'cleaning'], ['cleaning'], []));
    });

    it('given restaurant or cleaning work, when restaurant is dropped, then the diff lists restaurant as removed', () => {
      expect(diffJobConditions(PART_TIME_RESTAURANT_OR_CLEANING, { jobCategories: ['cleaning'] }))
        .toStrictEqual(categories(['restaurant', 'cleaning'], ['cleaning'], [], ['restaurant']));
    });

    it('given restaurant work, when it is swapped for cleaning, then the diff lists one added and one removed', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { jobCategories: ['cleaning'] }))
        .toStrictEqual(categories(['restaurant'], ['cleaning'], ['cleaning'], ['restaurant']));
    });

    it('given restaurant work, when the new categories repeat one, then the diff keeps each category once', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { jobCategories: ['restaurant', 'cleaning', 'cleaning'] }))
        .toStrictEqual(categories(['restaurant'], ['restaurant', 'cleaning'], ['cleaning'], []));
    });

    it('given restaurant or cleaning work, when the update repeats cleaning only, then restaurant is removed', () => {
      expect(diffJobConditions(PART_TIME_RESTAURANT_OR_CLEANING, { jobCategories: ['cleaning', 'cleaning'] }))
        .toStrictEqual(categories(['restaurant', 'cleaning'], ['cleaning'], [], ['restaurant']));
    });

    it('given restaurant work, when the update repeats restaurant, then CONDITIONS.UNCHANGED', () => {
      expect(domainErrorOf(() => diffJobConditions(FULL_TIME_RESTAURANT, { jobCategories: ['restaurant', 'restaurant'] })).code)
        .toBe('CONDITIONS.UNCHANGED');
    });

    it('given 40 hours a week, when hours are lowered to 20, then hoursPerWeek 40 → 20', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { hoursPerWeek: 20 })).toStrictEqual({ hoursPerWeek: { from: 40, to: 20 } });
    });

    it('given no hours at intake, when 20 hours are set, then hoursPerWeek null → 20', () => {
      expect(diffJobConditions(CLEANING_ONLY, { hoursPerWeek: 20 })).toStrictEqual({ hoursPerWeek: { from: null, to: 20 } });
    });

    it('given a minimum wage of 1000, when it is lowered to 900, then minimumHourlyWage 1000 → 900', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { minimumHourlyWage: 900 }))
        .toStrictEqual({ minimumHourlyWage: { from: 1000, to: 900 } });
    });

    it('given an update repeating some current values, when diffed, then only the fields that changed are present', () => {
      expect(diffJobConditions(FULL_TIME_RESTAURANT, { employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 30, minimumHourlyWage: 1000 }))
        .toStrictEqual({ hoursPerWeek: { from: 40, to: 30 } });
    });

    it.each<[string, JobConditionsUpdate]>([
      ['the same conditions', FULL_TIME_RESTAURANT],
      ['no change at all', {}],
      ['the same employment type', { employmentType: 'full-time' }],
      ['the same hours', { hoursPerWeek: 40 }],
    ])('given full-time restaurant work, when %s is sent, then CONDITIONS.UNCHANGED on changes', (_what, update) => {
      const error = domainErrorOf(() => diffJobConditions(FULL_TIME_RESTAURANT, update));
      expect({ code: error.code, kind: error.kind, field: error.field }).toStrictEqual({ code: 'CONDITIONS.UNCHANGED', kind: 'invalid', field: 'changes' });
    });

    it('given restaurant or cleaning work, when the same categories are sent in another order, then CONDITIONS.UNCHANGED', () => {
      const error = domainErrorOf(() => diffJobConditions(PART_TIME_RESTAURANT_OR_CLEANING, { jobCategories: ['cleaning', 'restaurant'] }));
      expect(error.code).toBe('CONDITIONS.UNCHANGED');
    });
  });

  describe('applyJobConditionsDiff', () => {
    it('given full-time restaurant work, when the seed relaxation diff is applied, then he wants part-time restaurant or cleaning work, 20 hours, wage unchanged', () => {
      const diff = diffJobConditions(FULL_TIME_RESTAURANT, SEED_RELAXATION);
      expect(applyJobConditionsDiff(FULL_TIME_RESTAURANT, diff)).toStrictEqual(PART_TIME_RESTAURANT_OR_CLEANING);
    });

    it('given any conditions, when a diff is applied, then the current conditions are left untouched', () => {
      const current = structuredClone(FULL_TIME_RESTAURANT);
      applyJobConditionsDiff(current, diffJobConditions(current, SEED_RELAXATION));
      expect(current).toStrictEqual(FULL_TIME_RESTAURANT);
    });

    it('given conditions with hours, when a diff sets hours to null, then the hours are removed', () => {
      const diff: JobConditionsDiff = { hoursPerWeek: { from: 40, to: null } };
      expect(applyJobConditionsDiff(FULL_TIME_RESTAURANT, diff))
        .toStrictEqual({ employmentType: 'full-time', jobCategories: ['restaurant'], minimumHourlyWage: 1000 });
    });

    it('given no wage at intake, when a wage is set, then the wage is added', () => {
      expect(applyJobConditionsDiff(CLEANING_ONLY, diffJobConditions(CLEANING_ONLY, { minimumHourlyWage: 950 })))
        .toStrictEqual({ ...CLEANING_ONLY, minimumHourlyWage: 950 });
    });

    it.each<[string, JobConditions, JobConditionsUpdate]>([
      ['the seed relaxation', FULL_TIME_RESTAURANT, SEED_RELAXATION],
      ['longer hours later', PART_TIME_RESTAURANT_OR_CLEANING, { hoursPerWeek: 30 }],
      ['back to full-time cleaning', PART_TIME_RESTAURANT_OR_CLEANING, { employmentType: 'full-time', jobCategories: ['cleaning'] }],
      ['hours and wage where none were given', CLEANING_ONLY, { hoursPerWeek: 20, minimumHourlyWage: 900 }],
    ])('given some conditions, when the diff of %s is applied, then the result is the conditions updated', (_what, current, update) => {
      expect(applyJobConditionsDiff(current, diffJobConditions(current, update))).toStrictEqual({ ...current, ...update });
    });
  });

  describe('isRelaxation', () => {
    it.each<[string, JobConditions, JobConditionsUpdate, boolean]>([
      ['the seed relaxation (part-time, cleaning added, fewer hours)', FULL_TIME_RESTAURANT, SEED_RELAXATION, true],
      ['full-time → part-time', FULL_TIME_RESTAURANT, { employmentType: 'part-time' }, true],
      ['part-time → full-time', PART_TIME_RESTAURANT_OR_CLEANING, { employmentType: 'full-time' }, false],
      ['a job category added', FULL_TIME_RESTAURANT, { jobCategories: ['restaurant', 'cleaning'] }, true],
      ['a job category removed only', PART_TIME_RESTAURANT_OR_CLEANING, { jobCategories: ['cleaning'] }, false],
      ['one category swapped for another', FULL_TIME_RESTAURANT, { jobCategories: ['cleaning'] }, true],
      ['hours lowered', FULL_TIME_RESTAURANT, { hoursPerWeek: 20 }, true],
      ['hours raised (longer hours later)', PART_TIME_RESTAURANT_OR_CLEANING, { hoursPerWeek: 30 }, false],
      ['hours set where none were given', CLEANING_ONLY, { hoursPerWeek: 20 }, false],
      ['a lower minimum wage', FULL_TIME_RESTAURANT, { minimumHourlyWage: 900 }, true],
      ['a higher minimum wage', FULL_TIME_RESTAURANT, { minimumHourlyWage: 1100 }, false],
      ['a minimum wage set where none was given', CLEANING_ONLY, { minimumHourlyWage: 900 }, false],
      ['back to full-time but with building maintenance added', PART_TIME_RESTAURANT_OR_CLEANING, { employmentType: 'full-time', jobCategories: ['restaurant', 'cleaning', 'building maintenance'] }, true],
    ])('given some conditions, when the change is %s, then isRelaxation is %s', (_what, current, update, expected) => {
      expect(isRelaxation(diffJobConditions(current, update))).toBe(expected);
    });
  });

  describe('describeJobConditionsDiff', () => {
    it('given the seed relaxation, then it reads as from → to lines', () => {
      expect(describeJobConditionsDiff(diffJobConditions(FULL_TIME_RESTAURANT, SEED_RELAXATION))).toEqual([
        'employment type full-time → part-time',
        'job categories + cleaning',
        'hours a week 40 → 20',
      ]);
    });

    it('given a removed category and an unset wage, then both are named', () => {
      expect(describeJobConditionsDiff(diffJobConditions(PART_TIME_RESTAURANT_OR_CLEANING, { jobCategories: ['cleaning'], minimumHourlyWage: 900 })))
        .toEqual(['job categories − restaurant', 'minimum hourly wage 1000 → 900']);
    });
  });
});

