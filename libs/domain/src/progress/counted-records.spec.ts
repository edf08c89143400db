import type {
  AyumiEvent, CaseOpened, ConsultationHeld, HiringOutlookCollected, JobOrderReceived, JobReferralIssued,
  NavigatorAssigned, PlacementRecorded, PlacementRetracted, ProgramId, ServiceRecordVoided,
} from '@ayumi/events';
import type { CountedRecord, CountingEffect } from './counted-records';
import { countingEffectOf } from './counted-records';

const tokyo = 'Asia/Tokyo';
const caseId = 'case-c0042';
const employerId = 'emp-0311';

/** Builders for one event of each type, from the seed's story; `occurredAt` and program may vary. */
const consultationHeld = (program: ProgramId, occurredAt = '2013-05-08T10:30:00+09:00'): ConsultationHeld => ({
  type: 'ConsultationHeld',
  data: { caseId, occurredAt, consultationId: 'cons-0508', program, channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-07' },
});

const jobReferralIssued = (program: ProgramId): JobReferralIssued => ({
  type: 'JobReferralIssued',
  data: {
    caseId, occurredAt: '2013-09-11T15:00:00+09:00', referralId: 'ref-0911', program, employerId,
    jobOrderId: 'jo-0311-0902', jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time',
  },
});

const placementRecorded = (program: ProgramId): PlacementRecorded => ({
  type: 'PlacementRecorded',
  data: {
    caseId, occurredAt: '2013-09-24T16:00:00+09:00', placementId: 'pl-0924', program, employerId,
    jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time', startDate: '2013-10-01',
    referralId: 'ref-0911', confirmedBy: 'employer-report',
  },
});

const placementRetracted = (program: ProgramId): PlacementRetracted => ({
  type: 'PlacementRetracted',
  data: { caseId, occurredAt: '2013-09-30T10:00:00+09:00', placementId: 'pl-0924', program, reason: 'Offer withdrawn' },
});

const serviceRecordVoided = (program: ProgramId): ServiceRecordVoided => ({
  type: 'ServiceRecordVoided',
  data: { caseId, occurredAt: '2013-05-09T10:00:00+09:00', recordId: 'cons-0508', recordType: 'ConsultationHeld', program, reason: 'Entered twice' },
});

const hiringOutlookCollected = (program: ProgramId): HiringOutlookCollected => ({
  type: 'HiringOutlookCollected',
  data: { employerId, occurredAt: '2013-04-15T14:30:00+09:00', outlookId: 'out-0415', program, expectedHires: 3 },
});

const caseOpened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId, occurredAt: '2013-05-08T10:00:00+09:00', clientRef: 'C-0042', ageBand: '55-59', agency: 'hello-work',
    programs: ['welfare-to-work'], desiredConditions: { employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 40 },
  },
};

const navigatorAssigned: NavigatorAssigned = {
  type: 'NavigatorAssigned',
  data: { caseId, occurredAt: '2013-05-08T10:05:00+09:00', navigatorId: 'nav-07', previousNavigatorId: null },
};

const jobOrderReceived: JobOrderReceived = {
  type: 'JobOrderReceived',
  data: { employerId, occurredAt: '2013-09-02T09:00:00+09:00', jobOrderId: 'jo-0311-0902', jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time', openings: 2 },
};

const countsOnly = (...counts: CountedRecord[]): CountingEffect => ({ counts, uncounts: [] });
const noEffect: CountingEffect = { counts: [], uncounts: [] };

describe('countingEffectOf', () => {
  describe('visits (consultations and referrals)', () => {
    it.each<ProgramId>(['employment-support', 'welfare-to-work'])(
      'given a consultation under %s, when counted, then it is one visit of that program in the month it was held',
      (program) => {
        expect(countingEffectOf(consultationHeld(program), tokyo)).toStrictEqual(countsOnly({
          recordId: 'cons-0508', program, metric: 'visits', breakdown: null, date: '2013-05-08', month: '2013-05', caseOrEmployerId: caseId,
        }));
      },
    );

    it.each<ProgramId>(['employment-support', 'welfare-to-work'])(
      'given a job referral under %s, when counted, then it is one visit of that program keyed by the referral id',
      (program) => {
        expect(countingEffectOf(jobReferralIssued(program), tokyo)).toStrictEqual(countsOnly({
          recordId: 'ref-0911', program, metric: 'visits', breakdown: null, date: '2013-09-11', month: '2013-09', caseOrEmployerId: caseId,
        }));
      },
    );
  });

  describe('placements', () => {
    it('given an employment-support placement, when counted, then it is one employment-support placement', () => {
      expect(countingEffectOf(placementRecorded('employment-support'), tokyo)).toStrictEqual(countsOnly({
        recordId: 'pl-0924', program: 'employment-support', metric: 'placements', breakdown: null, date: '2013-09-24', month: '2013-09', caseOrEmployerId: caseId,
      }));
    });

    it('given a welfare-to-work placement, when counted, then it counts nothing (welfare-to-work has no placement goal)', () => {
      expect(countingEffectOf(placementRecorded('welfare-to-work'), tokyo)).toStrictEqual(noEffect);
    });
  });

  describe('piecework services', () => {
    it('given a piecework consultation, when counted, then it is one piecework service with no breakdown', () => {
      expect(countingEffectOf(consultationHeld('piecework'), tokyo)).toStrictEqual(countsOnly({
        recordId: 'cons-0508', program: 'piecework', metric: 'services', breakdown: null, date: '2013-05-08', month: '2013-05', caseOrEmployerId: caseId,
      }));
    });

    it('given a piecework placement, when counted, then it is one piecework service in the placements breakdown', () => {
      expect(countingEffectOf(placementRecorded('piecework'), tokyo)).toStrictEqual(countsOnly({
        recordId: 'pl-0924', program: 'piecework', metric: 'services', breakdown: 'placements', date: '2013-09-24', month: '2013-09', caseOrEmployerId: caseId,
      }));
    });

    it('given a piecework job referral, when counted, then it counts nothing (piecework counts consultations and placements only)', () => {
      expect(countingEffectOf(jobReferralIssued('piecework'), tokyo)).toStrictEqual(noEffect);
    });
  });

  describe('employer-support companies', () => {
    it('given a hiring outlook collected under employer-support, when counted, then it is one company keyed by the outlook id and owned by the employer', () => {
      expect(countingEffectOf(hiringOutlookCollected('employer-support'), tokyo)).toStrictEqual(countsOnly({
        recordId: 'out-0415', program: 'employer-support', metric: 'companies', breakdown: null, date: '2013-04-15', month: '2013-04', caseOrEmployerId: employerId,
      }));
    });

    it('given two surveys of the same employer, when counted, then each counts as its own company (延べ社)', () => {
      const second: HiringOutlookCollected = { type: 'HiringOutlookCollected', data: { ...hiringOutlookCollected('employer-support').data, outlookId: 'out-1015' } };
      const ids = [hiringOutlookCollected('employer-support'), second].flatMap((event) => countingEffectOf(event, tokyo).counts.map((c) => c.recordId));
      expect(ids).toStrictEqual(['out-0415', 'out-1015']);
    });
  });

  describe('un-counting', () => {
    it.each<ProgramId>(['employment-support', 'welfare-to-work', 'piecework'])(
      'given a voided consultation under %s, when counted, then it un-counts the voided record id and counts nothing',
      (program) => {
        expect(countingEffectOf(serviceRecordVoided(program), tokyo)).toStrictEqual({ counts: [], uncounts: [{ recordId: 'cons-0508', caseOrEmployerId: caseId }] });
      },
    );

    it.each<ProgramId>(['employment-support', 'piecework'])(
      'given a retracted placement under %s, when counted, then it un-counts the placement id and counts nothing',
      (program) => {
        expect(countingEffectOf(placementRetracted(program), tokyo)).toStrictEqual({ counts: [], uncounts: [{ recordId: 'pl-0924', caseOrEmployerId: caseId }] });
      },
    );
  });

  describe('events that count nothing', () => {
    it.each<[string, AyumiEvent]>([
      ['a case opened', caseOpened],
      ['a navigator assigned', navigatorAssigned],
      ['a consultation under employer-support', consultationHeld('employer-support')],
      ['a job order received', jobOrderReceived],
    ])('given %s, when counted, then it has no effect', (_name, event) => {
      expect(countingEffectOf(event, tokyo)).toStrictEqual(noEffect);
    });
  });

  describe('month attribution', () => {
    it.each([
      ['2013-04-30T23:30+09:00', '2013-04', '2013-04-30', 'late on the last day of April, Tokyo time'],
      ['2013-03-31T15:30Z', '2013-04', '2013-04-01', 'still March in UTC but already April 1st in Tokyo'],
      ['2014-03-31T23:59+09:00', '2014-03', '2014-03-31', 'the last minute of the fiscal year, Tokyo time'],
    ])('given a consultation at %s, when counted in Asia/Tokyo, then it belongs to %s (on %s: %s)', (occurredAt, month, date) => {
      const [record] = countingEffectOf(consultationHeld('employment-support', occurredAt), tokyo).counts;
      expect(record?.month).toBe(month);
      expect(record?.date).toBe(date);
    });

    it('given a consultation at 2013-03-31T15:30Z, when counted in UTC, then it belongs to 2013-03 (on 2013-03-31)', () => {
      const [record] = countingEffectOf(consultationHeld('employment-support', '2013-03-31T15:30Z'), 'UTC').counts;
      expect(record?.month).toBe('2013-03');
      expect(record?.date).toBe('2013-03-31');
    });
  });
});
