import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import { RequirePermission } from '@ayumi/security';

@Controller()
export class ProjectionsHttpController {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The read-model versions, with how far each has read the log. */
  @Get('projections')
  @RequirePermission('projections:manage')
  async versions() {
    const [versions, logEvents] = await Promise.all([this.runner.versions(), this.store.countEvents()]);
    return { logEvents, versions: versions.filter((v) => v.status !== 'retired') };
  }

  /** Rebuilds every read model from the start of the log; reads stay on the current version meanwhile. */
  @Post('projections/rebuild')
  @RequirePermission('projections:manage')
  @HttpCode(202)
  rebuild() {
    return this.runner.rebuild();
  }
}
