import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import type { ProgressMessage } from './progress-hub';
import { ProgressHub } from './progress-hub';
import { RequirePermission } from '@ayumi/security';

export class ProgressStreamQuery {
  @IsOptional() @Matches(/^(20\d\d|2100)$/, { message: 'fiscalYear must be a year from 2000 to 2100' })
  fiscalYear?: string;
}

export const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: on connect the figures of every counter (unless Last-Event-ID shows the client
 * is up to date), then one message per counter change, and a heartbeat comment to keep proxies open.
 */
@Controller()
export class ProgressStreamHttpController {
  constructor(private readonly hub: ProgressHub) {}

  @Get('progress/stream')
  @RequirePermission('progress:read')
  stream(@Query() query: ProgressStreamQuery, @Req() request: Request, @Res() response: Response): void {
    const fiscalYear = query.fiscalYear ? Number(query.fiscalYear) : this.hub.currentFiscalYear();
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // A client resumes from the last id it received. Only a burst's last message carries one, so a
    // client cut off in the middle of a burst resumes from before it and is sent the figures again.
    const send = (messages: readonly ProgressMessage[]) => messages.forEach((message, i) => {
      const id = i === messages.length - 1 ? `id: ${message.id}\n` : '';
      response.write(`${id}event: progress\ndata: ${JSON.stringify(message)}\n\n`);
    });
    response.write('retry: 2000\n\n');
    const current = this.hub.currentId();
    const upToDate = current !== '' && request.header('last-event-id') === current;
    const unsubscribe = this.hub.subscribe({ fiscalYear, send, end: () => response.end() }, { snapshot: !upToDate });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
