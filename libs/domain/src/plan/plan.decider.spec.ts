import type { BusinessPlanAdopted, PlanEvent, ProgramId, Target, TargetRevised } from '@ayumi/events';
import { given } from '../testing/given-when-then';
import type { SetBusinessPlan } from './plan.decider';
import { planDecider } from './plan.decider';

/*
 * The FY2013 (平成25年度) business plan of the joint centre (DESIGN.md §1): 1,200 visits a month and
 * 500 placements a year in employment support, 90 visits a month in welfare-to-work, 100 piecework
 * services and 120 companies surveyed a year.
 */

const FISCAL_YEAR = 2013;
const ADOPTED_AT = '2013-04-01T09:00:00+09:00';
const REVISED_AT = '2013-10-01T09:00:00+09:00';

const target = (program: ProgramId, metric: string, period: Target['period'], goal: number): Target =>
  ({ program, metric, period, target: goal });

const visits = target('employment-support', 'visits', 'month', 1200);
const placements = target('employment-support', 'placements', 'fiscal-year', 500);
const welfareVisits = target('welfare-to-work', 'visits', 'month', 90);
const piecework = target('piecework', 'services', 'fiscal-year', 100);
const companies = target('employer-support', 'companies', 'fiscal-year', 120);

/** The plan as first adopted: piecework is not planned yet. */
const ADOPTED_TARGETS: readonly Target[] = [visits, placements, welfareVisits, companies];

const setPlan = (targets: readonly Target[], occurredAt: string = ADOPTED_AT): SetBusinessPlan =>
  ({ type: 'SetBusinessPlan', data: { fiscalYear: FISCAL_YEAR, targets, occurredAt }, now: occurredAt });

const adopted = (targets: readonly Target[] = ADOPTED_TARGETS): BusinessPlanAdopted =>
  ({ type: 'BusinessPlanAdopted', data: { fiscalYear: FISCAL_YEAR, targets, occurredAt: ADOPTED_AT } });

const revised = (t: Omit<Target, 'target'>, from: number | null, to: number | null): TargetRevised => ({
  type: 'TargetRevised',
  data: { fiscalYear: FISCAL_YEAR, program: t.program, metric: t.metric, period: t.period, from, to, occurredAt: REVISED_AT },
});

/** Targets sorted by program and metric, to compare sets of targets. */
const inAnyOrder = (targets: readonly Target[]): Target[] =>
  [...targets].sort((a, b) => `${a.program}/${a.metric}`.localeCompare(`${b.program}/${b.metric}`));

const givenNoPlan = () => given(planDecider);
const givenPlan = (...history: readonly PlanEvent[]) => given(planDecider, ...history);

/** The mid-year revision: placements raised, piecework added, the company survey goal withdrawn. */
const REVISED_TARGETS: readonly Target[] = [visits, { ...placements, target: 550 }, welfareVisits, piecework];

describe('plan decider', () => {
  describe('adopting the plan (first PUT)', () => {
    it('given no plan for FY2013, when the targets are put, then BusinessPlanAdopted with the targets', () => {
      givenNoPlan().when(setPlan(ADOPTED_TARGETS)).then([adopted()]);
    });

    it('given no plan, when a plan with no targets is put, then BusinessPlanAdopted with none', () => {
      givenNoPlan().when(setPlan([])).then([adopted([])]);
    });

    it('given no plan, when the targets are put, then the plan is adopted with them', () => {
      givenNoPlan().when(setPlan(ADOPTED_TARGETS)).thenState((state) => {
        expect(state).toStrictEqual({ status: 'adopted', fiscalYear: FISCAL_YEAR, targets: ADOPTED_TARGETS });
      });
    });
  });

  describe('dating the plan', () => {
    it('given no plan, when the plan is dated beyond the clock skew, then TIME.IN_FUTURE', () => {
      givenNoPlan()
        .when({ ...setPlan(ADOPTED_TARGETS), now: '2013-03-31T09:00:00+09:00' })
        .thenThrows('TIME.IN_FUTURE', { field: 'occurredAt' });
    });
  });

  describe('revising the plan (later PUTs)', () => {
    it('given an adopted plan, when one target is changed, one added and one left out, then a TargetRevised for each', () => {
      givenPlan(adopted())
        .when(setPlan(REVISED_TARGETS, REVISED_AT))
        .then([
          revised(placements, 500, 550),
          revised(piecework, null, 100),
          revised(companies, 120, null),
        ]);
    });

    it('given an adopted plan, when the same targets are put again, then no events', () => {
      givenPlan(adopted()).when(setPlan(ADOPTED_TARGETS, REVISED_AT)).thenNothing();
    });

    it('given an adopted plan, when the same targets are put in another order, then no events', () => {
      givenPlan(adopted()).when(setPlan([...ADOPTED_TARGETS].reverse(), REVISED_AT)).thenNothing();
    });

    it('given a revised plan, when the revised targets are put again, then no events', () => {
      givenPlan(adopted(), revised(placements, 500, 550), revised(piecework, null, 100), revised(companies, 120, null))
        .when(setPlan(REVISED_TARGETS, REVISED_AT))
        .thenNothing();
    });

    it('given an adopted plan, when it is revised, then the plan holds the revised targets', () => {
      givenPlan(adopted()).when(setPlan(REVISED_TARGETS, REVISED_AT)).thenState((state) => {
        expect(state.status).toBe('adopted');
        expect(state.status === 'adopted' && inAnyOrder(state.targets)).toStrictEqual(inAnyOrder(REVISED_TARGETS));
      });
    });

    it('given an adopted plan, when an empty plan is put, then every target is withdrawn (to: null)', () => {
      givenPlan(adopted())
        .when(setPlan([], REVISED_AT))
        .then(ADOPTED_TARGETS.map((t) => revised(t, t.target, null)));
    });

    it('given a target withdrawn mid-year, when it is put back, then TargetRevised from null', () => {
      givenPlan(adopted(), revised(companies, 120, null))
        .when(setPlan(ADOPTED_TARGETS, REVISED_AT))
        .then([revised(companies, null, 120)]);
    });
  });

  describe('validating the targets', () => {
    it.each<[string, 'no plan' | 'an adopted plan']>([
      ['no plan', 'no plan'],
      ['an adopted plan', 'an adopted plan'],
    ])('given %s, when the second target names an unknown program, then CATALOG.UNKNOWN_PROGRAM on targets[1].program', (_given, plan) => {
      const history = plan === 'no plan' ? [] : [adopted()];
      givenPlan(...history)
        .when(setPlan([visits, target('job-club' as ProgramId, 'visits', 'month', 10)]))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'targets[1].program', kind: 'invalid' });
    });

    it('given no plan, when welfare-to-work is given a placements target it has no metric for, then CATALOG.UNKNOWN_METRIC on targets[2].metric', () => {
      givenNoPlan()
        .when(setPlan([visits, welfareVisits, target('welfare-to-work', 'placements', 'fiscal-year', 40)]))
        .thenThrows('CATALOG.UNKNOWN_METRIC', { field: 'targets[2].metric', kind: 'invalid' });
    });

    it('given no plan, when monthly visits are given a yearly target, then PLAN.PERIOD_MISMATCH on targets[0].period', () => {
      givenNoPlan()
        .when(setPlan([{ ...visits, period: 'fiscal-year', target: 14400 }, placements]))
        .thenThrows('PLAN.PERIOD_MISMATCH', { field: 'targets[0].period', kind: 'invalid' });
    });

    it('given no plan, when yearly placements are given a monthly target, then PLAN.PERIOD_MISMATCH on targets[1].period', () => {
      givenNoPlan()
        .when(setPlan([visits, { ...placements, period: 'month', target: 42 }]))
        .thenThrows('PLAN.PERIOD_MISMATCH', { field: 'targets[1].period' });
    });

    it('given no plan, when a program and metric appear twice, then PLAN.DUPLICATE_TARGET on the second one', () => {
      givenNoPlan()
        .when(setPlan([visits, placements, { ...visits, target: 1300 }]))
        .thenThrows('PLAN.DUPLICATE_TARGET', { field: 'targets[2]', kind: 'invalid' });
    });

    it('given an adopted plan, when a revision repeats a target, then PLAN.DUPLICATE_TARGET', () => {
      givenPlan(adopted())
        .when(setPlan([...ADOPTED_TARGETS, companies], REVISED_AT))
        .thenThrows('PLAN.DUPLICATE_TARGET', { field: 'targets[4]' });
    });
  });
});
