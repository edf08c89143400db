import type { JobConditions, JobConditionsDiff } from '@ayumi/events';
import { DomainError } from '../domain-error';

export type JobConditionsUpdate = Readonly<Partial<JobConditions>>;

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
};

/** The from → to difference an update makes; throws when it changes nothing. */
export function diffJobConditions(current: JobConditions, update: JobConditionsUpdate): JobConditionsDiff {
  const diff: {
    -readonly [K in keyof JobConditionsDiff]: JobConditionsDiff[K];
  } = {};
  if (update.employmentType !== undefined && update.employmentType !== current.employmentType) {
    diff.employmentType = { from: current.employmentType, to: update.employmentType };
  }
  if (update.jobCategories !== undefined && !sameSet(update.jobCategories, current.jobCategories)) {
    const to = [...new Set(update.jobCategories)];
    diff.jobCategories = {
      from: current.jobCategories,
      to,
      added: to.filter((c) => !current.jobCategories.includes(c)),
      removed: current.jobCategories.filter((c) => !to.includes(c)),
    };
  }
  for (const field of ['hoursPerWeek', 'minimumHourlyWage'] as const) {
    const to = update[field];
    const from = current[field] ?? null;
    if (to !== undefined && to !== from) diff[field] = { from, to };
  }
  if (Object.keys(diff).length === 0) {
    throw new DomainError('CONDITIONS.UNCHANGED', 'invalid', 'The new job conditions are the same as the current ones', 'changes');
  }
  return diff;
}

export function applyJobConditionsDiff(current: JobConditions, diff: JobConditionsDiff): JobConditions {
  const next: { -readonly [K in keyof JobConditions]: JobConditions[K] } = { ...current };
  if (diff.employmentType) next.employmentType = diff.employmentType.to;
  if (diff.jobCategories) next.jobCategories = diff.jobCategories.to;
  for (const field of ['hoursPerWeek', 'minimumHourlyWage'] as const) {
    const change = diff[field];
    if (!change) continue;
    if (change.to === null) delete next[field];
    else next[field] = change.to;
  }
  return next;
}

/**
 * A relaxation widens the jobs a seeker can take: full-time → part-time, more job categories,
 * fewer hours, a lower minimum wage. Analysts look for relaxations before placements.
 */
export function isRelaxation(diff: JobConditionsDiff): boolean {
  const lowered = (change: { from: number | null; to: number | null } | undefined): boolean =>
    change !== undefined && change.from !== null && change.to !== null && change.to < change.from;
  return (
    (diff.employmentType?.from === 'full-time' && diff.employmentType.to === 'part-time') ||
    (diff.jobCategories?.added.length ?? 0) > 0 ||
    lowered(diff.hoursPerWeek) ||
    lowered(diff.minimumHourlyWage)
  );
}

const LABELS = { employmentType: 'employment type', hoursPerWeek: 'hours a week', minimumHourlyWage: 'minimum hourly wage' } as const;

/** The diff as lines a person reads: "employment type full-time → part-time", "job categories + cleaning". */
export function describeJobConditionsDiff(diff: JobConditionsDiff): string[] {
  const lines: string[] = [];
  if (diff.employmentType) lines.push(`${LABELS.employmentType} ${diff.employmentType.from} → ${diff.employmentType.to}`);
  if (diff.jobCategories) {
    const parts = [...diff.jobCategories.added.map((c) => `+ ${c}`), ...diff.jobCategories.removed.map((c) => `− ${c}`)];
    lines.push(`job categories ${parts.join(', ')}`);
  }
  for (const field of ['hoursPerWeek', 'minimumHourlyWage'] as const) {
    const change = diff[field];
    if (change) lines.push(`${LABELS[field]} ${change.from ?? 'unset'} → ${change.to ?? 'unset'}`);
  }
  return lines;
}
