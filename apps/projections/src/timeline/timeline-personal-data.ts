import type { Principal, Unsealed } from '@ayumi/security';
import { AuditTrail, can, PersonalDataVault } from '@ayumi/security';
import { Injectable } from '@nestjs/common';
import type { CaseTimeline, TimelineEntry } from './case-timeline';

type WithoutRefs<T> = Omit<T, 'noteRef' | 'personalDataRef' | 'clientRef'>;

export type ServedTimelineEntry = WithoutRefs<TimelineEntry> & Readonly<{ note?: Unsealed }>;

export type ServedTimeline = WithoutRefs<CaseTimeline> & Readonly<{
  entries: readonly ServedTimelineEntry[];
  /** Only for callers allowed to read personal data: the client, the intake's details, or that they were erased. */
  clientRef?: string;
  personalData?: Unsealed;
  deIdentified: boolean;
}>;

const withoutRefs = <T extends { noteRef?: string; personalDataRef?: string; clientRef?: string }>({ noteRef: _n, personalDataRef: _p, clientRef: _c, ...rest }: T) => rest;

/**
 * What a caller sees of a timeline's personal data: analysts get it de-identified (no references at
 * all); navigators and supervisors get the notes and intake details from the vault — or "erased" —
 * and that read is written to the audit trail.
 */
@Injectable()
export class TimelinePersonalData {
  constructor(private readonly vault: PersonalDataVault, private readonly audit: AuditTrail) {}

  async serve(timeline: CaseTimeline, principal: Principal, via: string): Promise<ServedTimeline> {
    const { clientRef } = timeline;
    const deIdentified = { ...withoutRefs(timeline), entries: timeline.entries.map(withoutRefs), deIdentified: true };
    if (!can(principal, 'personal-data:read')) return deIdentified;
    const refs = [timeline.personalDataRef, ...timeline.entries.map((e) => e.noteRef)].filter((r): r is string => r !== undefined);
    if (refs.length === 0) return { ...deIdentified, clientRef, deIdentified: false };

    const records = await this.vault.read(refs);
    await this.audit.record(principal, 'personal-data.read', { clientRef, subject: `case ${timeline.caseId}`, via });
    return {
      ...deIdentified,
      clientRef,
      deIdentified: false,
      ...(timeline.personalDataRef !== undefined && { personalData: records.get(timeline.personalDataRef)! }),
      entries: timeline.entries.map((entry) => ({ ...withoutRefs(entry), ...(entry.noteRef !== undefined && { note: records.get(entry.noteRef)! }) })),
    };
  }
}
