import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ayumi/event-store';
import { Public } from '@ayumi/security';
import { EVENT_STORE } from '../event-store.token';

@ApiTags('operations')
@Controller()
export class HealthHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and event-store reachability' })
  async health() {
    // Reading a stream that never exists is the cheapest round trip that proves the store answers.
    await this.store.readStream('health-probe');
    return { status: 'ok', service: 'case-service' };
  }
}
