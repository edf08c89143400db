import { expect } from '@jest/globals';
import type { Decider } from '../decider';
import { foldEvents } from '../decider';
import type { DomainErrorKind } from '../domain-error';
import { DomainError } from '../domain-error';

/**
 * Given / when / then for deciders (test-only):
 *
 *   given(caseDecider, caseOpened(), navigatorAssigned())
 *     .when(recordConsultation())
 *     .then([consultationHeld()]);
 *
 * `given` folds the history with the decider's `evolve` from its `initialState`; `when` calls `decide`
 * with the resulting state. The state and the command are deep-frozen first, so a decider that mutates
 * either fails the test.
 */

/** What an expected domain error must also match besides its code. */
export type ExpectedError = Readonly<{
  /**
   * The request field at fault. Always compared: leaving it out asserts that the error names no field
   * (e.g. an id in the path → 404, as opposed to an id in the body → 422 naming the field).
   */
  field?: string;
  /** Compared only when given. */
  kind?: DomainErrorKind;
}>;

export type Outcome<Event, State> = Readonly<{
  /** The command is accepted and produces exactly these events, in this order. */
  then: (expected: readonly Event[]) => void;
  /** The command is accepted and changes nothing (an idempotent repeat). */
  thenNothing: () => void;
  /** The command is refused with a {@link DomainError} of this code (and field, and kind if given). */
  thenThrows: (code: string, expected?: ExpectedError) => DomainError;
  /** The command is accepted; `check` receives the state after the history and the new events. */
  thenState: (check: (state: State) => void) => void;
}>;

export type Given<Command, Event, State> = Readonly<{
  /** The state the history folds to. */
  state: State;
  when: (command: Command) => Outcome<Event, State>;
}>;

export function given<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  ...history: readonly Event[]
): Given<Command, Event, State> {
  const state = deepFreeze(foldEvents(decider, history));
  return {
    state,
    when: (command) => {
      const decide = (): readonly Event[] => decider.decide(deepFreeze(structuredClone(command)), state);
      return {
        then: (expected) => expect(decide()).toStrictEqual(expected),
        thenNothing: () => expect(decide()).toStrictEqual([]),
        thenThrows: (code, expected = {}) => {
          const error = domainErrorOf(decide);
          const actual = { code: error.code, field: error.field, ...(expected.kind ? { kind: error.kind } : {}) };
          expect(actual).toStrictEqual({ code, field: expected.field, ...(expected.kind ? { kind: expected.kind } : {}) });
          return error;
        },
        thenState: (check) => check(foldEvents(decider, [...history, ...decide()])),
      };
    },
  };
}

/** Runs `fn` and returns the {@link DomainError} it throws; fails the test if it throws nothing or something else. */
export function domainErrorOf(fn: () => unknown): DomainError {
  let outcome: unknown;
  try {
    outcome = fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw new Error(`Expected a DomainError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`Expected a DomainError, but it returned ${JSON.stringify(outcome)}`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}
