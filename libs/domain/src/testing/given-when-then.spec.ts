import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { domainErrorOf, given } from './given-when-then';

/** A tiny decider to check the helper itself: a tally that refuses to go below zero. */
type TallyEvent = Readonly<{ type: 'Added' | 'Removed'; data: Readonly<{ n: number }> }>;
type TallyCommand = Readonly<{ type: 'Add' | 'Remove'; data: Readonly<{ n: number }>; now: string }>;
type TallyState = Readonly<{ total: number; log: readonly number[] }>;

const tally: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: { total: 0, log: [] },
  decide: (command, state) => {
    if (command.data.n === 0) return [];
    if (command.type === 'Remove' && command.data.n > state.total) {
      throw new DomainError('TALLY.NEGATIVE', 'invalid', 'The tally cannot go below zero', 'n');
    }
    return [{ type: command.type === 'Add' ? 'Added' : 'Removed', data: command.data }];
  },
  evolve: (state, event) => {
    const total = state.total + (event.type === 'Added' ? event.data.n : -event.data.n);
    return { total, log: [...state.log, total] };
  },
};

const add = (n: number): TallyCommand => ({ type: 'Add', data: { n }, now: '2013-05-08T10:00:00+09:00' });
const remove = (n: number): TallyCommand => ({ type: 'Remove', data: { n }, now: '2013-05-08T10:00:00+09:00' });
const added = (n: number): TallyEvent => ({ type: 'Added', data: { n } });

describe('given / when / then', () => {
  it('given some events, when nothing is decided yet, then the state is the fold of the events from the initial state', () => {
    expect(given(tally, added(2), added(3)).state).toStrictEqual({ total: 5, log: [2, 5] });
  });

  it('given a history, when a command is accepted, then `then` matches the exact events and fails on others', () => {
    given(tally, added(2)).when(remove(1)).then([{ type: 'Removed', data: { n: 1 } }]);
    expect(() => given(tally, added(2)).when(remove(1)).then([])).toThrow();
    expect(() => given(tally, added(2)).when(add(1)).thenNothing()).toThrow();
  });

  it('given a history, when a command decides nothing, then `thenNothing` passes', () => {
    given(tally).when(add(0)).thenNothing();
  });

  it('given a refused command, when checked, then `thenThrows` compares the code, the field always and the kind if given', () => {
    const refused = () => given(tally, added(1)).when(remove(2));
    expect(refused().thenThrows('TALLY.NEGATIVE', { field: 'n', kind: 'invalid' })).toBeInstanceOf(DomainError);
    expect(() => refused().thenThrows('TALLY.OTHER', { field: 'n' })).toThrow();
    expect(() => refused().thenThrows('TALLY.NEGATIVE')).toThrow();
    expect(() => refused().thenThrows('TALLY.NEGATIVE', { field: 'm' })).toThrow();
    expect(() => refused().thenThrows('TALLY.NEGATIVE', { field: 'n', kind: 'conflict' })).toThrow();
  });

  it('given an accepted command, when a domain error is expected, then the test fails', () => {
    expect(() => given(tally).when(add(1)).thenThrows('TALLY.NEGATIVE', { field: 'n' })).toThrow(/Expected a DomainError/);
  });

  it('given a command that fails with a plain error, when a domain error is expected, then the test fails', () => {
    expect(() => domainErrorOf(() => JSON.parse('{'))).toThrow(/Expected a DomainError/);
  });

  it('given an accepted command, when the state after it is checked, then it includes the new events', () => {
    given(tally, added(2)).when(add(3)).thenState((state) => expect(state).toStrictEqual({ total: 5, log: [2, 5] }));
  });

  it('given a decider that mutates its state, when it decides, then the test fails', () => {
    const mutating: Decider<TallyCommand, TallyEvent, TallyState> = {
      ...tally,
      decide: (command, state) => {
        (state.log as number[]).push(command.data.n);
        return [];
      },
    };
    expect(() => given(mutating, added(1)).when(add(1)).thenNothing()).toThrow(TypeError);
  });
});
