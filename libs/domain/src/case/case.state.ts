import type {
  AgeBand, Agency, ClosureReason, JobConditions, ProgramId, ReferralOutcome, ServiceRecordType,
} from '@ayumi/events';

/** `at`: when the step happened (its `occurredAt`); steps that refer to it cannot be dated before it. */
export type ServiceRecord = Readonly<{ type: ServiceRecordType; program: ProgramId; voided: boolean; at: string }>;
export type Referral = Readonly<{ program: ProgramId; outcome: ReferralOutcome | null; outcomeAt: string | null; voided: boolean; at: string }>;
export type Placement = Readonly<{ program: ProgramId; retracted: boolean; at: string; referralId: string | null }>;
/** From a closure to the reopening that ended it: nothing happens in a case while it is closed. */
export type ClosedPeriod = Readonly<{ from: string; to: string }>;

type CaseDetails = Readonly<{
  caseId: string;
  clientRef: string;
  ageBand: AgeBand;
  agency: Agency;
  programs: readonly ProgramId[];
  openedAt: string;
  navigatorId: string | null;
  conditions: JobConditions;
  serviceRecords: Readonly<Record<string, ServiceRecord>>;
  referrals: Readonly<Record<string, Referral>>;
  placements: Readonly<Record<string, Placement>>;
  followUps: number;
  closedPeriods: readonly ClosedPeriod[];
  /**
   * When the intake or the latest condition change or follow-up happened (steps whose dates no record
   * keeps), whenever it was recorded: see {@link latestStepAt}.
   */
  lastStepAt: string;
}>;

export type NoCase = Readonly<{ status: 'none' }>;
export type OpenCaseState = CaseDetails & Readonly<{ status: 'open' }>;
export type ClosedCaseState = CaseDetails & Readonly<{ status: 'closed'; closedAt: string; closureReason: ClosureReason }>;

export type CaseState = NoCase | OpenCaseState | ClosedCaseState;

export const initialCaseState: CaseState = { status: 'none' };

/** The record with this id, if the case has one: only the map's own keys are records (`constructor` is not). */
export function recordOf<T>(records: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

/** The placement recorded from this referral and not retracted, if any: a referral is one hire. */
export function placementFrom(state: Readonly<{ placements: Readonly<Record<string, Placement>> }>, referralId: string): string | undefined {
  return Object.entries(state.placements).find(([, p]) => p.referralId === referralId && !p.retracted)?.[0];
}

/** The later of two ISO date-times (by instant, whatever their offsets). */
export const laterOf = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

/**
 * When the latest step with the client happened, whenever it was recorded: the bar a closure cannot be
 * dated before. Voided records (with their outcomes), retracted placements and administrative steps
 * (assignments, voids, retractions) do not count.
 */
export function latestStepAt(state: CaseDetails): string {
  return [
    ...Object.values(state.serviceRecords).filter((r) => !r.voided).map((r) => r.at),
    ...Object.values(state.referrals).flatMap((r) => (r.voided || r.outcomeAt === null ? [] : [r.outcomeAt])),
    ...Object.values(state.placements).filter((p) => !p.retracted).map((p) => p.at),
    ...state.closedPeriods.map((p) => p.to),
  ].reduce(laterOf, state.lastStepAt);
}
