import type {
  AgeBand, Agency, ClosureReason, JobConditions, ProgramId, ReferralOutcome, ServiceRecordType,
} from '@ayumi/events';

export type ServiceRecord = Readonly<{ type: ServiceRecordType; program: ProgramId; voided: boolean }>;
export type Referral = Readonly<{ program: ProgramId; outcome: ReferralOutcome | null; voided: boolean }>;
export type Placement = Readonly<{ program: ProgramId; retracted: boolean }>;

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
