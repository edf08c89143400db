import type { Event, IsoDate, IsoDateTime } from './event';
import type { EmploymentType, ProgramId } from './programs';

export const AGENCIES = ['ward', 'hello-work'] as const;
export type Agency = (typeof AGENCIES)[number];

export const AGE_BANDS = [
  'under-20', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-and-over',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const CONSULTATION_CHANNELS = ['in-person', 'phone', 'online'] as const;
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number];

export const CONSULTATION_KINDS = ['job-consultation', 'welfare-support', 'piecework'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export const REFERRAL_OUTCOMES = ['hired', 'rejected', 'declined', 'withdrawn'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const PLACEMENT_CONFIRMATIONS = ['employer-report', 'client-report', 'navigator-visit'] as const;
export type PlacementConfirmation = (typeof PLACEMENT_CONFIRMATIONS)[number];

export const FOLLOW_UP_STATUSES = ['still-employed', 'left', 'unreachable'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const CLOSURE_REASONS = ['placed', 'moved', 'withdrew', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What the job seeker is looking for; relaxing these is a tracked step of the journey. */
export type JobConditions = Readonly<{
  employmentType: EmploymentType;
  jobCategories: readonly string[];
  hoursPerWeek?: number;
  minimumHourlyWage?: number;
}>;

export type ValueChange<T> = Readonly<{ from: T; to: T }>;

/** A structured from → to diff: only the fields that changed are present. */
export type JobConditionsDiff = Readonly<{
  employmentType?: ValueChange<EmploymentType>;
  jobCategories?: ValueChange<readonly string[]> & Readonly<{ added: readonly string[]; removed: readonly string[] }>;
  hoursPerWeek?: ValueChange<number | null>;
  minimumHourlyWage?: ValueChange<number | null>;
}>;

/** Events that count as a service visit and can be voided when entered in error. */
export const SERVICE_RECORD_TYPES = ['ConsultationHeld', 'JobReferralIssued'] as const;
export type ServiceRecordType = (typeof SERVICE_RECORD_TYPES)[number];

type CaseData<D> = Readonly<{ caseId: string; occurredAt: IsoDateTime }> & D;

/** A free-text note on a step: personal data, so its text lives in the personal-data vault. */
export type NoteData = Readonly<{
  /** The note's text in the personal-data vault (erasable with the client's data). */
  noteRef?: string;
  /** Free text of events recorded before the personal-data vault; new events carry `noteRef`. */
  note?: string;
}>;

export type CaseOpened = Event<'CaseOpened', CaseData<{
  clientRef: string;
  ageBand: AgeBand;
  agency: Agency;
  programs: readonly ProgramId[];
  desiredConditions: JobConditions;
  /** The intake's personal details (name, contact, birth date) in the personal-data vault. */
  personalDataRef?: string;
}>>;

export type NavigatorAssigned = Event<'NavigatorAssigned', CaseData<{
  navigatorId: string;
  previousNavigatorId: string | null;
}>>;

export type ConsultationHeld = Event<'ConsultationHeld', CaseData<{
  consultationId: string;
  program: ProgramId;
  channel: ConsultationChannel;
  kind: ConsultationKind;
  navigatorId: string;
} & NoteData>>;

export type JobReferralIssued = Event<'JobReferralIssued', CaseData<{
  referralId: string;
  program: ProgramId;
  employerId: string;
  jobOrderId: string;
  jobTitle: string;
  employmentType: EmploymentType;
}>>;

export type ReferralOutcomeRecorded = Event<'ReferralOutcomeRecorded', CaseData<{
  referralId: string;
  outcome: ReferralOutcome;
}>>;

export type JobConditionsChanged = Event<'JobConditionsChanged', CaseData<{
  changes: JobConditionsDiff;
  reason: string;
}>>;

export type PlacementRecorded = Event<'PlacementRecorded', CaseData<{
  placementId: string;
  program: ProgramId;
  employerId: string;
  jobTitle: string;
  employmentType: EmploymentType;
  startDate: IsoDate;
  referralId: string | null;
  confirmedBy: PlacementConfirmation;
}>>;

export type PlacementRetracted = Event<'PlacementRetracted', CaseData<{
  placementId: string;
  program: ProgramId;
  reason: string;
}>>;

export type FollowUpRecorded = Event<'FollowUpRecorded', CaseData<{
  followUpId: string;
  placementId: string;
  status: FollowUpStatus;
} & NoteData>>;

export type ServiceRecordVoided = Event<'ServiceRecordVoided', CaseData<{
  recordId: string;
  recordType: ServiceRecordType;
  program: ProgramId;
  reason: string;
}>>;

export type CaseClosed = Event<'CaseClosed', CaseData<{ reason: ClosureReason } & NoteData>>;

export type CaseReopened = Event<'CaseReopened', CaseData<{ reason: string }>>;

export type CaseEvent =
  | CaseOpened
  | NavigatorAssigned
  | ConsultationHeld
  | JobReferralIssued
  | ReferralOutcomeRecorded
  | JobConditionsChanged
  | PlacementRecorded
  | PlacementRetracted
  | FollowUpRecorded
  | ServiceRecordVoided
  | CaseClosed
  | CaseReopened;
