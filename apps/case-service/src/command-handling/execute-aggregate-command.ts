import { Inject, Logger } from '@nestjs/common';
import type { ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@ayumi/domain';
import type { AyumiEvent } from '@ayumi/events';
import { currentSchemaVersion } from '@ayumi/events';
import type { EventStore, EventToAppend } from '@ayumi/event-store';
import { deterministicEventId, EventIdsTakenError, WrongExpectedRevisionError } from '@ayumi/event-store';
import { PersonalDataErasedError, PersonalDataVault } from '@ayumi/security';
import { EVENT_STORE } from '../event-store.token';
import type { AggregateCommand, AggregateState } from './aggregate-command';
import type { CommandContext, CommandResult } from './command-context';
import type { RecordedCommand } from './stream-histories';
import { StreamHistories } from './stream-histories';

export class ExecuteAggregateCommand implements ICommand {
  constructor(
    readonly command: AggregateCommand,
    readonly context: CommandContext,
  ) {}
}

/** Unconditional writes that lose a race are decided again on the new state, this many times. */
const MAX_ATTEMPTS = 5;

/** Whether this request stored personal data in the vault, and whether an event (perhaps) refers to it. */
type PersonalDataRecords = { stored: boolean; referenced: boolean };

/** The one command handler: load the stream → decide → append at the revision that was loaded. */
@CommandHandler(ExecuteAggregateCommand)
export class ExecuteAggregateCommandHandler implements ICommandHandler<ExecuteAggregateCommand, CommandResult> {
  private readonly logger = new Logger('ExecuteAggregateCommand');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: StreamHistories,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ command, context }: ExecuteAggregateCommand): Promise<CommandResult> {
    const records: PersonalDataRecords = { stored: false, referenced: false };
    try {
      return await this.decideAndAppend(command, context, records);
    } finally {
      // Refused, answered by an earlier attempt, or changing nothing: no event refers to what this request stored.
      if (records.stored && !records.referenced) await this.discardPersonalData(command);
    }
  }

  private async decideAndAppend(command: AggregateCommand, context: CommandContext, records: PersonalDataRecords): Promise<CommandResult> {
    const result = (revision: number): CommandResult => ({ ...command.aggregateId, revision, ...command.createdIds });
    for (let attempt = 1; ; attempt += 1) {
      const history = await this.streams.load(command, attempt > 1);

      const earlier = history.commands.get(context.commandId);
      if (earlier) {
        // Its events may be this request's own (an append answered as failed that landed): then they refer to its records.
        records.referenced ||= command.personalData.some((p) => Object.values(earlier.recordRefs).includes(p.recordRef));
        if (earlier.requestHash !== context.requestHash || !(await this.holdsPersonalData(command, earlier))) throw idempotencyKeyReused();
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
      if (events.length === 0) {
        if (history.kept) continue; // nothing to do, on a state another process may have changed since
        return result(history.revision);
      }
      const state = command.evolve(history.state, events);
      records.stored ||= command.personalData.length > 0;
      await this.storePersonalData(command, state);
      let appended;
      try {
        appended = await this.store.append(command.streamId, history.revision, events.map((e, i) => toEventToAppend(e, i, context)));
      } catch (error) {
        // Whether an append that failed otherwise was written is unknown: the next command reads the stream.
        this.streams.forget(command.streamId);
        if (!(error instanceof EventIdsTakenError || error instanceof WrongExpectedRevisionError)) {
          records.referenced = true; // perhaps, by events that landed
          throw error;
        }
        // Decided on kept state, this attempt may have made fewer or more events than the one that landed.
        if (error instanceof EventIdsTakenError && history.kept) continue;
        const refusal = error instanceof EventIdsTakenError ? idempotencyKeyReused()
          : context.expectedRevision !== null ? staleRevision(context.expectedRevision, error.actualRevision)
            : attempt >= MAX_ATTEMPTS ? new DomainError('CONCURRENCY.CONFLICT', 'conflict', 'Too many concurrent writes to this record; retry')
              : null;
        if (refusal === null) continue;
        throw refusal;
      }
      if (appended.duplicate) {
        // Another attempt of this command landed first: the answer is its result (or 422 when this
        // request differs from it), found by reading the stream again.
        this.streams.forget(command.streamId);
        continue;
      }
      records.referenced = true;
      this.streams.keep(command.streamId, history, {
        state, revision: appended.revision, commandId: context.commandId, requestHash: context.requestHash,
        recordRefs: Object.fromEntries(command.personalData.map((p) => [p.field, p.recordRef])),
      });
      return result(appended.revision);
    }
  }

  /** Best effort: a record left behind is referred to by nothing, and must not hide the answer. */
  private async discardPersonalData(command: AggregateCommand): Promise<void> {
    await this.vault.discard(command.personalData.map((p) => p.recordRef))
      .catch((error: unknown) => this.logger.warn(`Could not discard unreferenced personal-data records: ${String(error)}`));
  }

  /**
   * A retry's personal data is compared with the records the first request's events refer to: the
   * fingerprint in the log leaves it out.
   */
  private async holdsPersonalData(command: AggregateCommand, earlier: RecordedCommand): Promise<boolean> {
    for (const { field, record } of command.personalData) {
      const recorded = earlier.recordRefs[field];
      if (recorded === undefined || !(await this.vault.holds(recorded, record))) return false;
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
