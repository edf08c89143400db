import type { GoalPeriod, ProgramId } from '@ayumi/events';
import { PROGRAM_IDS } from '@ayumi/events';
import { DomainError } from './domain-error';

export type Label = Readonly<{ ja: string; en: string }>;

/** One counted event: its type and the data field that identifies the record (for un-counting). */
export type CountedEvent = Readonly<{ type: string; recordIdField: string }>;

/**
 * A counter definition (DESIGN.md §3): which events count for which program, un-counted by which
 * events, per event (延べ) or per distinct client, over which goal period, attributed by `occurredAt`
 * in the centre's time zone.
 */
export type MetricDefinition = Readonly<{
  program: ProgramId;
  metric: string;
  label: Label;
  period: GoalPeriod;
  unit: 'events' | 'distinct-clients';
  attribution: 'occurredAt';
  counts: readonly CountedEvent[];
  uncountedBy: readonly CountedEvent[];
  /** Sub-counts reported beside the total, e.g. piecework placements within piecework services. */
  breakdown: Readonly<Record<string, readonly string[]>>;
}>;

export const PROGRAMS: Readonly<Record<ProgramId, Label>> = {
  'employment-support': { ja: '地域住民に対する就職支援事業', en: 'Employment support for residents' },
  'welfare-to-work': { ja: '生活保護受給者等に対する就業支援事業', en: 'Employment support for welfare recipients' },
  piecework: { ja: '内職相談・あっ旋事業', en: 'Piecework consultation and placement' },
  'employer-support': { ja: '事業者の経営・雇用支援事業', en: 'Management and hiring support for employers' },
};

const consultation: CountedEvent = { type: 'ConsultationHeld', recordIdField: 'consultationId' };
const referral: CountedEvent = { type: 'JobReferralIssued', recordIdField: 'referralId' };
const placement: CountedEvent = { type: 'PlacementRecorded', recordIdField: 'placementId' };
const voided: CountedEvent = { type: 'ServiceRecordVoided', recordIdField: 'recordId' };
const retracted: CountedEvent = { type: 'PlacementRetracted', recordIdField: 'placementId' };
const survey: CountedEvent = { type: 'HiringOutlookCollected', recordIdField: 'outlookId' };

const visits = (program: ProgramId): MetricDefinition => ({
  program,
  metric: 'visits',
  label: { ja: '職業相談・職業紹介（延べ人数）', en: 'Consultations and referrals (visits)' },
  period: 'month',
  unit: 'events',
  attribution: 'occurredAt',
  counts: [consultation, referral],
  uncountedBy: [voided],
  breakdown: {},
});

export const METRIC_CATALOG: readonly MetricDefinition[] = [
  visits('employment-support'),
  {
    program: 'employment-support',
    metric: 'placements',
    label: { ja: '就職件数', en: 'Placements' },
    period: 'fiscal-year',
    unit: 'events',
    attribution: 'occurredAt',
    counts: [placement],
    uncountedBy: [retracted],
    breakdown: {},
  },
  visits('welfare-to-work'),
  {
    program: 'piecework',
    metric: 'services',
    label: { ja: '内職相談・あっ旋（延べ人数）', en: 'Piecework consultations and placements' },
    period: 'fiscal-year',
    unit: 'events',
    attribution: 'occurredAt',
    counts: [consultation, placement],
    uncountedBy: [voided, retracted],
    breakdown: { placements: [placement.type] },
  },
  {
    program: 'employer-support',
    metric: 'companies',
    label: { ja: '雇用見込み等の情報収集（延べ社数）', en: 'Companies surveyed' },
    period: 'fiscal-year',
    unit: 'events',
    attribution: 'occurredAt',
    counts: [survey],
    uncountedBy: [],
    breakdown: {},
  },
];

export function isProgramId(value: string): value is ProgramId {
  return (PROGRAM_IDS as readonly string[]).includes(value);
}

export function requireProgram(value: string, field = 'program'): ProgramId {
  if (!isProgramId(value)) {
    throw new DomainError('CATALOG.UNKNOWN_PROGRAM', 'invalid', `Unknown program "${value}"; known: ${PROGRAM_IDS.join(', ')}`, field);
  }
  return value;
}

export function findMetric(program: string, metric: string): MetricDefinition | undefined {
  return METRIC_CATALOG.find((m) => m.program === program && m.metric === metric);
}

export function requireMetric(program: ProgramId, metric: string, field = 'metric'): MetricDefinition {
  const definition = findMetric(program, metric);
  if (!definition) {
    const known = METRIC_CATALOG.filter((m) => m.program === program).map((m) => m.metric);
    throw new DomainError('CATALOG.UNKNOWN_METRIC', 'invalid', `Program ${program} has no metric "${metric}"; known: ${known.join(', ')}`, field);
  }
  return definition;
}

/**
 * For events that exist only to be counted (a company survey): a program none of whose metrics
 * counts the event type would record something no figure ever shows.
 */
export function requireProgramCounting(eventType: string, value: string, field = 'program'): ProgramId {
  const program = requireProgram(value, field);
  const counting = [...new Set(METRIC_CATALOG.filter((m) => m.counts.some((c) => c.type === eventType)).map((m) => m.program))];
  if (!counting.includes(program)) {
    throw new DomainError('CATALOG.NOT_COUNTED', 'invalid', `${eventType} counts only under ${counting.join(', ')}, not under ${program}`, field);
  }
  return program;
}
