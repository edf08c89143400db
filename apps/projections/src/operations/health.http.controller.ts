import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../projection.tokens';
import { InvalidRequestException } from '@ayumi/http';
import { Public } from '@ayumi/security';
import { KafkaBridge } from '../progress/kafka-bridge';
import { ProjectionRunner } from '../read-models/projection-runner';

@Controller()
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly kafka: KafkaBridge,
  ) {}

  @Get('health')
  @Public()
  async health() {
    const failure = this.kafka.consumerFailure();
    if (failure !== null) throw new InvalidRequestException(503, failure.code, failure.detail);
    const [logEvents, versions] = await Promise.all([this.store.countEvents(), this.runner.versions()]);
    const active = versions.find((v) => v.status === 'active');
    const unpublished = this.kafka.unpublishedCounters();
    return {
      status: 'ok', service: 'projections', logEvents, activeVersion: active?.version, eventsProcessed: active?.eventsProcessed,
      // Kafka is optional: counters waiting for the brokers are reported, not a failure.
      ...(unpublished === null ? {} : { goalProgressUnpublished: unpublished }),
    };
  }
}
