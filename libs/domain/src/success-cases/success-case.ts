import type { CaseEvent, JobConditionsDiff } from '@ayumi/events';
import { fiscalYearOfMonth, monthOf } from '../fiscal-calendar';

/**
 * Success cases: placed, unretracted cases, de-identified for analysts who want to learn what
 * preceded a placement. A case folds into a small working state (kept by the projection per case,
 * as JSON) and the state yields the case's row, or null while it has no unretracted placement.
 *
 * The row carries no case id, client reference, navigator, employer or note: only the program,
 * the age band, months instead of dates, durations and counts, and the kinds of relaxation.
 */

/** When a step happened, and its place in the case's own order (which breaks ties of `at`). */
type Step = Readonly<{ at: string; seq: number }>;

export type SuccessCasePlacement = Step & Readonly<{
  placementId: string;
  program: string;
  employmentType: string;
  retracted: boolean;
}>;

export type SuccessCaseState = Readonly<{
  /** Case events folded so far; each step keeps its own number in that order. */
  seq: number;
  intake: (Step & Readonly<{ ageBand: string }>) | null;
  /**
   * Consultations not voided. A list, not an object keyed by consultation id: V8 makes a hidden class
   * for each new key of such objects (the fold took 0.8 s of CPU in a million-event rebuild, now 0.1 s).
   */
  consultations: readonly (Step & Readonly<{ consultationId: string }>)[];
  /** Condition changes that widened the jobs the seeker could take, with the kinds of widening. */
  relaxations: readonly (Step & Readonly<{ kinds: readonly string[] }>)[];
  placements: readonly SuccessCasePlacement[];
}>;

export type SuccessCase = Readonly<{
  program: string;
  ageBand: string;
  /** `YYYY-MM` in the centre's time zone. */
  intakeMonth: string;
  placementMonth: string;
  /** The fiscal year of the placement month (the year its placement counts in). */
  fiscalYear: number;
  /** Whole days from intake to the placement (elapsed time, as the case timeline counts them). */
  daysToPlacement: number;
  employmentType: string;
  relaxedBeforePlacement: boolean;
  /** Distinct relaxation kinds before the placement, in the order they first happened. */
  relaxationsBeforePlacement: readonly string[];
  /** Consultations held before the placement, voided ones excluded. */
  consultationsBeforePlacement: number;
}>;

export const initialSuccessCaseState: SuccessCaseState = { seq: 0, intake: null, consultations: [], relaxations: [], placements: [] };

/** A working state as stored, also one stored while consultations were an object keyed by consultation id. */
export function storedSuccessCaseState(stored: SuccessCaseState): SuccessCaseState {
  const consultations: unknown = stored.consultations;
  if (Array.isArray(consultations)) return stored;
  return {
    ...stored,
    consultations: Object.entries((consultations ?? {}) as Record<string, Step>).map(([consultationId, step]) => ({ consultationId, at: step.at, seq: step.seq })),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value.length > 0 ? value : fallback);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The relaxing parts of a condition change, as stable kinds analysts can count:
 * `employment-type:full-time→part-time`, `job-categories:+cleaning` (one per added category),
 * `hours-per-week:lowered`, `minimum-hourly-wage:lowered`. Non-empty exactly when {@link isRelaxation}
 * holds. Total: a malformed diff yields the kinds it can still read.
 */
export function relaxationKinds(diff: JobConditionsDiff): string[] {
  const kinds: string[] = [];
  const changes = (diff ?? {}) as Partial<Record<string, { from?: unknown; to?: unknown; added?: unknown }>>;
  if (changes['employmentType']?.from === 'full-time' && changes['employmentType'].to === 'part-time') {
    kinds.push('employment-type:full-time→part-time');
  }
  const added = changes['jobCategories']?.added;
  if (Array.isArray(added)) kinds.push(...added.filter((c): c is string => typeof c === 'string').map((c) => `job-categories:+${c}`));
  const lowered = (field: string) => {
    const from = number(changes[field]?.from);
    const to = number(changes[field]?.to);
    return from !== null && to !== null && to < from;
  };
  if (lowered('hoursPerWeek')) kinds.push('hours-per-week:lowered');
  if (lowered('minimumHourlyWage')) kinds.push('minimum-hourly-wage:lowered');
  return [...new Set(kinds)];
}

/**
 * Folds one case event into the working state. Total and pure: an event that does not matter, or
 * that refers to something unknown, leaves the state as it was (apart from the step count).
 */
export function evolveSuccessCase(state: SuccessCaseState, event: CaseEvent): SuccessCaseState {
  const seq = state.seq + 1;
  const at = event.data.occurredAt;
  const next = { ...state, seq };
  switch (event.type) {
    case 'CaseOpened':
      return { ...next, intake: { at, seq, ageBand: text(event.data.ageBand, 'unknown') } };
    case 'ConsultationHeld': {
      const consultationId = text(event.data.consultationId, `#${seq}`);
      return { ...next, consultations: [...state.consultations.filter((c) => c.consultationId !== consultationId), { consultationId, at, seq }] };
    }
    case 'ServiceRecordVoided': {
      const { recordId } = event.data;
      return state.consultations.some((c) => c.consultationId === recordId)
        ? { ...next, consultations: state.consultations.filter((c) => c.consultationId !== recordId) }
        : next;
    }
    case 'JobConditionsChanged': {
      const kinds = relaxationKinds(event.data.changes);
      return kinds.length === 0 ? next : { ...next, relaxations: [...state.relaxations, { at, seq, kinds }] };
    }
    case 'PlacementRecorded':
      return {
        ...next,
        placements: [...state.placements, {
          at, seq, placementId: text(event.data.placementId, `#${seq}`), program: text(event.data.program, 'unknown'),
          employmentType: text(event.data.employmentType, 'unknown'), retracted: false,
        }],
      };
    case 'PlacementRetracted':
      return { ...next, placements: state.placements.map((p) => (p.placementId === event.data.placementId ? { ...p, retracted: true } : p)) };
    default:
      return next;
  }
}

/** `a` happened before `b`: earlier by the clock, or at the same instant and earlier in the case. */
const before = (a: Step, b: Step): boolean => {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return ta < tb || (ta === tb && a.seq < b.seq);
};

/**
 * The case's success row: its first unretracted placement (by when it happened) and what preceded
 * it; null without an intake or an unretracted placement. Months are taken in `timeZone`.
 */
export function successCaseOf(state: SuccessCaseState, timeZone: string): SuccessCase | null {
  const { intake } = state;
  if (!intake) return null;
  const placement = state.placements.filter((p) => !p.retracted).reduce<SuccessCasePlacement | null>(
    (first, p) => (first === null || before(p, first) ? p : first), null);
  if (!placement) return null;
  const relaxations = state.relaxations.filter((r) => before(r, placement)).sort((a, b) => (before(a, b) ? -1 : 1));
  const placementMonth = monthOf(placement.at, timeZone);
  return {
    program: placement.program,
    ageBand: intake.ageBand,
    intakeMonth: monthOf(intake.at, timeZone),
    placementMonth,
    fiscalYear: fiscalYearOfMonth(placementMonth),
    daysToPlacement: Math.floor((Date.parse(placement.at) - Date.parse(intake.at)) / DAY_MS),
    employmentType: placement.employmentType,
    relaxedBeforePlacement: relaxations.length > 0,
    relaxationsBeforePlacement: [...new Set(relaxations.flatMap((r) => r.kinds))],
    consultationsBeforePlacement: state.consultations.filter((c) => before(c, placement)).length,
  };
}

/** Folds a case's events from the start: what the projection does batch by batch. */
export function foldSuccessCase(events: readonly CaseEvent[], state: SuccessCaseState = initialSuccessCaseState): SuccessCaseState {
  return events.reduce(evolveSuccessCase, state);
}
