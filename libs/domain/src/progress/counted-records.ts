import type { AyumiEvent, ProgramId } from '@ayumi/events';
import type { MetricDefinition } from '../catalog';
import { METRIC_CATALOG } from '../catalog';
import type { MonthKey } from '../fiscal-calendar';
import { localDate } from '../fiscal-calendar';

/** One counted service (延べ): the unit every goal counter is made of. */
export type CountedRecord = Readonly<{
  recordId: string;
  program: ProgramId;
  metric: string;
  /** The breakdown it also counts in (e.g. piecework `placements`), or null. */
  breakdown: string | null;
  /** Attribution: the calendar date of `occurredAt` in the centre's time zone, and its month. */
  date: string;
  month: MonthKey;
  caseOrEmployerId: string;
}>;

/** A counted record an event un-counts (a void or a retraction), with the case or employer it belongs to. */
export type UncountedRecord = Readonly<{ recordId: string; caseOrEmployerId: string }>;

/** What one event does to the counters, by the metric catalog. */
export type CountingEffect = Readonly<{
  counts: readonly CountedRecord[];
  uncounts: readonly UncountedRecord[];
}>;

const NO_EFFECT: CountingEffect = { counts: [], uncounts: [] };

function field(data: object, name: string): string | undefined {
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Pure: the counted records an event adds or removes, per the catalog (DESIGN.md §3). */
export function countingEffectOf(event: AyumiEvent, timeZone: string, catalog: readonly MetricDefinition[] = METRIC_CATALOG): CountingEffect {
  const program = field(event.data, 'program');
  const occurredAt = field(event.data, 'occurredAt');
  if (!program || !occurredAt) return NO_EFFECT;
  const owner = field(event.data, 'caseId') ?? field(event.data, 'employerId') ?? '';

  const counts: CountedRecord[] = [];
  const uncounts = new Set<string>();
  for (const definition of catalog) {
    if (definition.program !== program) continue;
    const counted = definition.counts.find((c) => c.type === event.type);
    const recordId = counted && field(event.data, counted.recordIdField);
    if (recordId) {
      const breakdown = Object.entries(definition.breakdown).find(([, types]) => types.includes(event.type))?.[0] ?? null;
      const date = localDate(occurredAt, timeZone);
      counts.push({ recordId, program: definition.program, metric: definition.metric, breakdown, date, month: date.slice(0, 7), caseOrEmployerId: owner });
    }
    const uncounting = definition.uncountedBy.find((u) => u.type === event.type);
    const uncountedId = uncounting && field(event.data, uncounting.recordIdField);
    if (uncountedId) uncounts.add(uncountedId);
  }
  return { counts, uncounts: [...uncounts].map((recordId) => ({ recordId, caseOrEmployerId: owner })) };
}
