import type { CaseEvent } from '@ayumi/events';
import { requireProgram } from '../catalog';
import { DomainError } from '../domain-error';
import type { Decider } from '../decider';
import { requireNotBefore, requireNotInFuture } from '../time-rules';
import type { CaseCommand, OpenCase, ReopenCase } from './case.commands';
import {
  caseAlreadyExists, caseClosed, caseNotClosed, caseNotFound, placementAlreadyRetracted, placementNotFound, placementRetracted,
  referralAlreadyPlaced, referralHasPlacement, referralNotFound, referralNotHired, referralOutcomeAlreadyRecorded, referralVoided,
  serviceRecordAlreadyVoided, serviceRecordNotFound,
} from './case.errors';
import { evolveCase } from './case.evolve';
import type { CaseState, OpenCaseState } from './case.state';
import { initialCaseState, latestStepAt, placementFrom, recordOf } from './case.state';
import { diffJobConditions } from './job-conditions';

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  const { data, now } = command;
  requireNotInFuture(data.occurredAt, now);
  if (command.type === 'OpenCase') return openCase(command, state);
  if (state.status === 'none') throw caseNotFound(data.caseId);
  requireNotBefore(data.occurredAt, state.openedAt, 'the intake');
  if (command.type === 'ReopenCase') return reopenCase(command, state);
  if (state.status === 'closed') throw caseClosed(data.caseId);
  requireNotWhileClosed(data.occurredAt, state, command.type === 'CloseCase');
  return decideOnOpenCase(command, state);
}

/**
 * Nothing happens in a case while it is closed: a step cannot be dated inside an earlier closed
 * period, and a closure cannot be dated before the last reopening.
 */
function requireNotWhileClosed(occurredAt: string, state: OpenCaseState, closing: boolean): void {
  const last = state.closedPeriods.at(-1);
  if (closing && last) requireNotBefore(occurredAt, last.to, 'the last reopening', 'TIME.BEFORE_REOPENING');
  const at = Date.parse(occurredAt);
  const during = state.closedPeriods.find((p) => Date.parse(p.from) < at && at < Date.parse(p.to));
  if (during) {
    throw new DomainError('TIME.WHILE_CLOSED', 'invalid', `occurredAt ${occurredAt} falls while the case was closed (${during.from} to ${during.to})`, 'occurredAt');
  }
}

function openCase({ data }: OpenCase, state: CaseState): CaseEvent[] {
  if (state.status !== 'none') throw caseAlreadyExists(data.caseId);
  const programs = [...new Set(data.programs.map((p, i) => requireProgram(p, `programs[${i}]`)))];
  const desiredConditions = { ...data.desiredConditions, jobCategories: [...new Set(data.desiredConditions.jobCategories)] };
  return [{ type: 'CaseOpened', data: { ...data, programs, desiredConditions } }];
}

function reopenCase({ data }: ReopenCase, state: Exclude<CaseState, { status: 'none' }>): CaseEvent[] {
  if (state.status !== 'closed') throw caseNotClosed(data.caseId);
  requireNotBefore(data.occurredAt, state.closedAt, 'the closure', 'TIME.BEFORE_CLOSURE');
  return [{ type: 'CaseReopened', data }];
}

function decideOnOpenCase(command: Exclude<CaseCommand, OpenCase | ReopenCase>, state: OpenCaseState): CaseEvent[] {
  switch (command.type) {
    case 'AssignNavigator': {
      const { navigatorId } = command.data;
      if (navigatorId === state.navigatorId) return [];
      return [{ type: 'NavigatorAssigned', data: { ...command.data, previousNavigatorId: state.navigatorId } }];
    }
    case 'RecordConsultation':
      requireProgram(command.data.program);
      return [{ type: 'ConsultationHeld', data: command.data }];
    case 'IssueReferral':
      requireProgram(command.data.program);
      return [{ type: 'JobReferralIssued', data: command.data }];
    case 'RecordReferralOutcome': {
      const { referralId } = command.data;
      const referral = recordOf(state.referrals, referralId);
      if (!referral) throw referralNotFound(referralId);
      if (referral.voided) throw referralVoided(referralId);
      if (referral.outcome) throw referralOutcomeAlreadyRecorded(referralId, referral.outcome);
      requireNotBefore(command.data.occurredAt, referral.at, 'the referral', 'TIME.BEFORE_REFERRAL');
      const placed = placementFrom(state, referralId);
      if (placed && command.data.outcome !== 'hired') throw referralHasPlacement(referralId, placed, 'outcome');
      return [{ type: 'ReferralOutcomeRecorded', data: command.data }];
    }
    case 'ChangeJobConditions': {
      const { changes, ...rest } = command.data;
      return [{ type: 'JobConditionsChanged', data: { ...rest, changes: diffJobConditions(state.conditions, changes) } }];
    }
    case 'RecordPlacement': {
      requireProgram(command.data.program);
      const { referralId } = command.data;
      if (referralId !== null) {
        const referral = recordOf(state.referrals, referralId);
        if (!referral) throw referralNotFound(referralId, 'referralId');
        if (referral.voided) throw referralVoided(referralId, 'referralId');
        if (referral.outcome !== null && referral.outcome !== 'hired') throw referralNotHired(referralId, referral.outcome);
        const placed = placementFrom(state, referralId);
        if (placed) throw referralAlreadyPlaced(referralId, placed);
        requireNotBefore(command.data.occurredAt, referral.at, 'the referral', 'TIME.BEFORE_REFERRAL');
      }
      return [{ type: 'PlacementRecorded', data: command.data }];
    }
    case 'RetractPlacement': {
      const { placementId } = command.data;
      const placement = recordOf(state.placements, placementId);
      if (!placement) throw placementNotFound(placementId);
      if (placement.retracted) throw placementAlreadyRetracted(placementId);
      requireNotBefore(command.data.occurredAt, placement.at, 'the placement', 'TIME.BEFORE_PLACEMENT');
      return [{ type: 'PlacementRetracted', data: { ...command.data, program: placement.program } }];
    }
    case 'RecordFollowUp': {
      const { placementId } = command.data;
      const placement = recordOf(state.placements, placementId);
      if (!placement) throw placementNotFound(placementId, 'placementId');
      if (placement.retracted) throw placementRetracted(placementId);
      requireNotBefore(command.data.occurredAt, placement.at, 'the placement', 'TIME.BEFORE_PLACEMENT');
      return [{ type: 'FollowUpRecorded', data: command.data }];
    }
    case 'VoidServiceRecord': {
      const { recordId } = command.data;
      const record = recordOf(state.serviceRecords, recordId);
      if (!record) throw serviceRecordNotFound(recordId);
      if (record.voided) throw serviceRecordAlreadyVoided(recordId);
      const placed = placementFrom(state, recordId);
      if (placed) throw referralHasPlacement(recordId, placed, 'recordId');
      requireNotBefore(command.data.occurredAt, record.at, 'the record', 'TIME.BEFORE_RECORD');
      return [{ type: 'ServiceRecordVoided', data: { ...command.data, recordType: record.type, program: record.program } }];
    }
    case 'CloseCase':
      requireNotBefore(command.data.occurredAt, latestStepAt(state), 'the latest step of the case', 'TIME.BEFORE_LAST_STEP');
      return [{ type: 'CaseClosed', data: command.data }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled case command ${JSON.stringify(unhandled)}`);
    }
  }
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
