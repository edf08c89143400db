import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import { Public } from '@ayumi/security';

@Controller()
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get('health')
  @Public()
  async health() {
    const [logEvents, versions] = await Promise.all([this.store.countEvents(), this.runner.versions()]);
    const active = versions.find((v) => v.status === 'active');
    return { status: 'ok', service: 'projections', logEvents, activeVersion: active?.version, eventsProcessed: active?.eventsProcessed };
  }
}
