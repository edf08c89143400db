import type {
  CaseClosed, CaseOpened, CaseReopened, ConsultationHeld, FollowUpRecorded, JobReferralIssued,
  NavigatorAssigned, PlacementRecorded, ReferralOutcomeRecorded,
} from '@ayumi/events';
import type { Command } from '../decider';
import type { JobConditionsUpdate } from './job-conditions';

type Step<D> = Readonly<{ caseId: string; occurredAt: string }> & D;

export type OpenCase = Command<'OpenCase', CaseOpened['data']>;
export type AssignNavigator = Command<'AssignNavigator', Omit<NavigatorAssigned['data'], 'previousNavigatorId'>>;
export type RecordConsultation = Command<'RecordConsultation', ConsultationHeld['data']>;
export type IssueReferral = Command<'IssueReferral', JobReferralIssued['data']>;
export type RecordReferralOutcome = Command<'RecordReferralOutcome', ReferralOutcomeRecorded['data']>;
export type ChangeJobConditions = Command<'ChangeJobConditions', Step<{ changes: JobConditionsUpdate; reason: string }>>;
export type RecordPlacement = Command<'RecordPlacement', PlacementRecorded['data']>;
export type RetractPlacement = Command<'RetractPlacement', Step<{ placementId: string; reason: string }>>;
export type RecordFollowUp = Command<'RecordFollowUp', FollowUpRecorded['data']>;
export type VoidServiceRecord = Command<'VoidServiceRecord', Step<{ recordId: string; reason: string }>>;
export type CloseCase = Command<'CloseCase', CaseClosed['data']>;
export type ReopenCase = Command<'ReopenCase', CaseReopened['data']>;

export type CaseCommand =
  | OpenCase
  | AssignNavigator
  | RecordConsultation
  | IssueReferral
  | RecordReferralOutcome
  | ChangeJobConditions
  | RecordPlacement
  | RetractPlacement
  | RecordFollowUp
  | VoidServiceRecord
  | CloseCase
  | ReopenCase;
