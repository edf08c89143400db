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
   * When the latest intake, reopening, condition change or follow-up happened,
   * whenever it was recorded. With the live records' dates it is the bar a closure cannot be dated
   * before; administrative steps (assignments, voids, retractions) do not raise it.
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

/** When the latest step with the client happened: voided records (with their outcomes) and retracted placements left out. */
export function latestStepAt(state: CaseDetails): string {
  const dates = [
    ...Object.values(state.serviceRecords).filter((r) => !r.voided).map((r) => r.at),
    ...Object.values(state.referrals).flatMap((r) => (r.voided || r.outcomeAt === null ? [] : [r.outcomeAt])),
    ...Object.values(state.placements).filter((p) => !p.retracted).map((p) => p.at),
  ];
  return dates.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest), state.lastStepAt);
}
