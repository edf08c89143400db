import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';

export const EVENT_STORE = Symbol('EVENT_STORE');

@Controller()
export class HealthHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('health')
  async health() {
    const { events } = await this.store.readAll(null, 1);
    return { status: 'ok', service: 'projections', logStarted: events.length > 0 };
  }
}
