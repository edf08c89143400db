import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { EventStore } from '@ayumi/event-store';
import type { ProjectionOptions } from '../projection.tokens';
import { EVENT_STORE, PROJECTION_OPTIONS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import { RequirePermission } from '@ayumi/security';

const RATE_WINDOW_MS = 10_000;

/** Prometheus text format: checkpoint lag in events and seconds, throughput, malformed events. */
@Controller()
export class MetricsHttpController {
  private readonly samples: { at: number; events: number }[] = [];

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {}

  @Get('metrics')
  @RequirePermission('metrics:read')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const [versions, logEvents] = await Promise.all([this.runner.versions(), this.store.countEvents()]);
    const lines = [
      '# HELP ayumi_log_events Events in the log.',
      '# TYPE ayumi_log_events gauge',
      `ayumi_log_events ${logEvents}`,
      '# HELP ayumi_projection_events_total Events projected into the active read models by this process.',
      '# TYPE ayumi_projection_events_total counter',
      `ayumi_projection_events_total ${this.runner.totalEventsProjected()}`,
      '# HELP ayumi_projection_events_per_second Projection throughput over the last 10 s.',
      '# TYPE ayumi_projection_events_per_second gauge',
      `ayumi_projection_events_per_second ${this.rate()}`,
      '# HELP ayumi_projection_lag_events Events in the log not yet applied, per read-model version.',
      '# TYPE ayumi_projection_lag_events gauge',
      // A Kafka worker keeps no position in the log to find its oldest unapplied event: its lag in time is the consumer group's.
      '# HELP ayumi_projection_lag_seconds Age of the oldest event not yet applied (0 when caught up; not reported by Kafka workers).',
      '# TYPE ayumi_projection_lag_seconds gauge',
      '# HELP ayumi_projection_malformed_events_total Stored events skipped because they could not be read.',
      '# TYPE ayumi_projection_malformed_events_total counter',
    ];
    for (const v of versions.filter((v) => v.status !== 'retired')) {
      const labels = `{version="${v.version}",status="${v.status}"}`;
      lines.push(`ayumi_projection_lag_events${labels} ${Math.max(0, logEvents - v.eventsProcessed)}`);
      if (this.options.source !== 'kafka') {
        const [next] = (await this.store.readAll(v.checkpoint, 1)).events;
        const lagSeconds = next ? Math.max(0, (Date.now() - Date.parse(next.recordedAt)) / 1000) : 0;
        lines.push(`ayumi_projection_lag_seconds${labels} ${lagSeconds}`);
      }
      lines.push(`ayumi_projection_malformed_events_total${labels} ${v.malformedEvents}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private rate(): number {
    const now = Date.now();
    this.samples.push({ at: now, events: this.runner.totalEventsProjected() });
    while (this.samples.length > 2 && this.samples[0]!.at < now - RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    return last.at > first.at ? (last.events - first.events) / ((last.at - first.at) / 1000) : 0;
  }
}
