import type { AyumiEvent } from '@ayumi/events';
import { caseStreamId, employerStreamId, planStreamId } from '@ayumi/events';
import type { CaseCommand, CaseState, Decider, EmployerCommand, PlanCommand } from '@ayumi/domain';
import { caseDecider, employerDecider, planDecider } from '@ayumi/domain';
import type { PersonalRecord, Principal } from '@ayumi/security';
import { assertCaseAccess } from '@ayumi/security';
import type { PERSONAL_DATA_REFS } from './personal-data';

/**
 * Personal data a command brings: stored in the vault under `recordRef`, which its event carries;
 * `field` is the request field it came from, named when the vault refuses it.
 */
export type PersonalDataRecord = Readonly<{ recordRef: string; record: PersonalRecord; field: keyof typeof PERSONAL_DATA_REFS }>;

declare const opaque: unique symbol;

/** An aggregate's state as the generic handler holds it: opaque there, meaningful to the command's decider. */
export type AggregateState = { readonly [opaque]: 'AggregateState' };

/**
 * A command bound to its aggregate: which stream it loads, how that stream's events fold into the
 * aggregate's state, who may change it, and what it decides. The generic handler needs nothing else.
 */
export type AggregateCommand = Readonly<{
  streamId: string;
  /** Identifies the aggregate in responses, e.g. `{ caseId: "…" }`. */
  aggregateId: Readonly<Record<string, string | number>>;
  /** Ids of the things the command creates, derived from the command id so retries repeat them. */
  createdIds: Readonly<Record<string, string>>;
  /** The state after `events`, from `state` (from the aggregate's initial state when null). */
  evolve: (state: AggregateState | null, events: readonly AyumiEvent[]) => AggregateState;
  /** Throws when the caller may not change this aggregate as it stands. */
  authorize: (state: AggregateState, principal: Principal) => void;
  decide: (state: AggregateState) => readonly AyumiEvent[];
  personalData: readonly PersonalDataRecord[];
  /** Whose personal data the aggregate holds in this state: the key the vault seals it under. */
  clientRefOf: (state: AggregateState) => string | null;
}>;

/**
 * The decider's functions on the opaque state. Sound because a stream holds only its own aggregate's
 * events, and the handler only ever passes a state that the same aggregate's `evolve` returned.
 */
function bind<C, E extends AyumiEvent, S>(decider: Decider<C, E, S>, command: C) {
  const evolve = (state: AggregateState | null, events: readonly AyumiEvent[]) =>
    (events as readonly E[]).reduce(decider.evolve, state === null ? decider.initialState : (state as unknown as S)) as unknown as AggregateState;
  const decide = (state: AggregateState) => decider.decide(command, state as unknown as S);
  return { evolve, decide };
}

const asCaseState = (state: AggregateState) => state as unknown as CaseState;

const anyoneWithThePermission = (): void => undefined;
const nobody = (): null => null;

export const caseCommand = (
  command: CaseCommand, createdIds: Record<string, string> = {}, personalData: readonly PersonalDataRecord[] = [],
): AggregateCommand => {
  const { evolve, decide } = bind(caseDecider, command);
  return {
    streamId: caseStreamId(command.data.caseId),
    aggregateId: { caseId: command.data.caseId },
    createdIds,
    evolve,
    authorize: (state, principal) => {
      const current = asCaseState(state);
      assertCaseAccess(principal, command.data.caseId, current.status === 'none' ? null : current.navigatorId);
    },
    decide,
    personalData,
    clientRefOf: (state) => {
      const current = asCaseState(state);
      return current.status === 'none' ? null : current.clientRef;
    },
  };
};

export const employerCommand = (command: EmployerCommand, createdIds: Record<string, string> = {}): AggregateCommand => ({
  streamId: employerStreamId(command.data.employerId),
  aggregateId: { employerId: command.data.employerId },
  createdIds,
  ...bind(employerDecider, command),
  authorize: anyoneWithThePermission,
  personalData: [],
  clientRefOf: nobody,
});

export const planCommand = (command: PlanCommand): AggregateCommand => ({
  streamId: planStreamId(command.data.fiscalYear),
  aggregateId: { fiscalYear: command.data.fiscalYear },
  createdIds: {},
  ...bind(planDecider, command),
  authorize: anyoneWithThePermission,
  personalData: [],
  clientRefOf: nobody,
});
