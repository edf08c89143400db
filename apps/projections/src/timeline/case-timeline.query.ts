import { Inject, Injectable } from '@nestjs/common';
import { caseNotFound } from '@ayumi/domain';
import type { CaseEvent } from '@ayumi/events';
import { caseStreamId, upcast } from '@ayumi/events';
import type { EventStore } from '@ayumi/event-store';
import { EVENT_STORE } from '../projection.tokens';
import type { CaseTimeline } from './case-timeline';
import { buildCaseTimeline } from './case-timeline';

export type CaseTimelineAnswer = Readonly<{
  timeline: CaseTimeline;
  /**
   * The navigator the case is assigned to now, whatever `knownAt` says: who may read a case is
   * decided on today's assignment, not on one from before a hand-over.
   */
  assignedNavigatorId: string | null;
}>;

/** A case replayed from its stream, optionally only with what had been recorded by `knownAt`. */
@Injectable()
export class CaseTimelineQuery {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async timeline(caseId: string, knownAt: string | null): Promise<CaseTimelineAnswer> {
    const events = (await this.store.readStream(caseStreamId(caseId)))
      .map((e) => ({ ...(upcast(e) as unknown as CaseEvent), revision: e.revision, recordedAt: e.recordedAt }));
    const now = buildCaseTimeline(caseId, events, null);
    if (!now) throw caseNotFound(caseId);
    const assignedNavigatorId = now.entries.at(-1)?.stateAfter.navigatorId ?? null;
    if (knownAt === null) return { timeline: now, assignedNavigatorId };
    const cutoff = Date.parse(knownAt);
    const then = buildCaseTimeline(caseId, events.filter((e) => Date.parse(e.recordedAt) <= cutoff), knownAt);
    if (!then) throw caseNotFound(caseId);
    return { timeline: then, assignedNavigatorId };
  }
}
