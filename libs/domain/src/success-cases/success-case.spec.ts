import type {
  CaseEvent, CaseOpened, ConsultationHeld, JobConditionsChanged, JobConditionsDiff, PlacementRecorded, PlacementRetracted, ServiceRecordVoided,
} from '@ayumi/events';
import { isRelaxation } from '../case/job-conditions';
import type { SuccessCase, SuccessCaseState } from './success-case';
import { evolveSuccessCase, foldSuccessCase, initialSuccessCaseState, relaxationKinds, storedSuccessCaseState, successCaseOf } from './success-case';

const tokyo = 'Asia/Tokyo';
const caseId = 'case-c0042';

/** The seed's story: a 59-year-old on welfare, full-time restaurant work wanted, placed part-time as a cleaner. */
const intake: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId, occurredAt: '2013-05-08T10:00:00+09:00', clientRef: 'C-0042', ageBand: '55-59', agency: 'hello-work', programs: ['welfare-to-work'],
    desiredConditions: { employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 40, minimumHourlyWage: 1000 },
  },
};
const consultation = (consultationId: string, occurredAt: string): ConsultationHeld => ({
  type: 'ConsultationHeld',
  data: { caseId, occurredAt, consultationId, program: 'welfare-to-work', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-07' },
});
const SEED_DIFF: JobConditionsDiff = {
  employmentType: { from: 'full-time', to: 'part-time' },
  jobCategories: { from: ['restaurant'], to: ['restaurant', 'cleaning'], added: ['cleaning'], removed: [] },
  hoursPerWeek: { from: 40, to: 20 },
};
const conditionsChanged = (changes: JobConditionsDiff, occurredAt = '2013-08-20T11:00:00+09:00'): JobConditionsChanged => ({
  type: 'JobConditionsChanged', data: { caseId, occurredAt, changes, reason: 'Rejected repeatedly because of age' },
});
const placed = (placementId: string, occurredAt: string, overrides: Partial<PlacementRecorded['data']> = {}): PlacementRecorded => ({
  type: 'PlacementRecorded',
  data: {
    caseId, occurredAt, placementId, program: 'welfare-to-work', employerId: 'shinagawa-building-services', jobTitle: 'Daily cleaning of apartment buildings',
    employmentType: 'part-time', startDate: '2013-10-07', referralId: 'ref-0917', confirmedBy: 'employer-report', ...overrides,
  },
});
const retracted = (placementId: string, occurredAt = '2013-10-03T10:00:00+09:00'): PlacementRetracted => ({
  type: 'PlacementRetracted', data: { caseId, occurredAt, placementId, program: 'welfare-to-work', reason: 'Offer withdrawn' },
});
const voided = (recordId: string): ServiceRecordVoided => ({
  type: 'ServiceRecordVoided',
  data: { caseId, occurredAt: '2013-09-01T10:00:00+09:00', recordId, recordType: 'ConsultationHeld', program: 'welfare-to-work', reason: 'Entered twice' },
});

const SEED_STORY: CaseEvent[] = [
  intake,
  { type: 'NavigatorAssigned', data: { caseId, occurredAt: '2013-05-08T10:30:00+09:00', navigatorId: 'nav-07', previousNavigatorId: null } },
  consultation('c1', '2013-05-15T10:00:00+09:00'),
  consultation('c2', '2013-06-12T10:00:00+09:00'),
  consultation('c3', '2013-07-10T10:00:00+09:00'),
  consultation('c4', '2013-08-07T10:00:00+09:00'),
  conditionsChanged(SEED_DIFF),
  placed('pl-1001', '2013-10-01T09:30:00+09:00'),
  consultation('c5', '2013-10-05T10:00:00+09:00'),
  { type: 'CaseClosed', data: { caseId, occurredAt: '2013-10-08T09:00:00+09:00', reason: 'placed' } },
];

const SEED_ROW: SuccessCase = {
  program: 'welfare-to-work',
  ageBand: '55-59',
  intakeMonth: '2013-05',
  placementMonth: '2013-10',
  fiscalYear: 2013,
  daysToPlacement: 145,
  employmentType: 'part-time',
  relaxedBeforePlacement: true,
  relaxationsBeforePlacement: ['employment-type:full-time→part-time', 'job-categories:+cleaning', 'hours-per-week:lowered'],
  consultationsBeforePlacement: 4,
};

/** given the history, when folded, then the case's row is … */
const given = (...history: CaseEvent[]) => ({ then: (expected: SuccessCase | null) => expect(successCaseOf(foldSuccessCase(history), tokyo)).toStrictEqual(expected) });

describe('success cases', () => {
  describe('relaxationKinds', () => {
    it('given the seed relaxation, then it is full-time → part-time, cleaning added and fewer hours', () => {
      expect(relaxationKinds(SEED_DIFF)).toStrictEqual(['employment-type:full-time→part-time', 'job-categories:+cleaning', 'hours-per-week:lowered']);
    });

    it.each<[string, JobConditionsDiff, string[]]>([
      ['part-time → full-time', { employmentType: { from: 'part-time', to: 'full-time' } }, []],
      ['a category swapped', { jobCategories: { from: ['restaurant'], to: ['cleaning'], added: ['cleaning'], removed: ['restaurant'] } }, ['job-categories:+cleaning']],
      ['a category dropped', { jobCategories: { from: ['restaurant', 'cleaning'], to: ['cleaning'], added: [], removed: ['restaurant'] } }, []],
      ['more hours', { hoursPerWeek: { from: 20, to: 40 } }, []],
      ['hours set for the first time', { hoursPerWeek: { from: null, to: 20 } }, []],
      ['a lower minimum wage', { minimumHourlyWage: { from: 1000, to: 900 } }, ['minimum-hourly-wage:lowered']],
      ['two categories added', { jobCategories: { from: ['office'], to: ['office', 'care', 'logistics'], added: ['care', 'logistics'], removed: [] } }, ['job-categories:+care', 'job-categories:+logistics']],
    ])('given %s, then the kinds are exactly the relaxing parts, and present exactly when isRelaxation holds', (_, diff, kinds) => {
      expect(relaxationKinds(diff)).toStrictEqual(kinds);
      expect(relaxationKinds(diff).length > 0).toBe(isRelaxation(diff));
    });

    it('given a malformed diff from an old record, then it reads what it can and never throws', () => {
      const malformed = { jobCategories: { added: 'cleaning' }, hoursPerWeek: { from: '40', to: 20 } } as unknown as JobConditionsDiff;
      expect(relaxationKinds(malformed)).toStrictEqual([]);
      expect(relaxationKinds(null as unknown as JobConditionsDiff)).toStrictEqual([]);
    });
  });

  describe('successCaseOf', () => {
    it('given the seed story, then one de-identified row: 55-59, welfare-to-work, May → October 2013, 145 days, relaxed three ways, 4 consultations before', () => {
      given(...SEED_STORY).then(SEED_ROW);
    });

    it('given the seed story, then the row holds no case id, client ref, navigator, employer or job title', () => {
      const row = JSON.stringify(successCaseOf(foldSuccessCase(SEED_STORY), tokyo));
      for (const personal of [caseId, 'C-0042', 'nav-07', 'shinagawa-building-services', 'Daily cleaning', 'pl-1001', 'ref-0917']) expect(row).not.toContain(personal);
    });

    it('given an intake and consultations but no placement, then no row', () => {
      given(intake, consultation('c1', '2013-05-15T10:00:00+09:00')).then(null);
    });

    it('given a placement without an intake (a stream read from its middle), then no row', () => {
      given(placed('pl-1', '2013-10-01T09:30:00+09:00')).then(null);
    });

    it('given the only placement retracted, then no row', () => {
      given(...SEED_STORY, retracted('pl-1001')).then(null);
    });

    it('given two placements and the first retracted, then the row falls back to the second, with what preceded it', () => {
      given(
        ...SEED_STORY,
        consultation('c6', '2013-11-01T10:00:00+09:00'),
        placed('pl-1101', '2013-11-05T10:00:00+09:00', { program: 'employment-support', employmentType: 'full-time' }),
        retracted('pl-1001', '2013-11-06T10:00:00+09:00'),
      ).then({
        ...SEED_ROW, program: 'employment-support', employmentType: 'full-time', placementMonth: '2013-11', daysToPlacement: 181, consultationsBeforePlacement: 6,
      });
    });

    it('given two unretracted placements, then the first by when it happened counts, even when recorded second', () => {
      given(intake, placed('pl-late', '2014-05-01T10:00:00+09:00'), placed('pl-early', '2014-03-31T15:30:00Z'))
        .then(expect.objectContaining({ placementMonth: '2014-04', fiscalYear: 2014, daysToPlacement: 327 }) as unknown as SuccessCase);
    });

    it('given a placement on 1 April before 09:00 in Tokyo, then months and fiscal year are Tokyo\'s, not UTC\'s', () => {
      const row = successCaseOf(foldSuccessCase([intake, placed('pl-1', '2014-03-31T23:30:00Z')]), tokyo);
      expect(row).toMatchObject({ placementMonth: '2014-04', fiscalYear: 2014 });
      expect(successCaseOf(foldSuccessCase([intake, placed('pl-1', '2014-03-31T23:30:00Z')]), 'UTC')).toMatchObject({ placementMonth: '2014-03', fiscalYear: 2013 });
    });

    it('given a relaxation after the placement, then the case was not relaxed before it', () => {
      given(intake, placed('pl-1', '2013-10-01T09:30:00+09:00'), conditionsChanged(SEED_DIFF, '2013-10-20T10:00:00+09:00'))
        .then(expect.objectContaining({ relaxedBeforePlacement: false, relaxationsBeforePlacement: [] }) as unknown as SuccessCase);
    });

    it('given a relaxation recorded late but dated before the placement, then it preceded the placement', () => {
      given(intake, placed('pl-1', '2013-10-01T09:30:00+09:00'), conditionsChanged({ minimumHourlyWage: { from: 1000, to: 900 } }, '2013-09-01T10:00:00+09:00'))
        .then(expect.objectContaining({ relaxedBeforePlacement: true, relaxationsBeforePlacement: ['minimum-hourly-wage:lowered'] }) as unknown as SuccessCase);
    });

    it('given a change that only tightens conditions, then it is no relaxation', () => {
      given(intake, conditionsChanged({ hoursPerWeek: { from: 40, to: 45 } }), placed('pl-1', '2013-10-01T09:30:00+09:00'))
        .then(expect.objectContaining({ relaxedBeforePlacement: false }) as unknown as SuccessCase);
    });

    it('given the same kind twice before the placement, then it is listed once, in the order relaxations happened', () => {
      const addCleaning = { jobCategories: { from: ['restaurant'], to: ['restaurant', 'cleaning'], added: ['cleaning'], removed: [] } };
      given(
        intake,
        conditionsChanged(addCleaning, '2013-07-01T10:00:00+09:00'),
        conditionsChanged({ minimumHourlyWage: { from: 1000, to: 950 } }, '2013-06-01T10:00:00+09:00'),
        conditionsChanged(addCleaning, '2013-08-01T10:00:00+09:00'),
        placed('pl-1', '2013-10-01T09:30:00+09:00'),
      ).then(expect.objectContaining({ relaxationsBeforePlacement: ['minimum-hourly-wage:lowered', 'job-categories:+cleaning'] }) as unknown as SuccessCase);
    });

    it('given a voided consultation, then it is not counted before the placement', () => {
      given(...SEED_STORY, voided('c2')).then({ ...SEED_ROW, consultationsBeforePlacement: 3 });
    });

    it('given a consultation at the very instant of the placement but recorded before it, then it counts as before', () => {
      given(intake, consultation('c1', '2013-10-01T09:30:00+09:00'), placed('pl-1', '2013-10-01T09:30:00+09:00'))
        .then(expect.objectContaining({ consultationsBeforePlacement: 1 }) as unknown as SuccessCase);
    });
  });

  describe('evolveSuccessCase', () => {
    it('given events folded one by one across batches, then the state equals one fold of all of them (the projection keeps it between batches)', () => {
      const split = foldSuccessCase(SEED_STORY.slice(5), JSON.parse(JSON.stringify(foldSuccessCase(SEED_STORY.slice(0, 5)))));
      expect(split).toStrictEqual(foldSuccessCase(SEED_STORY));
    });

    it('given an event for something unknown, then nothing but the step count changes', () => {
      const state = foldSuccessCase([intake]);
      expect(evolveSuccessCase(state, retracted('pl-unknown'))).toStrictEqual({ ...state, seq: 2 });
      expect(evolveSuccessCase(state, voided('c-unknown'))).toStrictEqual({ ...state, seq: 2 });
    });

    it('is pure: the previous state is left as it was', () => {
      const state = Object.freeze(foldSuccessCase(SEED_STORY));
      const copy = structuredClone(state);
      evolveSuccessCase(state, retracted('pl-1001'));
      expect(state).toStrictEqual(copy);
      expect(initialSuccessCaseState).toStrictEqual({ seq: 0, intake: null, consultations: [], relaxations: [], placements: [] });
    });

    it('given the same consultation id twice, then it is one consultation, at its later step', () => {
      const state = foldSuccessCase([intake, consultation('c1', '2013-05-15T10:00:00+09:00'), consultation('c1', '2013-05-16T10:00:00+09:00')]);
      expect(state.consultations).toStrictEqual([{ consultationId: 'c1', at: '2013-05-16T10:00:00+09:00', seq: 3 }]);
    });
  });

  describe('storedSuccessCaseState', () => {
    it('given a state stored while consultations were an object by id, then folding on from it gives what folding the whole story gives', () => {
      const current = foldSuccessCase(SEED_STORY.slice(0, 5));
      const stored = { ...current, consultations: Object.fromEntries(current.consultations.map(({ consultationId, at, seq }) => [consultationId, { at, seq }])) };

      const readBack = storedSuccessCaseState(JSON.parse(JSON.stringify(stored)) as SuccessCaseState);

      expect(readBack).toStrictEqual(current);
      expect(foldSuccessCase(SEED_STORY.slice(5), readBack)).toStrictEqual(foldSuccessCase(SEED_STORY));
    });

    it('given a state stored as it is now, then it is read as it was', () => {
      const current = foldSuccessCase(SEED_STORY);
      expect(storedSuccessCaseState(current)).toBe(current);
    });
  });
});
