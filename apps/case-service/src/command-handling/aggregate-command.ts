import type { AyumiEvent, CaseEvent } from '@ayumi/events';
import { caseStreamId, employerStreamId, planStreamId } from '@ayumi/events';
import type { CaseCommand, Decider, EmployerCommand, PlanCommand } from '@ayumi/domain';
import { caseDecider, employerDecider, foldEvents, planDecider } from '@ayumi/domain';
import type { PersonalRecord, Principal } from '@ayumi/security';
import { assertCaseAccess } from '@ayumi/security';

/** Personal data a command brings: stored in the vault under `recordRef`, which its event carries. */
export type PersonalDataRecord = Readonly<{ recordRef: string; record: PersonalRecord }>;

/**
 * A command bound to its aggregate: which stream it loads, who may change it, and how it decides on
 * that stream's events. The generic handler needs nothing else, whatever the aggregate.
 */
export type AggregateCommand = Readonly<{
  streamId: string;
  /** Identifies the aggregate in responses, e.g. `{ caseId: "…" }`. */
  aggregateId: Readonly<Record<string, string | number>>;
  /** Ids of the things the command creates, derived from the command id so retries repeat them. */
  createdIds: Readonly<Record<string, string>>;
  /** Throws when the caller may not change this aggregate as it stands. */
  authorize: (history: readonly AyumiEvent[], principal: Principal) => void;
  decide: (history: readonly AyumiEvent[]) => readonly AyumiEvent[];
  personalData: readonly PersonalDataRecord[];
}>;

function bind<C, E extends AyumiEvent, S>(decider: Decider<C, E, S>, command: C) {
  // A stream holds only its own aggregate's events, so the narrowing is safe.
  return (history: readonly AyumiEvent[]) => decider.decide(command, foldEvents(decider, history as readonly E[]));
}

const anyoneWithThePermission = (): void => undefined;

export const caseCommand = (
  command: CaseCommand, createdIds: Record<string, string> = {}, personalData: readonly PersonalDataRecord[] = [],
): AggregateCommand => ({
  streamId: caseStreamId(command.data.caseId),
  aggregateId: { caseId: command.data.caseId },
  createdIds,
  authorize: (history, principal) => {
    const state = foldEvents(caseDecider, history as readonly CaseEvent[]);
    assertCaseAccess(principal, command.data.caseId, state.status === 'none' ? null : state.navigatorId);
  },
  decide: bind(caseDecider, command),
  personalData,
});

export const employerCommand = (command: EmployerCommand, createdIds: Record<string, string> = {}): AggregateCommand => ({
  streamId: employerStreamId(command.data.employerId),
  aggregateId: { employerId: command.data.employerId },
  createdIds,
  authorize: anyoneWithThePermission,
  decide: bind(employerDecider, command),
  personalData: [],
});

export const planCommand = (command: PlanCommand): AggregateCommand => ({
  streamId: planStreamId(command.data.fiscalYear),
  aggregateId: { fiscalYear: command.data.fiscalYear },
  createdIds: {},
  authorize: anyoneWithThePermission,
  decide: bind(planDecider, command),
  personalData: [],
});
