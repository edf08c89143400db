import { Inject } from '@nestjs/common';
import type { ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@ayumi/domain';
import type { AyumiEvent } from '@ayumi/events';
import { currentSchemaVersion } from '@ayumi/events';
import type { EventStore, EventToAppend } from '@ayumi/event-store';
import { deterministicEventId, EventIdsTakenError, WrongExpectedRevisionError } from '@ayumi/event-store';
import { PersonalDataErasedError, PersonalDataRefTakenError, PersonalDataVault } from '@ayumi/security';
import { EVENT_STORE } from '../event-store.token';
import type { AggregateCommand, AggregateState } from './aggregate-command';
import type { CommandContext, CommandResult } from './command-context';
import { StreamHistories } from './stream-histories';

export class ExecuteAggregateCommand implements ICommand {
  constructor(
    readonly command: AggregateCommand,
    readonly context: CommandContext,
  ) {}
}

/** Unconditional writes that lose a race are decided again on the new state, this many times. */
const MAX_ATTEMPTS = 5;

/** The one command handler: load the stream → decide → append at the revision that was loaded. */
@CommandHandler(ExecuteAggregateCommand)
export class ExecuteAggregateCommandHandler implements ICommandHandler<ExecuteAggregateCommand, CommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: StreamHistories,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ command, context }: ExecuteAggregateCommand): Promise<CommandResult> {
    const result = (revision: number): CommandResult => ({ ...command.aggregateId, revision, ...command.createdIds });
    for (let attempt = 1; ; attempt += 1) {
      const history = await this.streams.load(command, attempt > 1);

      const earlier = history.commands.get(context.commandId);
      if (earlier) {
        if (earlier.requestHash !== context.requestHash || !(await this.holdsPersonalData(command))) throw idempotencyKeyReused();
        return result(earlier.revision);
      }
      let events: readonly AyumiEvent[];
      try {
        command.authorize(history.state, context.principal);
        if (context.expectedRevision !== null && context.expectedRevision !== history.revision) {
          throw staleRevision(context.expectedRevision, history.revision);
        }
        events = command.decide(history.state);
      } catch (error) {
        if (history.kept) continue; // another process may have written since: read the stream before refusing
        throw error;
      }
      if (events.length === 0) return result(history.revision);
      const state = command.evolve(history.state, events);
      await this.storePersonalData(command, state);
      try {
        const appended = await this.store.append(command.streamId, history.revision, events.map((e, i) => toEventToAppend(e, i, context)));
        if (appended.duplicate) this.streams.forget(command.streamId);
        else this.streams.keep(command.streamId, history, { state, revision: appended.revision, commandId: context.commandId, requestHash: context.requestHash });
        return result(appended.revision);
      } catch (error) {
        // Whether an append that failed otherwise was written is unknown: the next command reads the stream.
        this.streams.forget(command.streamId);
        if (error instanceof EventIdsTakenError) throw idempotencyKeyReused();
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedRevision !== null) throw staleRevision(context.expectedRevision, error.actualRevision);
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('CONCURRENCY.CONFLICT', 'conflict', 'Too many concurrent writes to this record; retry');
      }
    }
  }

  /** A retry's personal data is compared in the vault: the fingerprint in the log leaves it out. */
  private async holdsPersonalData(command: AggregateCommand): Promise<boolean> {
    for (const { recordRef, record } of command.personalData) {
      if (!(await this.vault.holds(recordRef, record))) return false;
    }
    return true;
  }

  /** Before the append, so an event never refers to personal data that is not in the vault. */
  private async storePersonalData(command: AggregateCommand, state: AggregateState): Promise<void> {
    if (command.personalData.length === 0) return;
    const clientRef = command.clientRefOf(state);
    if (clientRef === null) throw new DomainError('CASE.NOT_FOUND', 'not-found', 'Personal data needs an opened case');
    for (const { recordRef, record, field } of command.personalData) {
      try {
        await this.vault.store(clientRef, recordRef, record);
      } catch (error) {
        if (error instanceof PersonalDataErasedError) throw new DomainError('PERSONAL_DATA.ERASED', 'conflict', error.message, field);
        if (error instanceof PersonalDataRefTakenError) throw idempotencyKeyReused();
        throw error;
      }
    }
  }
}

function toEventToAppend(event: AyumiEvent, index: number, context: CommandContext): EventToAppend {
  const eventId = deterministicEventId(context.commandId, index);
  return {
    eventId,
    type: event.type,
    schemaVersion: currentSchemaVersion(event.type),
    data: event.data,
    metadata: {
      eventId,
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.commandId,
      userId: context.principal.userId,
      requestHash: context.requestHash,
    },
  };
}

const staleRevision = (expected: number, actual: number) =>
  new DomainError('CONCURRENCY.STALE_REVISION', 'conflict', `If-Match expected revision ${expected}, but the record is at revision ${actual}`, 'If-Match');

const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY.KEY_REUSED', 'invalid', 'This Idempotency-Key was already used for a different request', 'Idempotency-Key');
