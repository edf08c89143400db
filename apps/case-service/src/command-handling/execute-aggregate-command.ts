import { Inject } from '@nestjs/common';
import type { ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@ayumi/domain';
import type { AyumiEvent, CaseOpened } from '@ayumi/events';
import { currentSchemaVersion } from '@ayumi/events';
import type { EventStore, EventToAppend } from '@ayumi/event-store';
import { deterministicEventId, WrongExpectedRevisionError } from '@ayumi/event-store';
import { PersonalDataErasedError, PersonalDataVault } from '@ayumi/security';
import { EVENT_STORE } from '../event-store.token';
import type { AggregateCommand } from './aggregate-command';
import type { CommandContext, CommandResult } from './command-context';
import { toDomainEvent } from './read-aggregate.query';

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
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly vault: PersonalDataVault) {}

  async execute({ command, context }: ExecuteAggregateCommand): Promise<CommandResult> {
    const result = (revision: number): CommandResult => ({ ...command.aggregateId, revision, ...command.createdIds });
    for (let attempt = 1; ; attempt += 1) {
      const history = await this.store.readStream(command.streamId);
      const revision = history.at(-1)?.revision ?? 0;

      const earlier = history.filter((e) => e.metadata['commandId'] === context.commandId);
      if (earlier.length > 0) {
        if (earlier[0]?.metadata['requestHash'] !== context.requestHash) throw idempotencyKeyReused();
        return result(earlier[earlier.length - 1]!.revision);
      }
      if (context.expectedRevision !== null && context.expectedRevision !== revision) {
        throw staleRevision(context.expectedRevision, revision);
      }

      const past = history.map(toDomainEvent);
      command.authorize(past, context.principal);
      const events = command.decide(past);
      if (events.length === 0) return result(revision);
      await this.storePersonalData(command, [...past, ...events]);
      try {
        const appended = await this.store.append(command.streamId, revision, events.map((e, i) => toEventToAppend(e, i, context)));
        return result(appended.revision);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedRevision !== null) throw staleRevision(context.expectedRevision, error.actualRevision);
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('CONCURRENCY.CONFLICT', 'conflict', 'Too many concurrent writes to this record; retry');
      }
    }
  }

  /** Before the append, so an event never refers to personal data that is not in the vault. */
  private async storePersonalData(command: AggregateCommand, events: readonly AyumiEvent[]): Promise<void> {
    if (command.personalData.length === 0) return;
    const intake = events.find((e): e is CaseOpened => e.type === 'CaseOpened');
    if (!intake) throw new DomainError('CASE.NOT_FOUND', 'not-found', 'Personal data needs an opened case');
    try {
      for (const { recordRef, record } of command.personalData) await this.vault.store(intake.data.clientRef, recordRef, record);
    } catch (error) {
      if (error instanceof PersonalDataErasedError) throw new DomainError('PERSONAL_DATA.ERASED', 'conflict', error.message, 'note');
      throw error;
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
