import type {
  CaseClosed, CaseEvent, CaseOpened, CaseReopened, ConsultationHeld, FollowUpRecorded, JobConditions,
  JobConditionsChanged, JobReferralIssued, NavigatorAssigned, PlacementRecorded, PlacementRetracted, ProgramId,
  ReferralOutcomeRecorded, ServiceRecordVoided,
} from '@ayumi/events';
import { given } from '../testing/given-when-then';
import type {
  AssignNavigator, CaseCommand, ChangeJobConditions, CloseCase, IssueReferral, OpenCase, RecordConsultation,
  RecordFollowUp, RecordPlacement, RecordReferralOutcome, ReopenCase, RetractPlacement, VoidServiceRecord,
} from './case.commands';
import { caseDecider } from './case.decider';

/*
 * The seed's success story (DESIGN.md §1): a 59-year-old man on welfare, 40 years in restaurant and
 * cleaning work, wants a full-time restaurant job and keeps being rejected because of his age. His
 * navigator proposes part-time work and wider job types; after 5 months he is hired part-time for the
 * daily cleaning of apartment buildings, and later says he would like longer hours.
 */

const CASE_ID = 'case-c0042';
const NAVIGATOR = 'nav-07';
const IZAKAYA = 'emp-0114';
const BUILDING_SERVICES = 'emp-0311';

/** When each step of the journey happened (fiscal year 2013, Tokyo time). */
const T = {
  intake: '2013-05-08T10:00:00+09:00',
  navigatorAssigned: '2013-05-08T10:05:00+09:00',
  firstConsultation: '2013-05-08T10:30:00+09:00',
  restaurantReferral: '2013-05-22T14:00:00+09:00',
  rejected: '2013-06-05T09:30:00+09:00',
  relaxationConsultation: '2013-07-10T10:00:00+09:00',
  relaxation: '2013-07-10T11:00:00+09:00',
  dishwasherReferral: '2013-08-01T15:00:00+09:00',
  cleaningReferral: '2013-09-11T15:00:00+09:00',
  hired: '2013-09-20T10:00:00+09:00',
  placement: '2013-09-24T16:00:00+09:00',
  followUp: '2013-11-01T10:00:00+09:00',
  closure: '2013-11-01T10:30:00+09:00',
  reopening: '2014-01-15T10:00:00+09:00',
  /** After the closure and after the reopening. */
  later: '2014-01-20T10:00:00+09:00',
} as const;

const FULL_TIME_RESTAURANT: JobConditions = {
  employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 40, minimumHourlyWage: 1000,
};
const PART_TIME_RESTAURANT_OR_CLEANING: JobConditions = {
  employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20, minimumHourlyWage: 1000,
};
const RELAXATION_REASON = 'Rejected for full-time restaurant jobs because of his age; agreed to try part-time and cleaning jobs';

/** A program id the catalog does not know, as a client could send it. */
const UNKNOWN_PROGRAM = 'job-club' as ProgramId;

// ---- command data (the events of the same name carry the same data) ----

type Overrides<T> = Partial<T>;

const intake = (o: Overrides<OpenCase['data']> = {}): OpenCase['data'] => ({
  caseId: CASE_ID, occurredAt: T.intake, clientRef: 'C-0042', ageBand: '55-59', agency: 'hello-work',
  programs: ['welfare-to-work'], desiredConditions: FULL_TIME_RESTAURANT, ...o,
});
const consultation = (o: Overrides<RecordConsultation['data']> = {}): RecordConsultation['data'] => ({
  caseId: CASE_ID, occurredAt: T.firstConsultation, consultationId: 'cons-0508', program: 'welfare-to-work',
  channel: 'in-person', kind: 'job-consultation', navigatorId: NAVIGATOR, ...o,
});
const referral = (o: Overrides<IssueReferral['data']> = {}): IssueReferral['data'] => ({
  caseId: CASE_ID, occurredAt: T.restaurantReferral, referralId: 'ref-0522', program: 'welfare-to-work',
  employerId: IZAKAYA, jobOrderId: 'jo-0114-0517', jobTitle: 'Izakaya hall staff', employmentType: 'full-time', ...o,
});
const dishwasherReferral = (o: Overrides<IssueReferral['data']> = {}): IssueReferral['data'] => referral({
  occurredAt: T.dishwasherReferral, referralId: 'ref-0801', jobOrderId: 'jo-0114-0725', jobTitle: 'Dishwasher (mornings)',
  employmentType: 'part-time', ...o,
});
const cleaningReferral = (o: Overrides<IssueReferral['data']> = {}): IssueReferral['data'] => referral({
  occurredAt: T.cleaningReferral, referralId: 'ref-0911', employerId: BUILDING_SERVICES, jobOrderId: 'jo-0311-0902',
  jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time', ...o,
});
const outcome = (o: Overrides<RecordReferralOutcome['data']> = {}): RecordReferralOutcome['data'] => ({
  caseId: CASE_ID, occurredAt: T.rejected, referralId: 'ref-0522', outcome: 'rejected', ...o,
});
const placement = (o: Overrides<RecordPlacement['data']> = {}): RecordPlacement['data'] => ({
  caseId: CASE_ID, occurredAt: T.placement, placementId: 'pl-0924', program: 'welfare-to-work',
  employerId: BUILDING_SERVICES, jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time',
  startDate: '2013-10-01', referralId: 'ref-0911', confirmedBy: 'employer-report', ...o,
});
const followUp = (o: Overrides<RecordFollowUp['data']> = {}): RecordFollowUp['data'] => ({
  caseId: CASE_ID, occurredAt: T.followUp, followUpId: 'fu-1101', placementId: 'pl-0924', status: 'still-employed',
  note: 'Half days for now; would like longer hours once used to the work', ...o,
});
const closure = (o: Overrides<CloseCase['data']> = {}): CloseCase['data'] => ({
  caseId: CASE_ID, occurredAt: T.closure, reason: 'placed', ...o,
});
const reopening = (o: Overrides<ReopenCase['data']> = {}): ReopenCase['data'] => ({
  caseId: CASE_ID, occurredAt: T.reopening, reason: 'Wants a job with longer hours', ...o,
});
const assignment = (o: Overrides<AssignNavigator['data']> = {}): AssignNavigator['data'] => ({
  caseId: CASE_ID, occurredAt: T.navigatorAssigned, navigatorId: NAVIGATOR, ...o,
});
const relaxation = (o: Overrides<ChangeJobConditions['data']> = {}): ChangeJobConditions['data'] => ({
  caseId: CASE_ID, occurredAt: T.relaxation, reason: RELAXATION_REASON,
  changes: { employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20 }, ...o,
});
const retraction = (o: Overrides<RetractPlacement['data']> = {}): RetractPlacement['data'] => ({
  caseId: CASE_ID, occurredAt: T.later, placementId: 'pl-0924', reason: 'The employer withdrew the offer before the start', ...o,
});
const voiding = (o: Overrides<VoidServiceRecord['data']> = {}): VoidServiceRecord['data'] => ({
  caseId: CASE_ID, occurredAt: T.later, recordId: 'cons-0710', reason: 'Entered in the wrong case', ...o,
});

// ---- commands: `now` is when the command arrives; by default, right when the step happened ----

const cmd = {
  openCase: (o?: Overrides<OpenCase['data']>): OpenCase => ({ type: 'OpenCase', data: intake(o), now: intake(o).occurredAt }),
  assignNavigator: (o?: Overrides<AssignNavigator['data']>): AssignNavigator =>
    ({ type: 'AssignNavigator', data: assignment(o), now: assignment(o).occurredAt }),
  recordConsultation: (o?: Overrides<RecordConsultation['data']>): RecordConsultation =>
    ({ type: 'RecordConsultation', data: consultation(o), now: consultation(o).occurredAt }),
  issueReferral: (data: IssueReferral['data'] = referral()): IssueReferral => ({ type: 'IssueReferral', data, now: data.occurredAt }),
  recordReferralOutcome: (o?: Overrides<RecordReferralOutcome['data']>): RecordReferralOutcome =>
    ({ type: 'RecordReferralOutcome', data: outcome(o), now: outcome(o).occurredAt }),
  changeJobConditions: (o?: Overrides<ChangeJobConditions['data']>): ChangeJobConditions =>
    ({ type: 'ChangeJobConditions', data: relaxation(o), now: relaxation(o).occurredAt }),
  recordPlacement: (o?: Overrides<RecordPlacement['data']>): RecordPlacement =>
    ({ type: 'RecordPlacement', data: placement(o), now: placement(o).occurredAt }),
  retractPlacement: (o?: Overrides<RetractPlacement['data']>): RetractPlacement =>
    ({ type: 'RetractPlacement', data: retraction(o), now: retraction(o).occurredAt }),
  recordFollowUp: (o?: Overrides<RecordFollowUp['data']>): RecordFollowUp =>
    ({ type: 'RecordFollowUp', data: followUp(o), now: followUp(o).occurredAt }),
  voidServiceRecord: (o?: Overrides<VoidServiceRecord['data']>): VoidServiceRecord =>
    ({ type: 'VoidServiceRecord', data: voiding(o), now: voiding(o).occurredAt }),
  closeCase: (o?: Overrides<CloseCase['data']>): CloseCase => ({ type: 'CloseCase', data: closure(o), now: closure(o).occurredAt }),
  reopenCase: (o?: Overrides<ReopenCase['data']>): ReopenCase => ({ type: 'ReopenCase', data: reopening(o), now: reopening(o).occurredAt }),
};

/** The same command, received at another moment. */
const receivedAt = <C extends CaseCommand>(now: string, command: C): C => ({ ...command, now });

// ---- events ----

const ev = {
  caseOpened: (o?: Overrides<CaseOpened['data']>): CaseOpened => ({ type: 'CaseOpened', data: intake(o) }),
  navigatorAssigned: (o: Overrides<NavigatorAssigned['data']> = {}): NavigatorAssigned =>
    ({ type: 'NavigatorAssigned', data: { ...assignment(), previousNavigatorId: null, ...o } }),
  consultationHeld: (o?: Overrides<ConsultationHeld['data']>): ConsultationHeld => ({ type: 'ConsultationHeld', data: consultation(o) }),
  referralIssued: (data: JobReferralIssued['data'] = referral()): JobReferralIssued => ({ type: 'JobReferralIssued', data }),
  outcomeRecorded: (o?: Overrides<ReferralOutcomeRecorded['data']>): ReferralOutcomeRecorded =>
    ({ type: 'ReferralOutcomeRecorded', data: outcome(o) }),
  /** The seed's relaxation, as the structured from → to diff the event keeps. */
  conditionsRelaxed: (): JobConditionsChanged => ({
    type: 'JobConditionsChanged',
    data: {
      caseId: CASE_ID, occurredAt: T.relaxation, reason: RELAXATION_REASON,
      changes: {
        employmentType: { from: 'full-time', to: 'part-time' },
        jobCategories: { from: ['restaurant'], to: ['restaurant', 'cleaning'], added: ['cleaning'], removed: [] },
        hoursPerWeek: { from: 40, to: 20 },
      },
    },
  }),
  placementRecorded: (o?: Overrides<PlacementRecorded['data']>): PlacementRecorded => ({ type: 'PlacementRecorded', data: placement(o) }),
  placementRetracted: (o: Overrides<PlacementRetracted['data']> = {}): PlacementRetracted =>
    ({ type: 'PlacementRetracted', data: { ...retraction(), program: 'welfare-to-work', ...o } }),
  followUpRecorded: (o?: Overrides<FollowUpRecorded['data']>): FollowUpRecorded => ({ type: 'FollowUpRecorded', data: followUp(o) }),
  recordVoided: (o: Overrides<ServiceRecordVoided['data']> = {}): ServiceRecordVoided =>
    ({ type: 'ServiceRecordVoided', data: { ...voiding(), recordType: 'ConsultationHeld', program: 'welfare-to-work', ...o } }),
  caseClosed: (o?: Overrides<CaseClosed['data']>): CaseClosed => ({ type: 'CaseClosed', data: closure(o) }),
  caseReopened: (o?: Overrides<CaseReopened['data']>): CaseReopened => ({ type: 'CaseReopened', data: reopening(o) }),
};

// ---- histories: the journey so far ----

const opened: readonly CaseEvent[] = [ev.caseOpened()];
const withNavigator: readonly CaseEvent[] = [...opened, ev.navigatorAssigned()];
/** First consultation and a full-time restaurant referral, its outcome not yet known. */
const referred: readonly CaseEvent[] = [...withNavigator, ev.consultationHeld(), ev.referralIssued()];
const rejected: readonly CaseEvent[] = [...referred, ev.outcomeRecorded()];
const relaxed: readonly CaseEvent[] = [
  ...rejected,
  ev.consultationHeld({ consultationId: 'cons-0710', occurredAt: T.relaxationConsultation, note: 'note-0710' }),
  ev.conditionsRelaxed(),
];
/** Hired part-time for daily apartment-building cleaning; the dishwasher referral never got an outcome. */
const placed: readonly CaseEvent[] = [
  ...relaxed,
  ev.referralIssued(dishwasherReferral()),
  ev.referralIssued(cleaningReferral()),
  ev.outcomeRecorded({ referralId: 'ref-0911', outcome: 'hired', occurredAt: T.hired }),
  ev.placementRecorded(),
];
const closed: readonly CaseEvent[] = [...placed, ev.followUpRecorded(), ev.caseClosed()];
const reopened: readonly CaseEvent[] = [...closed, ev.caseReopened()];

const givenNoCase = () => given(caseDecider);
const givenCase = (...history: readonly CaseEvent[]) => given(caseDecider, ...history);

describe('case decider', () => {
  describe('opening a case (intake)', () => {
    it('given no case, when the intake is recorded, then CaseOpened with the intake', () => {
      givenNoCase().when(cmd.openCase()).then([ev.caseOpened()]);
    });

    it('given no case, when the intake lists a program twice, then CaseOpened lists it once', () => {
      givenNoCase()
        .when(cmd.openCase({ programs: ['welfare-to-work', 'employment-support', 'welfare-to-work'] }))
        .then([ev.caseOpened({ programs: ['welfare-to-work', 'employment-support'] })]);
    });

    it('given no case, when the intake is entered the next day, then it is accepted (records may be late)', () => {
      givenNoCase().when(receivedAt('2013-05-09T17:00:00+09:00', cmd.openCase())).then([ev.caseOpened()]);
    });

    it('given an open case, when it is opened again, then CASE.ALREADY_EXISTS', () => {
      givenCase(...opened).when(cmd.openCase()).thenThrows('CASE.ALREADY_EXISTS', { kind: 'conflict' });
    });

    it('given a closed case, when it is opened again, then CASE.ALREADY_EXISTS', () => {
      givenCase(...closed).when(cmd.openCase({ occurredAt: T.later })).thenThrows('CASE.ALREADY_EXISTS');
    });

    it('given no case, when the second program of the intake is unknown, then CATALOG.UNKNOWN_PROGRAM on programs[1]', () => {
      givenNoCase()
        .when(cmd.openCase({ programs: ['welfare-to-work', UNKNOWN_PROGRAM] }))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'programs[1]', kind: 'invalid' });
    });

    it('given no case, when the intake is dated more than 5 minutes ahead of the clock, then TIME.IN_FUTURE', () => {
      givenNoCase()
        .when(receivedAt('2013-05-08T09:50:00+09:00', cmd.openCase()))
        .thenThrows('TIME.IN_FUTURE', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given no case, when the intake date is not a date-time, then TIME.INVALID', () => {
      givenNoCase()
        .when(receivedAt(T.intake, cmd.openCase({ occurredAt: '8 May, the morning' })))
        .thenThrows('TIME.INVALID', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given no case, when the intake is opened, then the case is open with its desired conditions and no navigator', () => {
      givenNoCase().when(cmd.openCase()).thenState((state) => {
        expect(state).toMatchObject({
          status: 'open', caseId: CASE_ID, clientRef: 'C-0042', ageBand: '55-59', agency: 'hello-work',
          programs: ['welfare-to-work'], openedAt: T.intake, navigatorId: null, conditions: FULL_TIME_RESTAURANT,
        });
      });
    });
  });

  describe('intake job categories', () => {
    it('given no case, when the intake names a job category twice, then CaseOpened names it once', () => {
      const twice = { ...FULL_TIME_RESTAURANT, jobCategories: ['restaurant', 'restaurant'] };
      givenNoCase().when(cmd.openCase({ desiredConditions: twice })).then([ev.caseOpened()]);
    });
  });

  describe('a case that does not exist', () => {
    it.each<[string, CaseCommand]>([
      ['a navigator is assigned', cmd.assignNavigator()],
      ['a consultation is recorded', cmd.recordConsultation()],
      ['a referral is issued', cmd.issueReferral()],
      ['a referral outcome is recorded', cmd.recordReferralOutcome()],
      ['job conditions change', cmd.changeJobConditions()],
      ['a placement is recorded', cmd.recordPlacement()],
      ['a placement is retracted', cmd.retractPlacement()],
      ['a follow-up is recorded', cmd.recordFollowUp()],
      ['a service record is voided', cmd.voidServiceRecord()],
      ['the case is closed', cmd.closeCase()],
      ['the case is reopened', cmd.reopenCase()],
    ])('given no case, when %s, then CASE.NOT_FOUND', (_when, command) => {
      givenNoCase().when(command).thenThrows('CASE.NOT_FOUND', { kind: 'not-found' });
    });
  });

  describe('assigning a navigator', () => {
    it('given a new case, when a navigator is assigned, then NavigatorAssigned with no previous navigator', () => {
      givenCase(...opened).when(cmd.assignNavigator()).then([ev.navigatorAssigned({ previousNavigatorId: null })]);
    });

    it('given a case with navigator nav-07, when nav-12 is assigned, then NavigatorAssigned carries previousNavigatorId nav-07', () => {
      givenCase(...withNavigator)
        .when(cmd.assignNavigator({ navigatorId: 'nav-12', occurredAt: T.relaxation }))
        .then([ev.navigatorAssigned({ navigatorId: 'nav-12', occurredAt: T.relaxation, previousNavigatorId: NAVIGATOR })]);
    });

    it('given a case with navigator nav-07, when nav-07 is assigned again, then no events', () => {
      givenCase(...withNavigator).when(cmd.assignNavigator({ occurredAt: T.relaxation })).thenNothing();
    });

    it('given a case reassigned from nav-07 to nav-12, when nav-07 is assigned back, then previousNavigatorId is nav-12', () => {
      givenCase(...withNavigator, ev.navigatorAssigned({ navigatorId: 'nav-12', previousNavigatorId: NAVIGATOR }))
        .when(cmd.assignNavigator({ occurredAt: T.relaxation }))
        .then([ev.navigatorAssigned({ occurredAt: T.relaxation, previousNavigatorId: 'nav-12' })]);
    });
  });

  describe('recording a consultation', () => {
    it('given a case with a navigator, when a consultation is recorded, then ConsultationHeld', () => {
      givenCase(...withNavigator).when(cmd.recordConsultation()).then([ev.consultationHeld()]);
    });

    it('given a case, when a phone consultation with a note is recorded, then ConsultationHeld keeps the channel and the note', () => {
      const relaxationTalk = { consultationId: 'cons-0710', occurredAt: T.relaxationConsultation, channel: 'phone', note: 'note-0710' } as const;
      givenCase(...rejected).when(cmd.recordConsultation(relaxationTalk)).then([ev.consultationHeld(relaxationTalk)]);
    });

    it('given a case, when a consultation names an unknown program, then CATALOG.UNKNOWN_PROGRAM on program', () => {
      givenCase(...withNavigator)
        .when(cmd.recordConsultation({ program: UNKNOWN_PROGRAM }))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'program' });
    });
  });

  describe('issuing a referral', () => {
    it('given a case, when a referral is issued, then JobReferralIssued', () => {
      givenCase(...withNavigator, ev.consultationHeld()).when(cmd.issueReferral()).then([ev.referralIssued()]);
    });

    it('given a case, when a referral names an unknown program, then CATALOG.UNKNOWN_PROGRAM on program', () => {
      givenCase(...withNavigator)
        .when(cmd.issueReferral(referral({ program: UNKNOWN_PROGRAM })))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'program' });
    });
  });

  describe('recording a referral outcome', () => {
    it('given a referral to a full-time restaurant job, when he is rejected, then ReferralOutcomeRecorded', () => {
      givenCase(...referred).when(cmd.recordReferralOutcome()).then([ev.outcomeRecorded()]);
    });

    it('given a referral to apartment-building cleaning, when he is hired, then ReferralOutcomeRecorded hired', () => {
      const hired = { referralId: 'ref-0911', outcome: 'hired', occurredAt: T.hired } as const;
      givenCase(...relaxed, ev.referralIssued(cleaningReferral()))
        .when(cmd.recordReferralOutcome(hired))
        .then([ev.outcomeRecorded(hired)]);
    });

    it('given a case, when the outcome of an unknown referral (in the path) is recorded, then REFERRAL.NOT_FOUND, not found', () => {
      givenCase(...referred)
        .when(cmd.recordReferralOutcome({ referralId: 'ref-9999' }))
        .thenThrows('REFERRAL.NOT_FOUND', { kind: 'not-found' });
    });

    it('given a referral already rejected, when another outcome is recorded, then REFERRAL.OUTCOME_ALREADY_RECORDED', () => {
      givenCase(...rejected)
        .when(cmd.recordReferralOutcome({ outcome: 'declined', occurredAt: T.relaxation }))
        .thenThrows('REFERRAL.OUTCOME_ALREADY_RECORDED', { kind: 'conflict' });
    });

    it('given a voided referral, when its outcome is recorded, then REFERRAL.VOIDED', () => {
      givenCase(...referred, ev.recordVoided({ recordId: 'ref-0522', recordType: 'JobReferralIssued', occurredAt: T.restaurantReferral }))
        .when(cmd.recordReferralOutcome())
        .thenThrows('REFERRAL.VOIDED', { kind: 'conflict' });
    });

    it('given a rejected referral that was then voided, when another outcome is recorded, then REFERRAL.VOIDED', () => {
      givenCase(...rejected, ev.recordVoided({ recordId: 'ref-0522', recordType: 'JobReferralIssued', occurredAt: T.rejected }))
        .when(cmd.recordReferralOutcome({ outcome: 'withdrawn', occurredAt: T.relaxation }))
        .thenThrows('REFERRAL.VOIDED');
    });
  });

  describe('changing the job conditions', () => {
    it('given full-time restaurant work is wanted, when it is relaxed to part-time with cleaning added, then JobConditionsChanged with the from → to diff', () => {
      givenCase(...rejected).when(cmd.changeJobConditions()).then([ev.conditionsRelaxed()]);
    });

    it('given full-time restaurant work is wanted, when the relaxation is recorded, then the case wants part-time restaurant or cleaning work, 20 hours', () => {
      givenCase(...rejected).when(cmd.changeJobConditions()).thenState((state) => {
        expect(state).toMatchObject({ conditions: PART_TIME_RESTAURANT_OR_CLEANING });
      });
    });

    it('given relaxed conditions, when he asks for longer hours, then the diff starts from the relaxed 20 hours', () => {
      givenCase(...closed, ev.caseReopened())
        .when(cmd.changeJobConditions({ occurredAt: T.later, changes: { hoursPerWeek: 30 }, reason: 'Used to the work; wants longer hours' }))
        .then([{
          type: 'JobConditionsChanged',
          data: { caseId: CASE_ID, occurredAt: T.later, reason: 'Used to the work; wants longer hours', changes: { hoursPerWeek: { from: 20, to: 30 } } },
        }]);
    });

    it('given restaurant or cleaning work is wanted, when restaurant work is dropped, then the diff lists restaurant as removed', () => {
      givenCase(...relaxed)
        .when(cmd.changeJobConditions({ occurredAt: T.dishwasherReferral, changes: { jobCategories: ['cleaning'] }, reason: 'Only cleaning now' }))
        .then([{
          type: 'JobConditionsChanged',
          data: {
            caseId: CASE_ID, occurredAt: T.dishwasherReferral, reason: 'Only cleaning now',
            changes: { jobCategories: { from: ['restaurant', 'cleaning'], to: ['cleaning'], added: [], removed: ['restaurant'] } },
          },
        }]);
    });

    it('given full-time restaurant work is wanted, when the same conditions are sent, then CONDITIONS.UNCHANGED on changes', () => {
      givenCase(...rejected)
        .when(cmd.changeJobConditions({ changes: FULL_TIME_RESTAURANT }))
        .thenThrows('CONDITIONS.UNCHANGED', { field: 'changes', kind: 'invalid' });
    });

    it('given restaurant or cleaning work is wanted, when the same categories are sent in another order, then CONDITIONS.UNCHANGED', () => {
      givenCase(...relaxed)
        .when(cmd.changeJobConditions({ occurredAt: T.dishwasherReferral, changes: { jobCategories: ['cleaning', 'restaurant'] } }))
        .thenThrows('CONDITIONS.UNCHANGED', { field: 'changes' });
    });

    it('given a case, when no change at all is sent, then CONDITIONS.UNCHANGED', () => {
      givenCase(...rejected).when(cmd.changeJobConditions({ changes: {} })).thenThrows('CONDITIONS.UNCHANGED', { field: 'changes' });
    });
  });

  describe('recording a placement', () => {
    const hiredForCleaning: readonly CaseEvent[] = [
      ...relaxed,
      ev.referralIssued(cleaningReferral()),
      ev.outcomeRecorded({ referralId: 'ref-0911', outcome: 'hired', occurredAt: T.hired }),
    ];

    it('given he was hired through a referral, when the placement is recorded, then PlacementRecorded', () => {
      givenCase(...hiredForCleaning).when(cmd.recordPlacement()).then([ev.placementRecorded()]);
    });

    it('given a case, when a placement found without a referral is recorded, then PlacementRecorded with referralId null', () => {
      givenCase(...relaxed)
        .when(cmd.recordPlacement({ referralId: null, confirmedBy: 'client-report' }))
        .then([ev.placementRecorded({ referralId: null, confirmedBy: 'client-report' })]);
    });

    it('given a case, when a placement names an unknown referral in its body, then REFERRAL.NOT_FOUND, invalid, on referralId', () => {
      givenCase(...relaxed)
        .when(cmd.recordPlacement({ referralId: 'ref-9999' }))
        .thenThrows('REFERRAL.NOT_FOUND', { field: 'referralId', kind: 'invalid' });
    });

    it('given a voided referral, when a placement names it, then REFERRAL.VOIDED on referralId', () => {
      givenCase(...hiredForCleaning, ev.recordVoided({ recordId: 'ref-0911', recordType: 'JobReferralIssued', occurredAt: T.hired }))
        .when(cmd.recordPlacement())
        .thenThrows('REFERRAL.VOIDED', { field: 'referralId', kind: 'conflict' });
    });

    it('given a case, when a placement names an unknown program, then CATALOG.UNKNOWN_PROGRAM on program', () => {
      givenCase(...hiredForCleaning)
        .when(cmd.recordPlacement({ program: UNKNOWN_PROGRAM }))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'program' });
    });
  });

  describe('retracting a placement', () => {
    it('given a placement, when it is retracted, then PlacementRetracted with the placement\'s program', () => {
      givenCase(...placed).when(cmd.retractPlacement()).then([ev.placementRetracted({ program: 'welfare-to-work' })]);
    });

    it('given an employment-support placement, when it is retracted, then PlacementRetracted un-counts it from employment-support', () => {
      givenCase(...relaxed, ev.placementRecorded({ placementId: 'pl-0930', program: 'employment-support', referralId: null }))
        .when(cmd.retractPlacement({ placementId: 'pl-0930' }))
        .then([ev.placementRetracted({ placementId: 'pl-0930', program: 'employment-support' })]);
    });

    it('given a case, when an unknown placement (in the path) is retracted, then PLACEMENT.NOT_FOUND, not found', () => {
      givenCase(...placed)
        .when(cmd.retractPlacement({ placementId: 'pl-9999' }))
        .thenThrows('PLACEMENT.NOT_FOUND', { kind: 'not-found' });
    });

    it('given a retracted placement, when it is retracted again, then PLACEMENT.ALREADY_RETRACTED', () => {
      givenCase(...placed, ev.placementRetracted())
        .when(cmd.retractPlacement())
        .thenThrows('PLACEMENT.ALREADY_RETRACTED', { kind: 'conflict' });
    });

    it('given a placement, when it is retracted, then the case marks it retracted', () => {
      givenCase(...placed).when(cmd.retractPlacement()).thenState((state) => {
        expect(state).toMatchObject({ placements: { 'pl-0924': { program: 'welfare-to-work', retracted: true } } });
      });
    });
  });

  describe('recording a follow-up', () => {
    it('given a placement, when a retention check is recorded, then FollowUpRecorded', () => {
      givenCase(...placed).when(cmd.recordFollowUp()).then([ev.followUpRecorded()]);
    });

    it('given a placement, when a follow-up is recorded, then the case counts one follow-up', () => {
      givenCase(...placed).when(cmd.recordFollowUp()).thenState((state) => expect(state).toMatchObject({ followUps: 1 }));
    });

    it('given a case, when a follow-up names an unknown placement in its body, then PLACEMENT.NOT_FOUND, invalid, on placementId', () => {
      givenCase(...placed)
        .when(cmd.recordFollowUp({ placementId: 'pl-9999' }))
        .thenThrows('PLACEMENT.NOT_FOUND', { field: 'placementId', kind: 'invalid' });
    });
  });

  describe('voiding a service record', () => {
    it('given a consultation, when it is voided, then ServiceRecordVoided with its type and program', () => {
      givenCase(...placed)
        .when(cmd.voidServiceRecord({ recordId: 'cons-0710' }))
        .then([ev.recordVoided({ recordId: 'cons-0710', recordType: 'ConsultationHeld', program: 'welfare-to-work' })]);
    });

    it('given a referral, when it is voided, then ServiceRecordVoided with type JobReferralIssued', () => {
      givenCase(...placed)
        .when(cmd.voidServiceRecord({ recordId: 'ref-0801' }))
        .then([ev.recordVoided({ recordId: 'ref-0801', recordType: 'JobReferralIssued', program: 'welfare-to-work' })]);
    });

    it('given a referral, when it is voided, then both the service record and the referral are marked voided', () => {
      givenCase(...placed).when(cmd.voidServiceRecord({ recordId: 'ref-0801' })).thenState((state) => {
        expect(state).toMatchObject({
          serviceRecords: { 'ref-0801': { type: 'JobReferralIssued', voided: true }, 'ref-0911': { voided: false } },
          referrals: { 'ref-0801': { outcome: null, voided: true } },
        });
      });
    });

    it('given a case, when an unknown record is voided, then RECORD.NOT_FOUND on recordId', () => {
      givenCase(...placed)
        .when(cmd.voidServiceRecord({ recordId: 'cons-9999' }))
        .thenThrows('RECORD.NOT_FOUND', { field: 'recordId', kind: 'invalid' });
    });

    it('given a placement, when its id is voided, then RECORD.NOT_FOUND (a placement is not a service record)', () => {
      givenCase(...placed)
        .when(cmd.voidServiceRecord({ recordId: 'pl-0924' }))
        .thenThrows('RECORD.NOT_FOUND', { field: 'recordId' });
    });

    it('given a voided consultation, when it is voided again, then RECORD.ALREADY_VOIDED on recordId', () => {
      givenCase(...placed, ev.recordVoided())
        .when(cmd.voidServiceRecord())
        .thenThrows('RECORD.ALREADY_VOIDED', { field: 'recordId', kind: 'conflict' });
    });
  });

  describe('ids that name members of every JavaScript object', () => {
    // Records are kept in plain objects: only a record the case has is found, never an inherited member.
    it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('given a placed case, when "%s" is used as a referral, placement or record id, then NOT_FOUND each time', (id) => {
      givenCase(...placed).when(cmd.recordReferralOutcome({ referralId: id })).thenThrows('REFERRAL.NOT_FOUND', { kind: 'not-found' });
      givenCase(...placed).when(cmd.recordPlacement({ placementId: 'pl-0925', referralId: id })).thenThrows('REFERRAL.NOT_FOUND', { field: 'referralId' });
      givenCase(...placed).when(cmd.retractPlacement({ placementId: id })).thenThrows('PLACEMENT.NOT_FOUND', { kind: 'not-found' });
      givenCase(...placed).when(cmd.recordFollowUp({ placementId: id })).thenThrows('PLACEMENT.NOT_FOUND', { field: 'placementId' });
      givenCase(...placed).when(cmd.voidServiceRecord({ recordId: id })).thenThrows('RECORD.NOT_FOUND', { field: 'recordId' });
    });

    it('given events that name "constructor" without such a record, when they are folded, then the state has no such record', () => {
      const state = givenCase(...placed,
        ev.outcomeRecorded({ referralId: 'constructor', outcome: 'hired' }),
        { type: 'PlacementRetracted', data: { ...retraction({ placementId: 'constructor' }), program: 'welfare-to-work' } },
        { type: 'ServiceRecordVoided', data: { ...voiding({ recordId: 'constructor' }), recordType: 'ConsultationHeld', program: 'welfare-to-work' } },
      ).state;
      expect(state).toMatchObject({ status: 'open' });
      if (state.status === 'none') return;
      expect([state.referrals, state.placements, state.serviceRecords].map((records) => Object.keys(records).includes('constructor'))).toEqual([false, false, false]);
    });
  });

  describe('closing and reopening', () => {
    it('given a placed case with a follow-up, when it is closed, then CaseClosed', () => {
      givenCase(...placed, ev.followUpRecorded()).when(cmd.closeCase()).then([ev.caseClosed()]);
    });

    it('given a placed case, when it is closed, then it is closed with its date and reason', () => {
      givenCase(...placed).when(cmd.closeCase()).thenState((state) => {
        expect(state).toMatchObject({ status: 'closed', closedAt: T.closure, closureReason: 'placed' });
      });
    });

    it('given a closed case, when it is reopened, then CaseReopened', () => {
      givenCase(...closed).when(cmd.reopenCase()).then([ev.caseReopened()]);
    });

    it('given a closed case, when it is reopened, then it is open again with its history kept and no closure left', () => {
      givenCase(...closed).when(cmd.reopenCase()).thenState((state) => {
        expect(state).toMatchObject({
          status: 'open', navigatorId: NAVIGATOR, conditions: PART_TIME_RESTAURANT_OR_CLEANING, followUps: 1,
          placements: { 'pl-0924': { retracted: false } },
        });
        expect(state).not.toHaveProperty('closedAt');
        expect(state).not.toHaveProperty('closureReason');
      });
    });

    it('given a closed case, when a reopening is dated before the closure, then TIME.BEFORE_CLOSURE', () => {
      givenCase(...closed).when(cmd.reopenCase({ occurredAt: T.intake })).thenThrows('TIME.BEFORE_CLOSURE', { field: 'occurredAt' });
    });

    it('given an open case, when it is reopened, then CASE.NOT_CLOSED', () => {
      givenCase(...placed).when(cmd.reopenCase()).thenThrows('CASE.NOT_CLOSED', { kind: 'conflict' });
    });

    it('given a reopened case, when it is reopened again, then CASE.NOT_CLOSED', () => {
      givenCase(...reopened).when(cmd.reopenCase({ occurredAt: T.later })).thenThrows('CASE.NOT_CLOSED');
    });

    /** Every step but opening and reopening, dated after the closure (and after the reopening). */
    const stepsAfterClosure: ReadonlyArray<{ when: string; command: CaseCommand; then: CaseEvent }> = [
      {
        when: 'a navigator is assigned',
        command: cmd.assignNavigator({ navigatorId: 'nav-12', occurredAt: T.later }),
        then: ev.navigatorAssigned({ navigatorId: 'nav-12', occurredAt: T.later, previousNavigatorId: NAVIGATOR }),
      },
      {
        when: 'a consultation is recorded',
        command: cmd.recordConsultation({ consultationId: 'cons-0120', occurredAt: T.later }),
        then: ev.consultationHeld({ consultationId: 'cons-0120', occurredAt: T.later }),
      },
      {
        when: 'a referral is issued',
        command: cmd.issueReferral(cleaningReferral({ referralId: 'ref-0120', occurredAt: T.later })),
        then: ev.referralIssued(cleaningReferral({ referralId: 'ref-0120', occurredAt: T.later })),
      },
      {
        when: 'a referral outcome is recorded',
        command: cmd.recordReferralOutcome({ referralId: 'ref-0801', outcome: 'withdrawn', occurredAt: T.later }),
        then: ev.outcomeRecorded({ referralId: 'ref-0801', outcome: 'withdrawn', occurredAt: T.later }),
      },
      {
        when: 'job conditions change',
        command: cmd.changeJobConditions({ occurredAt: T.later, changes: { hoursPerWeek: 30 }, reason: 'Wants longer hours' }),
        then: {
          type: 'JobConditionsChanged',
          data: { caseId: CASE_ID, occurredAt: T.later, reason: 'Wants longer hours', changes: { hoursPerWeek: { from: 20, to: 30 } } },
        },
      },
      {
        when: 'a placement is recorded',
        command: cmd.recordPlacement({ placementId: 'pl-0120', referralId: null, occurredAt: T.later }),
        then: ev.placementRecorded({ placementId: 'pl-0120', referralId: null, occurredAt: T.later }),
      },
      {
        when: 'a placement is retracted',
        command: cmd.retractPlacement(),
        then: ev.placementRetracted(),
      },
      {
        when: 'a follow-up is recorded',
        command: cmd.recordFollowUp({ followUpId: 'fu-0120', occurredAt: T.later }),
        then: ev.followUpRecorded({ followUpId: 'fu-0120', occurredAt: T.later }),
      },
      {
        when: 'a service record is voided',
        command: cmd.voidServiceRecord(),
        then: ev.recordVoided(),
      },
      {
        when: 'the case is closed',
        command: cmd.closeCase({ reason: 'other', occurredAt: T.later }),
        then: ev.caseClosed({ reason: 'other', occurredAt: T.later }),
      },
    ];

    it.each(stepsAfterClosure)('given a closed case, when $when, then CASE.CLOSED', ({ command }) => {
      givenCase(...closed).when(command).thenThrows('CASE.CLOSED', { kind: 'conflict' });
    });

    it.each(stepsAfterClosure)('given a reopened case, when $when, then it is accepted again', ({ command, then }) => {
      givenCase(...reopened).when(command).then([then]);
    });
  });

  describe('time rules', () => {
    it('given a case opened at 10:00, when a consultation is dated 09:59:59 that day, then TIME.BEFORE_INTAKE', () => {
      givenCase(...opened)
        .when(receivedAt(T.intake, cmd.recordConsultation({ occurredAt: '2013-05-08T09:59:59+09:00' })))
        .thenThrows('TIME.BEFORE_INTAKE', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a case opened at 10:00 Tokyo time, when a consultation is dated 01:00 UTC (the same instant), then it is accepted', () => {
      givenCase(...opened)
        .when(cmd.recordConsultation({ occurredAt: '2013-05-08T01:00:00Z' }))
        .then([ev.consultationHeld({ occurredAt: '2013-05-08T01:00:00Z' })]);
    });

    it('given a case opened at 10:00 Tokyo time, when a consultation is dated 00:59 UTC, then TIME.BEFORE_INTAKE', () => {
      givenCase(...opened)
        .when(receivedAt(T.intake, cmd.recordConsultation({ occurredAt: '2013-05-08T00:59:00Z' })))
        .thenThrows('TIME.BEFORE_INTAKE', { field: 'occurredAt' });
    });

    it('given a closed case, when it is reopened with a date before the intake, then TIME.BEFORE_INTAKE', () => {
      givenCase(...closed)
        .when(receivedAt(T.reopening, cmd.reopenCase({ occurredAt: '2013-04-30T10:00:00+09:00' })))
        .thenThrows('TIME.BEFORE_INTAKE', { field: 'occurredAt' });
    });

    it('given a case, when a consultation is dated 5 minutes and 1 second ahead of the clock, then TIME.IN_FUTURE', () => {
      givenCase(...withNavigator)
        .when(receivedAt('2013-05-08T10:25:00+09:00', cmd.recordConsultation({ occurredAt: '2013-05-08T10:30:01+09:00' })))
        .thenThrows('TIME.IN_FUTURE', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a case, when a consultation is dated 4 minutes ahead of the clock (within the allowed skew), then it is accepted', () => {
      givenCase(...withNavigator)
        .when(receivedAt('2013-05-08T10:26:00+09:00', cmd.recordConsultation()))
        .then([ev.consultationHeld()]);
    });

    it('given a case, when a consultation is entered three weeks late, then it is accepted with its own date', () => {
      givenCase(...withNavigator)
        .when(receivedAt('2013-05-29T18:00:00+09:00', cmd.recordConsultation()))
        .then([ev.consultationHeld()]);
    });

    it('given a case, when a follow-up date is not a date-time, then TIME.INVALID on occurredAt', () => {
      givenCase(...placed)
        .when(receivedAt(T.followUp, cmd.recordFollowUp({ occurredAt: 'early November' })))
        .thenThrows('TIME.INVALID', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a case, when the command arrives with an unreadable clock, then TIME.INVALID on now', () => {
      givenCase(...placed)
        .when(receivedAt('not-a-time', cmd.recordFollowUp()))
        .thenThrows('TIME.INVALID', { field: 'now' });
    });

    it('given no case, when a step is dated in the future, then TIME.IN_FUTURE comes before CASE.NOT_FOUND', () => {
      givenNoCase()
        .when(receivedAt(T.intake, cmd.recordConsultation({ occurredAt: T.relaxation })))
        .thenThrows('TIME.IN_FUTURE', { field: 'occurredAt' });
    });
  });

  describe('one referral, one hire', () => {
    it('given a placement from a referral, when another placement names the same referral, then REFERRAL.ALREADY_PLACED on referralId', () => {
      givenCase(...placed)
        .when(cmd.recordPlacement({ placementId: 'pl-0925', occurredAt: T.later }))
        .thenThrows('REFERRAL.ALREADY_PLACED', { field: 'referralId', kind: 'conflict' });
    });

    it('given that placement retracted, when a placement names the referral again, then PlacementRecorded', () => {
      const again = { placementId: 'pl-0925', occurredAt: T.later } as const;
      givenCase(...placed, ev.placementRetracted({ occurredAt: T.later }))
        .when(cmd.recordPlacement(again))
        .then([ev.placementRecorded(again)]);
    });

    it('given a referral that led to a placement, when it is voided, then REFERRAL.HAS_PLACEMENT on recordId', () => {
      givenCase(...placed)
        .when(cmd.voidServiceRecord({ recordId: 'ref-0911' }))
        .thenThrows('REFERRAL.HAS_PLACEMENT', { field: 'recordId', kind: 'conflict' });
    });

    it('given a rejected referral, when a placement names it, then REFERRAL.NOT_HIRED on referralId', () => {
      givenCase(...rejected)
        .when(cmd.recordPlacement({ referralId: 'ref-0522' }))
        .thenThrows('REFERRAL.NOT_HIRED', { field: 'referralId', kind: 'conflict' });
    });

    it('given a placement from a referral without an outcome, when the referral is given another outcome than hired, then REFERRAL.HAS_PLACEMENT on outcome', () => {
      givenCase(...placed, ev.placementRecorded({ placementId: 'pl-0802', referralId: 'ref-0801', occurredAt: T.placement }))
        .when(cmd.recordReferralOutcome({ referralId: 'ref-0801', outcome: 'declined', occurredAt: T.later }))
        .thenThrows('REFERRAL.HAS_PLACEMENT', { field: 'outcome', kind: 'conflict' });
    });

    it('given a retracted placement, when a follow-up names it, then PLACEMENT.RETRACTED on placementId', () => {
      givenCase(...placed, ev.placementRetracted({ occurredAt: T.followUp }))
        .when(cmd.recordFollowUp())
        .thenThrows('PLACEMENT.RETRACTED', { field: 'placementId', kind: 'conflict' });
    });
  });

  describe('steps dated against what they refer to', () => {
    it.each([
      ['an outcome before its referral', () => cmd.recordReferralOutcome({ referralId: 'ref-0801', outcome: 'rejected', occurredAt: T.relaxation }), 'TIME.BEFORE_REFERRAL'],
      ['a placement before its referral', () => cmd.recordPlacement({ placementId: 'pl-0925', referralId: 'ref-0801', occurredAt: T.relaxation }), 'TIME.BEFORE_REFERRAL'],
      ['a retraction before its placement', () => cmd.retractPlacement({ occurredAt: T.hired }), 'TIME.BEFORE_PLACEMENT'],
      ['a follow-up before its placement', () => cmd.recordFollowUp({ occurredAt: T.hired }), 'TIME.BEFORE_PLACEMENT'],
      ['a void before its record', () => cmd.voidServiceRecord({ recordId: 'cons-0710', occurredAt: T.rejected }), 'TIME.BEFORE_RECORD'],
    ])('given a placed case, when %s, then %s on occurredAt', (_, command, code) => {
      givenCase(...placed).when(command()).thenThrows(code, { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a reopened case, when a step is dated while it was closed, then TIME.WHILE_CLOSED; one dated before the closure is a late entry and counts', () => {
      givenCase(...reopened)
        .when(cmd.recordConsultation({ consultationId: 'cons-1201', occurredAt: '2013-12-01T10:00:00+09:00' }))
        .thenThrows('TIME.WHILE_CLOSED', { field: 'occurredAt', kind: 'invalid' });
      const late = { consultationId: 'cons-1025', occurredAt: '2013-10-25T10:00:00+09:00' } as const;
      givenCase(...reopened).when(cmd.recordConsultation(late)).then([ev.consultationHeld(late)]);
    });

    it('given a reopened case, when it is closed again dated before the reopening, then TIME.BEFORE_REOPENING', () => {
      givenCase(...reopened)
        .when(cmd.closeCase({ occurredAt: '2014-01-10T10:00:00+09:00' }))
        .thenThrows('TIME.BEFORE_REOPENING', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a placement, when the case is closed dated before it, then TIME.BEFORE_LAST_STEP; a step entered late does not move the bar', () => {
      givenCase(...placed)
        .when(cmd.closeCase({ occurredAt: '2013-09-20T12:00:00+09:00' }))
        .thenThrows('TIME.BEFORE_LAST_STEP', { field: 'occurredAt', kind: 'invalid' });
      const late = ev.consultationHeld({ consultationId: 'cons-0601', occurredAt: '2013-06-01T10:00:00+09:00' });
      const closure = { occurredAt: '2013-09-25T10:00:00+09:00' } as const;
      givenCase(...placed, late).when(cmd.closeCase(closure)).then([ev.caseClosed(closure)]);
    });

    it('given a referral with an outcome after the closure date, then TIME.BEFORE_LAST_STEP; once the referral is voided, its outcome no longer counts', () => {
      const referred = [ev.caseOpened(), ev.referralIssued(), ev.outcomeRecorded()];
      const closure = { occurredAt: '2013-05-30T10:00:00+09:00' } as const;
      givenCase(...referred).when(cmd.closeCase(closure)).thenThrows('TIME.BEFORE_LAST_STEP', { field: 'occurredAt' });
      const voided = ev.recordVoided({ recordId: 'ref-0522', recordType: 'JobReferralIssued', occurredAt: '2013-06-10T10:00:00+09:00' });
      givenCase(...referred, voided).when(cmd.closeCase(closure)).then([ev.caseClosed(closure)]);
    });

    it('given a later consultation voided and a navigator assigned later, then neither bars a closure dated before them', () => {
      const wrongCase = { consultationId: 'cons-1001', occurredAt: '2013-10-01T10:00:00+09:00' } as const;
      const history = [
        ...placed,
        ev.consultationHeld(wrongCase),
        ev.recordVoided({ recordId: wrongCase.consultationId, occurredAt: '2013-10-02T10:00:00+09:00' }),
        ev.navigatorAssigned({ navigatorId: 'nav-12', previousNavigatorId: NAVIGATOR, occurredAt: '2013-10-03T10:00:00+09:00' }),
      ];
      const closure = { occurredAt: '2013-09-25T10:00:00+09:00' } as const;
      givenCase(...history).when(cmd.closeCase(closure)).then([ev.caseClosed(closure)]);
    });
  });

  describe('an event of a type this version does not know (written by a newer one)', () => {
    it('given it in the history, then the state is as without it and the next step is decided as usual', () => {
      const foreign = { type: 'CaseTransferredToAnotherWard', data: { caseId: CASE_ID, occurredAt: T.later } } as unknown as CaseEvent;
      const history = [ev.caseOpened(), ev.navigatorAssigned()];
      expect(givenCase(...history, foreign).state).toStrictEqual(givenCase(...history).state);
      givenCase(...history, foreign).when(cmd.recordConsultation()).then([ev.consultationHeld()]);
    });
  });

  describe('the whole journey', () => {
    it('given each step of the seed story in turn, when the next step is recorded, then it is accepted with exactly its event', () => {
      const steps: ReadonlyArray<[CaseCommand, CaseEvent]> = [
        [cmd.openCase(), ev.caseOpened()],
        [cmd.assignNavigator(), ev.navigatorAssigned()],
        [cmd.recordConsultation(), ev.consultationHeld()],
        [cmd.issueReferral(), ev.referralIssued()],
        [cmd.recordReferralOutcome(), ev.outcomeRecorded()],
        [cmd.changeJobConditions(), ev.conditionsRelaxed()],
        [cmd.issueReferral(cleaningReferral()), ev.referralIssued(cleaningReferral())],
        [cmd.recordReferralOutcome({ referralId: 'ref-0911', outcome: 'hired', occurredAt: T.hired }),
          ev.outcomeRecorded({ referralId: 'ref-0911', outcome: 'hired', occurredAt: T.hired })],
        [cmd.recordPlacement(), ev.placementRecorded()],
        [cmd.recordFollowUp(), ev.followUpRecorded()],
        [cmd.closeCase(), ev.caseClosed()],
      ];
      const history: CaseEvent[] = [];
      for (const [command, event] of steps) {
        givenCase(...history).when(command).then([event]);
        history.push(event);
      }
      expect(givenCase(...history).state).toMatchObject({
        status: 'closed', closureReason: 'placed', conditions: PART_TIME_RESTAURANT_OR_CLEANING,
        referrals: { 'ref-0522': { outcome: 'rejected' }, 'ref-0911': { outcome: 'hired' } },
        placements: { 'pl-0924': { retracted: false } },
      });
    });
  });
});
