import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deterministicId } from '@ayumi/event-store';
import { InvalidRequestException, isStorableText, UNSTORABLE_TEXT_MESSAGE } from '@ayumi/http';
import type { Request } from 'express';
import { can, forbidden, principalOf } from '@ayumi/security';
import type { CommandContext, CommandResult } from './command-context';
import { commandContextFrom } from './command-context.factory';
import type { CommandRoute } from './command-route';
import { ExecuteAggregateCommand } from './execute-aggregate-command';

/** Turns a validated request into an aggregate command and dispatches it to the one handler. */
@Injectable()
export class CommandRunner {
  constructor(private readonly commandBus: CommandBus) {}

  fromHttp<Body extends object>(route: CommandRoute<Body>, request: Request, body: Body): Promise<CommandResult> {
    const context = commandContextFrom(
      { method: request.method, path: request.path, body, header: (name) => request.header(name) },
      principalOf(request),
      new Date(),
    );
    return this.run(route, request.params as Record<string, string>, body, context);
  }

  /** Checks the route's permission and path parameters here, so HTTP and imports cannot differ on them. */
  async run<Body extends object>(route: CommandRoute<Body>, params: Readonly<Record<string, string>>, body: Body, context: CommandContext): Promise<CommandResult> {
    if (!can(context.principal, route.permission)) throw forbidden(route.permission);
    // Ids end up in stream ids: a NUL (%00) would make PostgreSQL refuse the query itself.
    const unstorable = Object.keys(params).filter((field) => !isStorableText(params[field]!));
    if (unstorable.length > 0) {
      throw new InvalidRequestException(400, 'REQUEST.INVALID_PARAMETER', `Invalid path parameter: ${unstorable.join(', ')}`,
        unstorable.map((field) => ({ field, message: `${field} ${UNSTORABLE_TEXT_MESSAGE}` })));
    }
    const command = route.toCommand({
      params,
      body,
      context,
      newId: (name) => deterministicId(context.commandId, name),
    });
    return this.commandBus.execute(new ExecuteAggregateCommand(command, context));
  }
}
