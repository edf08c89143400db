import type { EmployerEvent, EmployerRegistered, HiringOutlookCollected, JobOrderReceived } from '@ayumi/events';
import { requireProgramCounting } from '../catalog';
import type { Command, Decider } from '../decider';
import { DomainError } from '../domain-error';
import { requireNotInFuture } from '../time-rules';

export type RegisterEmployer = Command<'RegisterEmployer', EmployerRegistered['data']>;
export type CollectHiringOutlook = Command<'CollectHiringOutlook', HiringOutlookCollected['data']>;
export type ReceiveJobOrder = Command<'ReceiveJobOrder', JobOrderReceived['data']>;
export type EmployerCommand = RegisterEmployer | CollectHiringOutlook | ReceiveJobOrder;

export type EmployerState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'registered'; employerId: string; name: string; hiringOutlooks: number; jobOrders: number }>;

export const employerNotFound = (employerId: string) =>
  new DomainError('EMPLOYER.NOT_FOUND', 'not-found', `Employer ${employerId} is not registered`);

export function decideEmployer(command: EmployerCommand, state: EmployerState): EmployerEvent[] {
  const { data, now } = command;
  requireNotInFuture(data.occurredAt, now);
  if (command.type === 'RegisterEmployer') {
    if (state.status !== 'none') {
      throw new DomainError('EMPLOYER.ALREADY_REGISTERED', 'conflict', `Employer ${data.employerId} is already registered`);
    }
    return [{ type: 'EmployerRegistered', data: command.data }];
  }
  if (state.status === 'none') throw employerNotFound(data.employerId);
  switch (command.type) {
    case 'CollectHiringOutlook':
      requireProgramCounting('HiringOutlookCollected', command.data.program);
      return [{ type: 'HiringOutlookCollected', data: command.data }];
    case 'ReceiveJobOrder':
      return [{ type: 'JobOrderReceived', data: command.data }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled employer command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveEmployer(state: EmployerState, event: EmployerEvent): EmployerState {
  switch (event.type) {
    case 'EmployerRegistered':
      return { status: 'registered', employerId: event.data.employerId, name: event.data.name, hiringOutlooks: 0, jobOrders: 0 };
    case 'HiringOutlookCollected':
      return state.status === 'registered' ? { ...state, hiringOutlooks: state.hiringOutlooks + 1 } : state;
    case 'JobOrderReceived':
      return state.status === 'registered' ? { ...state, jobOrders: state.jobOrders + 1 } : state;
    default:
      // Exhaustive here; at run time the log may hold a type a newer version wrote, which this one leaves alone.
      event satisfies never;
      return state;
  }
}

export const employerDecider: Decider<EmployerCommand, EmployerEvent, EmployerState> = {
  initialState: { status: 'none' },
  decide: decideEmployer,
  evolve: evolveEmployer,
};
