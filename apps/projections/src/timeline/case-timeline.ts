import type { CaseState } from '@ayumi/domain';
import { caseDecider, describeJobConditionsDiff, isRelaxation } from '@ayumi/domain';
import type { CaseEvent } from '@ayumi/events';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TimelineEvent = CaseEvent & Readonly<{ revision: number; recordedAt: string }>;
type PlacementEvent = Extract<TimelineEvent, { type: 'PlacementRecorded' }>;

export type TimelineEntry = Readonly<{
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  daysSinceIntake: number;
  summary: string;
  /** Readable from → to lines of a condition change. */
  changes?: readonly string[];
  relaxation?: boolean;
  /** The step's note in the personal-data vault, resolved (or dropped) before the timeline is served. */
  noteRef?: string;
  stateAfter: Readonly<{
    status: string;
    navigatorId: string | null;
    conditions: unknown;
    referrals: unknown;
    placements: unknown;
  }>;
}>;

export type CaseTimeline = Readonly<{
  caseId: string;
  knownAt: string | null;
  intakeAt: string;
  ageBand: string;
  programs: readonly string[];
  /** The pseudonymous client reference: shown only to callers allowed to read personal data. */
  clientRef: string;
  /** The intake's personal details in the personal-data vault, resolved (or dropped) before the timeline is served. */
  personalDataRef?: string;
  /** From intake to the first unretracted placement, or to the last step when there is none yet. */
  supportPeriod: Readonly<{ from: string; to: string; days: number; months: number; endedBy: 'placement' | 'ongoing' | 'closure' }>;
  referralOutcomes: readonly { referralId: string; jobTitle: string; outcome: string | null; voided: boolean }[];
  entries: readonly TimelineEntry[];
}>;

const days = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** Months as people count a support period (the seed's 5カ月 for 8 May → 1 October): days / average month. */
const months = (from: string, to: string) => Math.round(days(from, to) / 30.4375);

function summary(event: CaseEvent): string {
  switch (event.type) {
    case 'CaseOpened': {
      const c = event.data.desiredConditions;
      return `Intake (${event.data.agency}, ${event.data.programs.join(', ')}): wants ${c.employmentType} ${c.jobCategories.join('/')}`;
    }
    case 'NavigatorAssigned': return `Navigator ${event.data.navigatorId} assigned`;
    case 'ConsultationHeld': return `Consultation (${event.data.kind}, ${event.data.channel}) under ${event.data.program}`;
    case 'JobReferralIssued': return `Referred to "${event.data.jobTitle}" (${event.data.employmentType}) at ${event.data.employerId}`;
    case 'ReferralOutcomeRecorded': return `Referral outcome: ${event.data.outcome}`;
    case 'JobConditionsChanged': return `Job conditions changed: ${event.data.reason}`;
    case 'PlacementRecorded': return `Placed as "${event.data.jobTitle}" (${event.data.employmentType}) from ${event.data.startDate}`;
    case 'PlacementRetracted': return `Placement retracted: ${event.data.reason}`;
    case 'FollowUpRecorded': return `Follow-up: ${event.data.status}`;
    case 'ServiceRecordVoided': return `${event.data.recordType} voided: ${event.data.reason}`;
    case 'CaseClosed': return `Case closed (${event.data.reason})`;
    case 'CaseReopened': return `Case reopened: ${event.data.reason}`;
    default:
      event satisfies never;
      return `${(event as { type: string }).type} (an event type not known to this version)`;
  }
}

/**
 * Replays a case's events, in order, with the state after each: what an analyst reads to learn how
 * a journey went. The client reference stays out: analysts see the journey, not the person.
 */
export function buildCaseTimeline(caseId: string, events: readonly TimelineEvent[], knownAt: string | null): CaseTimeline | null {
  const opened = events.find((e) => e.type === 'CaseOpened');
  if (!opened || opened.type !== 'CaseOpened') return null;
  const intakeAt = opened.data.occurredAt;
  let state: CaseState = caseDecider.initialState;
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    state = caseDecider.evolve(state, event);
    if (state.status === 'none') continue;
    const conditionChange = event.type === 'JobConditionsChanged'
      ? { changes: describeJobConditionsDiff(event.data.changes), relaxation: isRelaxation(event.data.changes) }
      : {};
    entries.push({
      revision: event.revision,
      type: event.type,
      occurredAt: event.data.occurredAt,
      recordedAt: event.recordedAt,
      daysSinceIntake: days(intakeAt, event.data.occurredAt),
      summary: summary(event),
      ...conditionChange,
      ...('noteRef' in event.data && event.data.noteRef !== undefined && { noteRef: event.data.noteRef }),
      stateAfter: { status: state.status, navigatorId: state.navigatorId, conditions: state.conditions, referrals: state.referrals, placements: state.placements },
    });
  }

  const retracted = new Set(events.flatMap((e) => (e.type === 'PlacementRetracted' ? [e.data.placementId] : [])));
  // The earliest by when it happened (as the success cases take it), not the first recorded: placements are often entered late.
  const placement = events
    .filter((e): e is PlacementEvent => e.type === 'PlacementRecorded' && !retracted.has(e.data.placementId))
    .reduce<PlacementEvent | undefined>(
      (first, e) => (first === undefined || Date.parse(e.data.occurredAt) < Date.parse(first.data.occurredAt) ? e : first), undefined);
  const closure = state.status === 'closed' ? state.closedAt : null;
  const end = placement?.data.occurredAt ?? closure ?? entries[entries.length - 1]!.occurredAt;
  const referralOutcomes = events.flatMap((e) => (e.type === 'JobReferralIssued' && state.status !== 'none'
    ? [{ referralId: e.data.referralId, jobTitle: e.data.jobTitle, outcome: state.referrals[e.data.referralId]?.outcome ?? null, voided: state.referrals[e.data.referralId]?.voided ?? false }]
    : []));
  return {
    caseId,
    knownAt,
    intakeAt,
    ageBand: opened.data.ageBand,
    programs: opened.data.programs,
    clientRef: opened.data.clientRef,
    ...(opened.data.personalDataRef !== undefined && { personalDataRef: opened.data.personalDataRef }),
    supportPeriod: { from: intakeAt, to: end, days: days(intakeAt, end), months: months(intakeAt, end), endedBy: placement ? 'placement' : closure ? 'closure' : 'ongoing' },
    referralOutcomes,
    entries,
  };
}
