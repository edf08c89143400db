import { Inject, Injectable } from '@nestjs/common';
import { caseNotFound } from '@ayumi/domain';
import type { CaseEvent } from '@ayumi/events';
import { caseStreamId, upcast } from '@ayumi/events';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../projection.tokens';
import type { CaseTimeline } from './case-timeline';
import { buildCaseTimeline } from './case-timeline';

/** A case replayed from its stream, optionally only with what had been recorded by `knownAt`. */
@Injectable()
export class CaseTimelineQuery {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async timeline(caseId: string, knownAt: string | null): Promise<CaseTimeline> {
    const cutoff = knownAt === null ? Infinity : Date.parse(knownAt);
    const events = (await this.store.readStream(caseStreamId(caseId)))
      .filter((e) => Date.parse(e.recordedAt) <= cutoff)
      .map((e) => ({ ...(upcast(e) as unknown as CaseEvent), revision: e.revision, recordedAt: e.recordedAt }));
    const timeline = buildCaseTimeline(caseId, events, knownAt);
    if (!timeline) throw caseNotFound(caseId);
    return timeline;
  }
}
