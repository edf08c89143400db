import type { CaseEvent } from '@ayumi/events';
import { requireProgram } from '../catalog';
import type { Decider } from '../decider';
import { requireNotBefore, requireNotInFuture } from '../time-rules';
import type { CaseCommand, OpenCase, ReopenCase } from './case.commands';
import {
  caseAlreadyExists, caseClosed, caseNotClosed, caseNotFound, placementAlreadyRetracted, placementNotFound,
  referralNotFound, referralOutcomeAlreadyRecorded, referralVoided, serviceRecordAlreadyVoided, serviceRecordNotFound,
} from './case.errors';
import { evolveCase } from './case.evolve';
import type { CaseState, OpenCaseState } from './case.state';
import { initialCaseState, recordOf } from './case.state';
import { diffJobConditions } from './job-conditions';

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  const { data, now } = command;
  requireNotInFuture(data.occurredAt, now);
  if (command.type === 'OpenCase') return openCase(command, state);
  if (state.status === 'none') throw caseNotFound(data.caseId);
  requireNotBefore(data.occurredAt, state.openedAt, 'the intake');
  if (command.type === 'ReopenCase') return reopenCase(command, state);
  if (state.status === 'closed') throw caseClosed(data.caseId);
  return decideOnOpenCase(command, state);
}

function openCase({ data }: OpenCase, state: CaseState): CaseEvent[] {
  if (state.status !== 'none') throw caseAlreadyExists(data.caseId);
  const programs = [...new Set(data.programs.map((p, i) => requireProgram(p, `programs[${i}]`)))];
  return [{ type: 'CaseOpened', data: { ...data, programs } }];
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
      }
      return [{ type: 'PlacementRecorded', data: command.data }];
    }
    case 'RetractPlacement': {
      const { placementId } = command.data;
      const placement = recordOf(state.placements, placementId);
      if (!placement) throw placementNotFound(placementId);
      if (placement.retracted) throw placementAlreadyRetracted(placementId);
      return [{ type: 'PlacementRetracted', data: { ...command.data, program: placement.program } }];
    }
    case 'RecordFollowUp': {
      const { placementId } = command.data;
      if (!recordOf(state.placements, placementId)) throw placementNotFound(placementId, 'placementId');
      return [{ type: 'FollowUpRecorded', data: command.data }];
    }
    case 'VoidServiceRecord': {
      const { recordId } = command.data;
      const record = recordOf(state.serviceRecords, recordId);
      if (!record) throw serviceRecordNotFound(recordId);
      if (record.voided) throw serviceRecordAlreadyVoided(recordId);
      return [{ type: 'ServiceRecordVoided', data: { ...command.data, recordType: record.type, program: record.program } }];
    }
    case 'CloseCase':
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
