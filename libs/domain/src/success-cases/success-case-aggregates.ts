import type { SuccessCase } from './success-case';

/** The smallest group whose aggregates are shown, unless configured otherwise. */
export const DEFAULT_SUCCESS_CASES_K = 5;

/**
 * What a group of success cases adds up to, before suppression. A read model computes the same
 * summary in its database (so a large group is never loaded); {@link summarizeSuccessCases} is the
 * definition.
 */
export type SuccessCaseSummary = Readonly<{
  count: number;
  /** null for an empty group. */
  medianDaysToPlacement: number | null;
  relaxedBeforePlacement: number;
  /** Cases with each relaxation kind before their placement (a case counts once per kind). */
  casesByRelaxationKind: Readonly<Record<string, number>>;
}>;

export type SuccessCaseFigures = Readonly<{
  suppressed: false;
  count: number;
  /** The middle value, or the mean of the two middle values of an even count. */
  medianDaysToPlacement: number;
  /** Cases relaxed before their placement / all cases (unrounded). */
  shareRelaxedBeforePlacement: number;
  /** Cases with each relaxation kind before their placement, most first; kinds of fewer than k cases are left out. */
  relaxationsBeforePlacement: Readonly<Record<string, number>>;
  /** How many relaxation kinds were left out for having fewer than k cases. */
  relaxationKindsSuppressed: number;
}>;

export type SuppressedFigures = Readonly<{ suppressed: true; reason: 'fewer than k cases' }>;

export type SuccessCaseAggregates = SuccessCaseFigures | SuppressedFigures;

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The median of no values is undefined');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarizeSuccessCases(cases: readonly SuccessCase[]): SuccessCaseSummary {
  const kinds: Record<string, number> = {};
  for (const c of cases) for (const kind of new Set(c.relaxationsBeforePlacement)) kinds[kind] = (kinds[kind] ?? 0) + 1;
  return {
    count: cases.length,
    medianDaysToPlacement: cases.length === 0 ? null : median(cases.map((c) => c.daysToPlacement)),
    relaxedBeforePlacement: cases.filter((c) => c.relaxedBeforePlacement).length,
    casesByRelaxationKind: kinds,
  };
}

/**
 * Small-cell suppression: a group of fewer than `k` cases shows no figure at all, and within a
 * larger group each relaxation kind of fewer than `k` cases is left out, so no figure describes
 * fewer than `k` people.
 */
export function suppressSmallGroups(summary: SuccessCaseSummary, k: number): SuccessCaseAggregates {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (summary.count < k || summary.medianDaysToPlacement === null) return { suppressed: true, reason: 'fewer than k cases' };
  const kinds = Object.entries(summary.casesByRelaxationKind);
  const shown = kinds.filter(([, count]) => count >= k).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return {
    suppressed: false,
    count: summary.count,
    medianDaysToPlacement: summary.medianDaysToPlacement,
    shareRelaxedBeforePlacement: summary.relaxedBeforePlacement / summary.count,
    relaxationsBeforePlacement: Object.fromEntries(shown),
    relaxationKindsSuppressed: kinds.length - shown.length,
  };
}

/** Aggregates of a group of success cases, small-cell suppressed. */
export function aggregateSuccessCases(cases: readonly SuccessCase[], k: number): SuccessCaseAggregates {
  return suppressSmallGroups(summarizeSuccessCases(cases), k);
}

/** What a job category added by fewer than k cases of a group shows as in its rows. */
export const RARE_JOB_CATEGORY = 'job-categories:+other';

/**
 * Rows of a filtered group as they may be listed. A group of fewer than `k` cases lists none: its
 * rows would give away what its aggregates hide (a narrow filter can single out one person). Job
 * categories are free text, so one added by fewer than `k` cases of the group shows as
 * {@link RARE_JOB_CATEGORY}; the other kinds are a fixed vocabulary and stay.
 */
export function listableRows(rows: readonly SuccessCase[], summary: SuccessCaseSummary, k: number): SuccessCase[] {
  if (summary.count < k) return [];
  const shown = (kind: string) => !kind.startsWith('job-categories:') || (summary.casesByRelaxationKind[kind] ?? 0) >= k;
  return rows.map((row) => ({
    ...row,
    relaxationsBeforePlacement: [...new Set(row.relaxationsBeforePlacement.map((kind) => (shown(kind) ? kind : RARE_JOB_CATEGORY)))],
  }));
}
