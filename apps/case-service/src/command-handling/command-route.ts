import type { Permission } from '@ayumi/security';
import type { AggregateCommand } from './aggregate-command';
import type { CommandContext } from './command-context';

export type CommandInput<Body> = Readonly<{
  params: Readonly<Record<string, string>>;
  body: Body;
  context: CommandContext;
  /** A new id for something the command creates; the same on every retry of the command. */
  newId: (name: string) => string;
}>;

/**
 * One write endpoint: where it lives, what its body is, and how a request becomes a command.
 * HTTP controllers and NDJSON imports share these, so both validate and decide alike.
 */
export interface CommandRoute<Body extends object = object> {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: new () => Body;
  readonly status: 200 | 201;
  /** What the caller's role must allow, over HTTP and in imports alike. */
  readonly permission: Permission;
  /** A method, so routes of different bodies share one list (parameters are bivariant). */
  toCommand(input: CommandInput<Body>): AggregateCommand;
}

export function defineCommandRoute<Body extends object>(route: CommandRoute<Body>): CommandRoute<Body> {
  return route;
}
