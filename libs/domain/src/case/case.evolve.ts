import type { CaseEvent } from '@ayumi/events';
import type { CaseState } from './case.state';
import { laterOf, recordOf } from './case.state';
import { applyJobConditionsDiff } from './job-conditions';

/** Folds one event into the state. Total: an event that does not apply leaves the state as it is. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const { caseId, clientRef, ageBand, agency, programs, desiredConditions, occurredAt } = event.data;
    return {
      status: 'open', caseId, clientRef, ageBand, agency, programs, openedAt: occurredAt, navigatorId: null,
      conditions: desiredConditions, serviceRecords: {}, referrals: {}, placements: {}, followUps: 0, closedPeriods: [],
      lastStepAt: occurredAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'NavigatorAssigned':
      return { ...state, navigatorId: event.data.navigatorId };
    case 'ConsultationHeld': {
      const { consultationId, program, occurredAt: at } = event.data;
      return { ...state, serviceRecords: { ...state.serviceRecords, [consultationId]: { type: event.type, program, voided: false, at } } };
    }
    case 'JobReferralIssued': {
      const { referralId, program, occurredAt: at } = event.data;
      return {
        ...state,
        serviceRecords: { ...state.serviceRecords, [referralId]: { type: event.type, program, voided: false, at } },
        referrals: { ...state.referrals, [referralId]: { program, outcome: null, outcomeAt: null, voided: false, at } },
      };
    }
    case 'ReferralOutcomeRecorded': {
      const referral = recordOf(state.referrals, event.data.referralId);
      if (!referral) return state;
      return { ...state, referrals: { ...state.referrals, [event.data.referralId]: { ...referral, outcome: event.data.outcome, outcomeAt: event.data.occurredAt } } };
    }
    case 'JobConditionsChanged':
      return { ...state, conditions: applyJobConditionsDiff(state.conditions, event.data.changes), lastStepAt: laterOf(state.lastStepAt, event.data.occurredAt) };
    case 'PlacementRecorded': {
      const { placementId, program, occurredAt: at, referralId } = event.data;
      return { ...state, placements: { ...state.placements, [placementId]: { program, retracted: false, at, referralId: referralId ?? null } } };
    }
    case 'PlacementRetracted': {
      const placement = recordOf(state.placements, event.data.placementId);
      if (!placement) return state;
      return { ...state, placements: { ...state.placements, [event.data.placementId]: { ...placement, retracted: true } } };
    }
    case 'FollowUpRecorded':
      return { ...state, followUps: state.followUps + 1, lastStepAt: laterOf(state.lastStepAt, event.data.occurredAt) };
    case 'ServiceRecordVoided': {
      const { recordId } = event.data;
      const record = recordOf(state.serviceRecords, recordId);
      if (!record) return state;
      const referral = recordOf(state.referrals, recordId);
      return {
        ...state,
        serviceRecords: { ...state.serviceRecords, [recordId]: { ...record, voided: true } },
        referrals: referral ? { ...state.referrals, [recordId]: { ...referral, voided: true } } : state.referrals,
      };
    }
    case 'CaseClosed':
      return { ...state, status: 'closed', closedAt: event.data.occurredAt, closureReason: event.data.reason };
    case 'CaseReopened': {
      if (state.status !== 'closed') return state;
      const { closedAt, closureReason: _closureReason, ...details } = state;
      return { ...details, status: 'open', closedPeriods: [...details.closedPeriods, { from: closedAt, to: event.data.occurredAt }] };
    }
    default:
      // Exhaustive here; at run time the log may hold a type a newer version wrote, which this one leaves alone.
      event satisfies never;
      return state;
  }
}
