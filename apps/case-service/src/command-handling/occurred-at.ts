import type { CommandContext } from './command-context';

/** `occurredAt` defaults to the moment the command arrived. */
export const occurredAt = (body: { occurredAt?: string }, context: CommandContext): string => body.occurredAt ?? context.now;
