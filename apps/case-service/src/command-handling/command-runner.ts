import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deterministicId } from '@ayumi/event-store';
import type { Request } from 'express';
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
      new Date(),
    );
    return this.run(route, request.params as Record<string, string>, body, context);
  }

  run<Body extends object>(route: CommandRoute<Body>, params: Readonly<Record<string, string>>, body: Body, context: CommandContext): Promise<CommandResult> {
    const command = route.toCommand({
      params,
      body,
      context,
      newId: (name) => deterministicId(context.commandId, name),
    });
    return this.commandBus.execute(new ExecuteAggregateCommand(command, context));
  }
}
