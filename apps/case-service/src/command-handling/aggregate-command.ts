import type { AyumiEvent } from '@ayumi/events';
import { caseStreamId, employerStreamId, planStreamId } from '@ayumi/events';
import type { CaseCommand, Decider, EmployerCommand, PlanCommand } from '@ayumi/domain';
import { caseDecider, employerDecider, foldEvents, planDecider } from '@ayumi/domain';

/**
 * A command bound to its aggregate: which stream it loads and how it decides on that stream's
 * events. The generic handler needs nothing else, whatever the aggregate.
 */
export type AggregateCommand = Readonly<{
  streamId: string;
  /** Identifies the aggregate in responses, e.g. `{ caseId: "…" }`. */
  aggregateId: Readonly<Record<string, string | number>>;
  /** Ids of the things the command creates, derived from the command id so retries repeat them. */
  createdIds: Readonly<Record<string, string>>;
  decide: (history: readonly AyumiEvent[]) => readonly AyumiEvent[];
}>;

function bind<C, E extends AyumiEvent, S>(decider: Decider<C, E, S>, command: C) {
  // A stream holds only its own aggregate's events, so the narrowing is safe.
  return (history: readonly AyumiEvent[]) => decider.decide(command, foldEvents(decider, history as readonly E[]));
}

export const caseCommand = (command: CaseCommand, createdIds: Record<string, string> = {}): AggregateCommand => ({
  streamId: caseStreamId(command.data.caseId),
  aggregateId: { caseId: command.data.caseId },
  createdIds,
  decide: bind(caseDecider, command),
});

export const employerCommand = (command: EmployerCommand, createdIds: Record<string, string> = {}): AggregateCommand => ({
  streamId: employerStreamId(command.data.employerId),
  aggregateId: { employerId: command.data.employerId },
  createdIds,
  decide: bind(employerDecider, command),
});

export const planCommand = (command: PlanCommand): AggregateCommand => ({
  streamId: planStreamId(command.data.fiscalYear),
  aggregateId: { fiscalYear: command.data.fiscalYear },
  createdIds: {},
  decide: bind(planDecider, command),
});
