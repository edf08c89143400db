import type { EmployerEvent, EmployerRegistered, HiringOutlookCollected, JobOrderReceived, ProgramId } from '@ayumi/events';
import { given } from '../testing/given-when-then';
import type { CollectHiringOutlook, EmployerCommand, ReceiveJobOrder, RegisterEmployer } from './employer.decider';
import { employerDecider } from './employer.decider';

/*
 * The building-services company that hires the seed's job seeker part-time for the daily cleaning of
 * apartment buildings: registered in spring 2013, surveyed for its hiring outlook (延べ社: every survey
 * counts), and its job order accepted (求人受理) in September.
 */

const EMPLOYER_ID = 'emp-0311';

const T = {
  registered: '2013-04-15T14:00:00+09:00',
  firstSurvey: '2013-04-15T14:30:00+09:00',
  secondSurvey: '2013-10-07T11:00:00+09:00',
  jobOrder: '2013-09-02T09:30:00+09:00',
} as const;

const registration = (o: Partial<RegisterEmployer['data']> = {}): RegisterEmployer['data'] => ({
  employerId: EMPLOYER_ID, occurredAt: T.registered, name: 'Shinagawa Building Services Co.', industry: 'building maintenance', ...o,
});
const survey = (o: Partial<CollectHiringOutlook['data']> = {}): CollectHiringOutlook['data'] => ({
  employerId: EMPLOYER_ID, occurredAt: T.firstSurvey, outlookId: 'out-0415', program: 'employer-support', expectedHires: 3, ...o,
});
const jobOrder = (o: Partial<ReceiveJobOrder['data']> = {}): ReceiveJobOrder['data'] => ({
  employerId: EMPLOYER_ID, occurredAt: T.jobOrder, jobOrderId: 'jo-0311-0902', jobTitle: 'Daily cleaning of apartment buildings',
  employmentType: 'part-time', openings: 2, ...o,
});

const cmd = {
  registerEmployer: (o?: Partial<RegisterEmployer['data']>): RegisterEmployer =>
    ({ type: 'RegisterEmployer', data: registration(o), now: registration(o).occurredAt }),
  collectHiringOutlook: (o?: Partial<CollectHiringOutlook['data']>): CollectHiringOutlook =>
    ({ type: 'CollectHiringOutlook', data: survey(o), now: survey(o).occurredAt }),
  receiveJobOrder: (o?: Partial<ReceiveJobOrder['data']>): ReceiveJobOrder =>
    ({ type: 'ReceiveJobOrder', data: jobOrder(o), now: jobOrder(o).occurredAt }),
};
const receivedAt = <C extends EmployerCommand>(now: string, command: C): C => ({ ...command, now });

const ev = {
  registered: (o?: Partial<EmployerRegistered['data']>): EmployerRegistered => ({ type: 'EmployerRegistered', data: registration(o) }),
  outlookCollected: (o?: Partial<HiringOutlookCollected['data']>): HiringOutlookCollected =>
    ({ type: 'HiringOutlookCollected', data: survey(o) }),
  jobOrderReceived: (o?: Partial<JobOrderReceived['data']>): JobOrderReceived => ({ type: 'JobOrderReceived', data: jobOrder(o) }),
};

const givenNoEmployer = () => given(employerDecider);
const givenRegistered = (...more: readonly EmployerEvent[]) => given(employerDecider, ev.registered(), ...more);

describe('employer decider', () => {
  describe('registering an employer', () => {
    it('given no employer, when the company is registered, then EmployerRegistered', () => {
      givenNoEmployer().when(cmd.registerEmployer()).then([ev.registered()]);
    });

    it('given no employer, when a company is registered without an industry, then EmployerRegistered without one', () => {
      const { industry: _industry, ...withoutIndustry } = registration();
      givenNoEmployer()
        .when({ type: 'RegisterEmployer', data: withoutIndustry, now: T.registered })
        .then([{ type: 'EmployerRegistered', data: withoutIndustry }]);
    });

    it('given a registered employer, when it is registered again, then EMPLOYER.ALREADY_REGISTERED', () => {
      givenRegistered().when(cmd.registerEmployer({ occurredAt: T.jobOrder })).thenThrows('EMPLOYER.ALREADY_REGISTERED', { kind: 'conflict' });
    });

    it('given no employer, when it is registered, then it is registered with no surveys and no job orders', () => {
      givenNoEmployer().when(cmd.registerEmployer()).thenState((state) => {
        expect(state).toStrictEqual({ status: 'registered', employerId: EMPLOYER_ID, name: 'Shinagawa Building Services Co.', hiringOutlooks: 0, jobOrders: 0 });
      });
    });
  });

  describe('collecting a hiring outlook', () => {
    it('given a registered employer, when its hiring outlook is collected, then HiringOutlookCollected', () => {
      givenRegistered().when(cmd.collectHiringOutlook()).then([ev.outlookCollected()]);
    });

    it('given an employer surveyed in April, when it is surveyed again in October, then it counts again (延べ社)', () => {
      const october = { outlookId: 'out-1007', occurredAt: T.secondSurvey, expectedHires: 1 } as const;
      givenRegistered(ev.outlookCollected())
        .when(cmd.collectHiringOutlook(october))
        .then([ev.outlookCollected(october)]);
    });

    it('given an employer surveyed once, when it is surveyed again, then the employer has two hiring outlooks', () => {
      givenRegistered(ev.outlookCollected())
        .when(cmd.collectHiringOutlook({ outlookId: 'out-1007', occurredAt: T.secondSurvey }))
        .thenState((state) => expect(state).toMatchObject({ hiringOutlooks: 2, jobOrders: 0 }));
    });

    it('given a registered employer, when the survey names an unknown program, then CATALOG.UNKNOWN_PROGRAM on program', () => {
      givenRegistered()
        .when(cmd.collectHiringOutlook({ program: 'job-fair' as ProgramId }))
        .thenThrows('CATALOG.UNKNOWN_PROGRAM', { field: 'program', kind: 'invalid' });
    });

    it('given a registered employer, when the survey names a program whose goals do not count surveys, then CATALOG.NOT_COUNTED on program', () => {
      givenRegistered()
        .when(cmd.collectHiringOutlook({ program: 'employment-support' }))
        .thenThrows('CATALOG.NOT_COUNTED', { field: 'program', kind: 'invalid' });
    });
  });

  describe('receiving a job order', () => {
    it('given a registered employer, when its job order is received, then JobOrderReceived', () => {
      givenRegistered(ev.outlookCollected()).when(cmd.receiveJobOrder()).then([ev.jobOrderReceived()]);
    });

    it('given a registered employer, when a job order is received, then the employer has one job order', () => {
      givenRegistered().when(cmd.receiveJobOrder()).thenState((state) => expect(state).toMatchObject({ hiringOutlooks: 0, jobOrders: 1 }));
    });
  });

  describe('an employer that is not registered', () => {
    it.each<[string, EmployerCommand]>([
      ['its hiring outlook is collected', cmd.collectHiringOutlook()],
      ['its job order is received', cmd.receiveJobOrder()],
    ])('given no employer, when %s, then EMPLOYER.NOT_FOUND', (_when, command) => {
      givenNoEmployer().when(command).thenThrows('EMPLOYER.NOT_FOUND', { kind: 'not-found' });
    });
  });

  describe('time rules', () => {
    it.each<[string, EmployerCommand]>([
      ['the company is registered', cmd.registerEmployer()],
      ['its hiring outlook is collected', cmd.collectHiringOutlook()],
      ['its job order is received', cmd.receiveJobOrder()],
    ])('given an employer, when %s with a date more than 5 minutes ahead of the clock, then TIME.IN_FUTURE', (_when, command) => {
      const history: EmployerEvent[] = command.type === 'RegisterEmployer' ? [] : [ev.registered()];
      given(employerDecider, ...history)
        .when(receivedAt('2013-04-15T09:00:00+09:00', command))
        .thenThrows('TIME.IN_FUTURE', { field: 'occurredAt', kind: 'invalid' });
    });

    it('given a registered employer, when a job order is dated 3 minutes ahead of the clock (within the skew), then it is accepted', () => {
      givenRegistered().when(receivedAt('2013-09-02T09:27:00+09:00', cmd.receiveJobOrder())).then([ev.jobOrderReceived()]);
    });

    it('given a registered employer, when a survey is entered a month late, then it is accepted with its own date', () => {
      givenRegistered().when(receivedAt('2013-05-15T17:00:00+09:00', cmd.collectHiringOutlook())).then([ev.outlookCollected()]);
    });

    it('given a registered employer, when a survey date is not a date-time, then TIME.INVALID on occurredAt', () => {
      givenRegistered()
        .when(receivedAt(T.firstSurvey, cmd.collectHiringOutlook({ occurredAt: '2013/04/15 午後' })))
        .thenThrows('TIME.INVALID', { field: 'occurredAt', kind: 'invalid' });
    });
  });
});
