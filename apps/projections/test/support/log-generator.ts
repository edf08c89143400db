import { randomUUID } from 'node:crypto';
import { METRIC_CATALOG } from '@ayumi/domain';
import type { EventStore } from '@ayumi/event-store';
import { deterministicEventId } from '@ayumi/event-store';

/**
 * A realistic log for projection tests: cases with ~20 events each, employers, business plans
 * (FY2012–FY2014, every time written with +09:00), generated from a seed.
 */

export const FISCAL_YEARS = [2012, 2013, 2014] as const;

type Draft = Readonly<{ type: string; schemaVersion: number; data: Readonly<Record<string, unknown>> }>;
type Append = Readonly<{ streamId: string; expectedRevision: number; events: readonly Draft[] }>;
type TargetKey = `${string}/${string}`;

export type GeneratedLog = Readonly<{
  /** Appended phase after phase; the appends of one phase go to distinct streams, concurrently. */
  phases: readonly (readonly Append[])[];
  eventCount: number;
  cases: number;
  closedCases: number;
  /** The targets each plan ends with (null: withdrawn). */
  targets: Readonly<Record<number, Readonly<Record<TargetKey, number | null>>>>;
}>;

/** A small seeded generator, so every run writes the same shapes and proportions. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Wall-clock times in Japan are kept as UTC fields and printed with +09:00. */
const jst = (wall: number) => `${new Date(wall).toISOString().slice(0, 19)}+09:00`;
const FIRST_DAY = Date.UTC(2012, 3, 1);
const LAST_OPENING = Date.UTC(2015, 0, 5);

const PROGRAM_SETS = [
  ['employment-support'], ['employment-support'], ['welfare-to-work'], ['welfare-to-work'], ['piecework'],
  ['employment-support', 'piecework'], ['welfare-to-work', 'piecework'], ['employment-support', 'welfare-to-work'],
] as const;
const AGE_BANDS = ['under-20', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-and-over'];
const JOB_TITLES = ['kitchen staff', 'cleaner', 'warehouse picker', 'care assistant', 'office clerk', 'assembly (piecework)', 'envelope stuffing'];
const JOB_CATEGORIES = ['restaurant', 'cleaning', 'logistics', 'care', 'office', 'manufacturing'];

export function generateLog(caseCount: number, employerCount: number, seed: number): GeneratedLog {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => rand() < p;

  const phases: Append[][] = [[], [], []];
  let eventCount = 0;
  const push = (phase: number, streamId: string, expectedRevision: number, events: Draft[]) => {
    phases[phase]!.push({ streamId, expectedRevision, events });
    eventCount += events.length;
    return expectedRevision + events.length;
  };

  // Business plans: adopted at the start of each year, one target raised and one withdrawn later.
  const targets: Record<number, Record<TargetKey, number | null>> = {};
  for (const fiscalYear of FISCAL_YEARS) {
    const planTargets = METRIC_CATALOG.map((d) => ({
      program: d.program, metric: d.metric, period: d.period,
      target: d.period === 'month' ? 200 + 20 * (fiscalYear - 2012) : 800 + 100 * (fiscalYear - 2012),
    }));
    targets[fiscalYear] = Object.fromEntries(planTargets.map((t) => [`${t.program}/${t.metric}`, t.target]));
    const revision = push(0, `plan-${fiscalYear}`, 0, [{
      type: 'BusinessPlanAdopted', schemaVersion: 1,
      data: { fiscalYear, occurredAt: `${fiscalYear}-04-01T09:30:00+09:00`, targets: planTargets },
    }]);
    if (fiscalYear === 2013) {
      push(2, 'plan-2013', revision, [{
        type: 'TargetRevised', schemaVersion: 1,
        data: { fiscalYear, occurredAt: '2013-10-01T10:00:00+09:00', program: 'employment-support', metric: 'placements', period: 'fiscal-year', from: 900, to: 1000 },
      }]);
      targets[2013]!['employment-support/placements'] = 1000;
    }
    if (fiscalYear === 2014) {
      push(2, 'plan-2014', revision, [{
        type: 'TargetRevised', schemaVersion: 1,
        data: { fiscalYear, occurredAt: '2014-07-01T10:00:00+09:00', program: 'employer-support', metric: 'companies', period: 'fiscal-year', from: 1000, to: null },
      }]);
      targets[2014]!['employer-support/companies'] = null;
    }
  }

  // Employers: registered with job orders first, hiring-outlook surveys later.
  const employers: { employerId: string; jobOrderIds: string[] }[] = [];
  for (let e = 0; e < employerCount; e += 1) {
    const employerId = randomUUID();
    let wall = FIRST_DAY + int(30) * DAY + 9 * 60 * MINUTE + int(8 * 60) * MINUTE;
    const at = () => {
      const iso = jst(wall);
      wall += (1 + int(80)) * DAY + int(600) * MINUTE;
      return iso;
    };
    const jobOrderIds = [randomUUID(), randomUUID()];
    const revision = push(0, `employer-${employerId}`, 0, [
      { type: 'EmployerRegistered', schemaVersion: 1, data: { employerId, occurredAt: at(), name: `Employer ${e + 1} K.K.`, industry: pick(JOB_CATEGORIES) } },
      ...jobOrderIds.map((jobOrderId) => ({
        type: 'JobOrderReceived', schemaVersion: 1,
        data: { employerId, occurredAt: at(), jobOrderId, jobTitle: pick(JOB_TITLES), employmentType: pick(['full-time', 'part-time']), openings: 1 + int(4) },
      })),
    ]);
    push(2, `employer-${employerId}`, revision, Array.from({ length: 10 }, () => ({
      type: 'HiringOutlookCollected', schemaVersion: 1,
      data: { employerId, occurredAt: at(), outlookId: randomUUID(), program: 'employer-support', expectedHires: int(6) },
    })));
    employers.push({ employerId, jobOrderIds });
  }

  // Cases: 10 events in a first append, 10 in a second one much later in the log.
  let closedCases = 0;
  for (let c = 0; c < caseCount; c += 1) {
    const caseId = randomUUID();
    const programs = pick(PROGRAM_SETS);
    const navigatorId = `nav-${String(1 + int(40)).padStart(2, '0')}`;
    // Any minute of the day, so some events fall on the 1st before 09:00 (still the previous month in UTC).
    let wall = FIRST_DAY + int((LAST_OPENING - FIRST_DAY) / MINUTE) * MINUTE;
    const at = () => {
      const iso = jst(wall);
      wall += (60 + int(4 * 24 * 60 - 60)) * MINUTE;
      return iso;
    };
    const event = (type: string, data: Record<string, unknown>, schemaVersion = 1): Draft => ({ type, schemaVersion, data: { caseId, occurredAt: at(), ...data } });
    const serviceRecords: { recordId: string; recordType: 'ConsultationHeld' | 'JobReferralIssued'; program: string }[] = [];
    const referralIds: string[] = [];

    const consultation = (): Draft => {
      const program = pick(programs);
      const consultationId = randomUUID();
      serviceRecords.push({ recordId: consultationId, recordType: 'ConsultationHeld', program });
      const occurredAt = jst(wall);
      // Before the joint centre opened (autumn 2012) consultations were written in schema version 1.
      if (occurredAt < '2012-10-01') {
        return event('ConsultationHeld', { consultationId, program, channel: pick(['face-to-face', 'telephone']), navigatorId }, 1);
      }
      const kind = program === 'piecework' ? 'piecework' : program === 'welfare-to-work' ? 'welfare-support' : 'job-consultation';
      return event('ConsultationHeld', {
        consultationId, program, channel: pick(['in-person', 'phone', 'online']), kind, navigatorId, ...(chance(0.3) ? { note: 'Talked about CV and interview practice' } : {}),
      }, 2);
    };
    const referral = (): Draft => {
      const program = pick(programs);
      const referralId = randomUUID();
      const employer = pick(employers);
      serviceRecords.push({ recordId: referralId, recordType: 'JobReferralIssued', program });
      referralIds.push(referralId);
      return event('JobReferralIssued', {
        referralId, program, employerId: employer.employerId, jobOrderId: pick(employer.jobOrderIds), jobTitle: pick(JOB_TITLES), employmentType: pick(['full-time', 'part-time']),
      });
    };

    const closedEarly = chance(0.05);
    const first: Draft[] = [
      event('CaseOpened', {
        clientRef: `C-${String(c + 1).padStart(5, '0')}`, ageBand: pick(AGE_BANDS), agency: pick(['ward', 'hello-work']), programs,
        desiredConditions: { employmentType: 'full-time', jobCategories: [pick(JOB_CATEGORIES)], hoursPerWeek: 40, minimumHourlyWage: 900 + 10 * int(30) },
      }),
      event('NavigatorAssigned', { navigatorId, previousNavigatorId: null }),
      consultation(), consultation(), referral(), consultation(),
      event('ReferralOutcomeRecorded', { referralId: referralIds[0], outcome: pick(['rejected', 'declined', 'withdrawn']) }),
      consultation(), referral(),
      closedEarly ? event('CaseClosed', { reason: 'moved' }) : consultation(),
    ];

    // Built in order: each event takes the next time of the case as it is made.
    const second: Draft[] = [
      closedEarly
        ? event('CaseReopened', { reason: 'Moved back into the ward' })
        : event('JobConditionsChanged', {
          changes: { employmentType: { from: 'full-time', to: 'part-time' }, hoursPerWeek: { from: 40, to: 20 } }, reason: 'Childcare in the afternoons',
        }),
      consultation(),
    ];
    const placementReferral = referral();
    second.push(placementReferral, consultation());
    const placementProgram = pick(programs);
    const placementId = randomUUID();
    const startDate = jst(wall + 7 * DAY).slice(0, 10);
    second.push(
      event('PlacementRecorded', {
        placementId, program: placementProgram, employerId: pick(employers).employerId, jobTitle: pick(JOB_TITLES), employmentType: 'part-time',
        startDate, referralId: chance(0.7) ? (placementReferral.data['referralId'] as string) : null,
        confirmedBy: pick(['employer-report', 'client-report', 'navigator-visit']),
      }),
      event('FollowUpRecorded', { followUpId: randomUUID(), placementId, status: pick(['still-employed', 'left', 'unreachable']) }),
      consultation(),
    );
    const voided = chance(0.25) ? serviceRecords[int(serviceRecords.length)]! : null;
    second.push(voided
      ? event('ServiceRecordVoided', { recordId: voided.recordId, recordType: voided.recordType, program: voided.program, reason: 'Entered twice' })
      : consultation());
    second.push(chance(0.12) ? event('PlacementRetracted', { placementId, program: placementProgram, reason: 'The employer withdrew the offer' }) : referral());
    const closed = chance(0.55);
    if (closed) closedCases += 1;
    second.push(closed ? event('CaseClosed', { reason: pick(['placed', 'moved', 'withdrew', 'other']) }) : consultation());
    const streamId = `case-${caseId}`;
    push(2, streamId, push(1, streamId, 0, first), second);
  }
  return { phases, eventCount, cases: caseCount, closedCases, targets };
}

/** Writes the log through the event store, many streams at once; returns the seconds it took. */
export async function appendLog(store: EventStore, log: GeneratedLog, concurrency = 16): Promise<number> {
  const started = performance.now();
  for (const phase of log.phases) {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < phase.length; i = next++) {
        const { streamId, expectedRevision, events } = phase[i]!;
        const commandId = randomUUID();
        await store.append(streamId, expectedRevision, events.map((e, index) => {
          const eventId = deterministicEventId(commandId, index);
          return { ...e, eventId, metadata: { eventId, commandId, correlationId: commandId, causationId: commandId, userId: 'import-fy2012-2014' } };
        }));
      }
    }));
  }
  return (performance.now() - started) / 1000;
}

