import type { CountedRecord, SuccessCase, SuccessCaseState, UncountedRecord } from '@ayumi/domain';
import {
  countingEffectOf, evolveSuccessCase, fiscalYearOfMonth, initialSuccessCaseState, laterOf, storedSuccessCaseState, successCaseOf,
} from '@ayumi/domain';
import type { AyumiEvent, CaseEvent, PlanEvent } from '@ayumi/events';
import { upcast } from '@ayumi/events';
import type { StoredEventWithoutMetadata } from '@ayumi/event-store';
import type { SqlExecutor } from '@ayumi/sql';
import type { ReadModelTables } from './read-model-tables';

export type CounterKey = Readonly<{ program: string; metric: string; month: string }>;

/** One string per counter, for sets of changed counters. */
export const counterKeyOf = (k: CounterKey) => `${k.program}\u0000${k.metric}\u0000${k.month}`;

export type BatchOutcome = Readonly<{
  applied: number;
  /** Events at or below a stream's last applied revision: redeliveries, ignored. */
  duplicates: number;
  malformed: readonly { eventId: string; error: string }[];
  /** Counters whose figures may have changed, with the fiscal years of their months. */
  changed: readonly (CounterKey & { fiscalYear: number })[];
  changedTargetYears: readonly number[];
}>;

type CaseloadRow = {
  case_id: string;
  navigator_id: string | null;
  status: string;
  age_band: string;
  programs: unknown;
  opened_at: string;
  last_contact_at: string | null;
  closed_at: string | null;
  /**
   * The latest few contacts by record id, and the latest of those before them: a voided record stops
   * being the last contact. A Map in memory: objects keyed by ever new ids make V8 build a new hidden
   * class for each (most of a rebuild's caseload time); stored as a JSON object.
   */
  contacts: Map<string, string>;
  earlier_contact_at: string | null;
};

/** The record id of an event that is a contact with the client, or null. */
function contactId(event: CaseEvent): string | null {
  switch (event.type) {
    case 'ConsultationHeld': return event.data.consultationId;
    case 'JobReferralIssued': return event.data.referralId;
    case 'PlacementRecorded': return event.data.placementId;
    case 'FollowUpRecorded': return event.data.followUpId;
    default: return null;
  }
}

/**
 * A row keeps its few latest contacts, not all of them, so that it stays small however long a case
 * runs (it is rewritten with every batch that touches the case); a void nearly always concerns a recent
 * record. Voiding one older than these leaves the last contact as it was.
 */
const RECENT_CONTACTS_KEPT = 3;

function recordContact(row: CaseloadRow, id: string, at: string): void {
  row.last_contact_at = later(row.last_contact_at, at);
  row.contacts.set(id, at);
  if (row.contacts.size <= RECENT_CONTACTS_KEPT) return;
  // Of contacts on the same date, the one recorded last is the one that goes.
  const [oldest] = [...row.contacts].reduce((a, b) => (Date.parse(b[1]) <= Date.parse(a[1]) ? b : a));
  row.earlier_contact_at = later(row.earlier_contact_at, row.contacts.get(oldest)!);
  row.contacts.delete(oldest);
}

function voidContact(row: CaseloadRow, id: string): void {
  // Rows from before contacts were kept have none to recompute from; a rebuild fills them.
  if (!row.contacts.delete(id)) return;
  row.last_contact_at = [...row.contacts.values()].reduce<string | null>(later, row.earlier_contact_at);
}
const json = (value: unknown) => JSON.stringify(value);
/** A Map as a JSON object, without building the object (see CaseloadRow.contacts). */
const jsonObjectOf = (map: ReadonlyMap<string, string>) => `{${[...map].map(([key, value]) => `${json(key)}:${json(value)}`).join(',')}}`;
/** Rows go to PostgreSQL as one array per column (`unnest`): it read the counted records that way several times faster than as JSON. */
const column = <Row, Key extends keyof Row>(rows: readonly Row[], key: Key): Row[Key][] => rows.map((row) => row[key]);
const later = (a: string | null, b: string) => (a === null ? b : laterOf(a, b));

/**
 * Applies a batch of log events to every read model of one version, inside the caller's transaction
 * (which also stores the checkpoint). Idempotent: each stream's last applied revision is kept, so a
 * redelivered event changes nothing. Never throws on a stored event: one it cannot read is reported.
 *
 * `lockStreams` is for deliveries that can overlap (Kafka workers around a rebalance): the batch's
 * stream rows are locked before they are read, so a slower delivery of older events cannot write its
 * stale rows over a newer one. The log-following loop, one per version, needs no locks.
 */
export async function projectBatch(
  tx: SqlExecutor, t: ReadModelTables, stored: readonly StoredEventWithoutMetadata[], timeZone: string, { lockStreams = false } = {},
): Promise<BatchOutcome> {
  const streamIds = [...new Set(stored.map((e) => e.streamId))].sort();
  if (lockStreams) {
    // Row locks, in one order for every worker (no deadlocks); advisory locks would fill PostgreSQL's lock table.
    await tx.query(`INSERT INTO ${t.streamRevisions} (stream_id, revision) SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING`, [streamIds]);
  }
  const known = new Map((await tx.query<{ stream_id: string; revision: number }>(
    `SELECT stream_id, revision FROM ${t.streamRevisions} WHERE stream_id = ANY($1::text[])${lockStreams ? ' ORDER BY stream_id FOR UPDATE' : ''}`,
    [streamIds],
  )).map((r) => [r.stream_id, r.revision]));

  const counts: (CountedRecord & { recordedAt: string })[] = [];
  const uncounts: (UncountedRecord & { recordedAt: string })[] = [];
  const caseEvents: CaseEvent[] = [];
  const planEvents: { event: PlanEvent; recordedAt: string }[] = [];
  const malformed: { eventId: string; error: string }[] = [];
  let duplicates = 0;

  for (const event of stored) {
    if (event.revision <= (known.get(event.streamId) ?? 0)) {
      duplicates += 1;
      continue;
    }
    known.set(event.streamId, event.revision);
    try {
      const domainEvent = readEvent(event);
      const effect = countingEffectOf(domainEvent, timeZone);
      counts.push(...effect.counts.map((c) => ({ ...c, recordedAt: event.recordedAt })));
      uncounts.push(...effect.uncounts.map((u) => ({ ...u, recordedAt: event.recordedAt })));
      if (event.streamId.startsWith('case-')) caseEvents.push(domainEvent as CaseEvent);
      if (event.streamId.startsWith('plan-')) planEvents.push({ event: domainEvent as PlanEvent, recordedAt: event.recordedAt });
    } catch (error) {
      malformed.push({ eventId: event.eventId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  const touched = new Map<string, CounterKey>();
  const touch = (k: CounterKey) => touched.set(counterKeyOf(k), { program: k.program, metric: k.metric, month: k.month });
  counts.forEach(touch);

  if (counts.length > 0) {
    await tx.query(
      `INSERT INTO ${t.countedRecords} (record_id, program, metric, breakdown, month, local_date, owner_id, recorded_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [column(counts, 'recordId'), column(counts, 'program'), column(counts, 'metric'), column(counts, 'breakdown'),
        column(counts, 'month'), column(counts, 'date'), column(counts, 'caseOrEmployerId'), column(counts, 'recordedAt')],
    );
  }
  if (uncounts.length > 0) {
    // `owner_id = ANY(…)` keeps this an index lookup (the key leads with the owner) even before the table
    // has statistics, as in a rebuild, which fills it faster than autovacuum analyses it: a plain join
    // scanned the whole table.
    const uncounted = await tx.query<CounterKey>(
      `UPDATE ${t.countedRecords} AS c SET uncounted_at = u.recorded_at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(owner_id, record_id, recorded_at)
       WHERE c.owner_id = u.owner_id AND c.record_id = u.record_id AND c.owner_id = ANY($1::text[]) AND c.uncounted_at IS NULL
       RETURNING c.program, c.metric, c.month`,
      [column(uncounts, 'caseOrEmployerId'), column(uncounts, 'recordId'), column(uncounts, 'recordedAt')],
    );
    uncounted.forEach(touch);
  }
  await applyCaseloads(tx, t, caseEvents);
  await applySuccessCases(tx, t, caseEvents, timeZone);
  const changedTargetYears = await applyPlans(tx, t, planEvents);

  if (known.size > 0) {
    await tx.query(
      `INSERT INTO ${t.streamRevisions} (stream_id, revision)
       SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (stream_id) DO UPDATE SET revision = GREATEST(${t.streamRevisions}.revision, excluded.revision)`,
      [[...known.keys()], [...known.values()]],
    );
  }
  return {
    applied: stored.length - duplicates - malformed.length,
    duplicates,
    malformed,
    changed: [...touched.values()].map((k) => ({ ...k, fiscalYear: fiscalYearOfMonth(k.month) })),
    changedTargetYears,
  };
}

/**
 * Records a stream's event as done without applying it (one PostgreSQL refused, see
 * applyPassingOverRefused): a redelivery of it is then a duplicate, not a second report.
 */
export async function passOverEvent(tx: SqlExecutor, t: ReadModelTables, event: StoredEventWithoutMetadata): Promise<void> {
  await tx.query(
    `INSERT INTO ${t.streamRevisions} (stream_id, revision) VALUES ($1, $2)
     ON CONFLICT (stream_id) DO UPDATE SET revision = GREATEST(${t.streamRevisions}.revision, excluded.revision)`,
    [event.streamId, event.revision],
  );
}

/**
 * A date-time PostgreSQL's timestamptz can hold: a four-digit year from 0001 and an offset up to
 * ±15:59. (The API accepts less; this guards events stored before it did, or by other writers.)
 */
function isStorableInstant(text: string): boolean {
  if (!/^\d{4}-/.test(text) || text.startsWith('0000') || Number.isNaN(Date.parse(text))) return false;
  const offset = /[+-](\d{2}):?\d{2}$/.exec(text.slice('YYYY-MM-DD'.length));
  return offset === null || Number(offset[1]) <= 15;
}

function isTarget(value: unknown): boolean {
  const target = (value ?? {}) as Record<string, unknown>;
  return typeof value === 'object' && ['program', 'metric', 'period'].every((k) => typeof target[k] === 'string')
    && typeof target['target'] === 'number' && Number.isFinite(target['target']);
}

/** Reads a stored event into its current shape, refusing one whose data cannot be projected. */
function readEvent(stored: StoredEventWithoutMetadata): AyumiEvent {
  const event = upcast(stored);
  const { data } = event;
  const text = (name: string) => typeof data[name] === 'string';
  if (!text('occurredAt') || !isStorableInstant(String(data['occurredAt']))) throw new Error('occurredAt is missing or not a date-time PostgreSQL can hold');
  if (stored.streamId.startsWith('case-') && !text('caseId')) throw new Error('caseId is missing');
  if (event.type === 'CaseOpened' && (!text('ageBand') || !Array.isArray(data['programs']))) throw new Error('CaseOpened lacks ageBand or programs');
  if (stored.streamId.startsWith('plan-') && typeof data['fiscalYear'] !== 'number') throw new Error('fiscalYear is missing');
  if (event.type === 'BusinessPlanAdopted' && !(Array.isArray(data['targets']) && data['targets'].every(isTarget))) {
    throw new Error('targets are missing or not each {program, metric, period, target}');
  }
  return event as unknown as AyumiEvent;
}

async function applyCaseloads(tx: SqlExecutor, t: ReadModelTables, events: readonly CaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.data.caseId))];
  const rows = new Map((await tx.query<Omit<CaseloadRow, 'contacts'> & { contacts: Record<string, string> }>(
    `SELECT case_id, navigator_id, status, age_band, programs, opened_at::text, last_contact_at::text, closed_at::text, contacts,
       earlier_contact_at::text
     FROM ${t.caseloads} WHERE case_id = ANY($1::text[])`,
    [ids],
  )).map((r): [string, CaseloadRow] => [r.case_id, { ...r, contacts: new Map(Object.entries(r.contacts)) }]));

  for (const event of events) {
    const { caseId, occurredAt } = event.data;
    if (event.type === 'CaseOpened') {
      rows.set(caseId, {
        case_id: caseId, navigator_id: null, status: 'open', age_band: event.data.ageBand, programs: event.data.programs,
        opened_at: occurredAt, last_contact_at: null, closed_at: null, contacts: new Map(), earlier_contact_at: null,
      });
      continue;
    }
    const row = rows.get(caseId);
    if (!row) continue;
    if (event.type === 'NavigatorAssigned') row.navigator_id = event.data.navigatorId;
    const contact = contactId(event);
    if (contact !== null) recordContact(row, contact, occurredAt);
    if (event.type === 'ServiceRecordVoided') voidContact(row, event.data.recordId);
    if (event.type === 'CaseClosed') Object.assign(row, { status: 'closed', closed_at: occurredAt });
    if (event.type === 'CaseReopened') Object.assign(row, { status: 'open', closed_at: null });
  }
  const written = ids.flatMap((id) => rows.get(id) ?? []);
  await tx.query(
    `INSERT INTO ${t.caseloads} (case_id, navigator_id, status, age_band, programs, opened_at, last_contact_at, closed_at, contacts, earlier_contact_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::jsonb[], $10::timestamptz[])
     ON CONFLICT (case_id) DO UPDATE SET navigator_id = excluded.navigator_id, status = excluded.status,
       last_contact_at = excluded.last_contact_at, closed_at = excluded.closed_at, contacts = excluded.contacts,
       earlier_contact_at = excluded.earlier_contact_at`,
    [column(written, 'case_id'), column(written, 'navigator_id'), column(written, 'status'), column(written, 'age_band'),
      written.map((r) => json(r.programs)), column(written, 'opened_at'), column(written, 'last_contact_at'), column(written, 'closed_at'),
      written.map((r) => jsonObjectOf(r.contacts)), column(written, 'earlier_contact_at')],
  );
}

async function applyPlans(tx: SqlExecutor, t: ReadModelTables, events: readonly { event: PlanEvent; recordedAt: string }[]): Promise<number[]> {
  for (const { event, recordedAt } of events) {
    const { fiscalYear } = event.data;
    if (event.type === 'BusinessPlanAdopted') {
      // A new plan replaces the year's: targets it leaves out are withdrawn.
      await tx.query(
        `INSERT INTO ${t.targetHistory} (fiscal_year, program, metric, period, target, recorded_at)
         SELECT fiscal_year, program, metric, period, NULL, $2 FROM ${t.targets} WHERE fiscal_year = $1
         ON CONFLICT (fiscal_year, program, metric, recorded_at) DO UPDATE SET period = excluded.period, target = excluded.target`,
        [fiscalYear, recordedAt]);
      await tx.query(`DELETE FROM ${t.targets} WHERE fiscal_year = $1`, [fiscalYear]);
      for (const target of event.data.targets) {
        await setTarget(tx, t, { fiscalYear, program: target.program, metric: target.metric, period: target.period, target: target.target }, recordedAt);
      }
    } else {
      await setTarget(tx, t, { fiscalYear, program: event.data.program, metric: event.data.metric, period: event.data.period, target: event.data.to }, recordedAt);
    }
  }
  return [...new Set(events.map((e) => e.event.data.fiscalYear))];
}

type TargetRow = Readonly<{ fiscalYear: number; program: string; metric: string; period: string; target: number | null }>;

/** Sets (or, with a null target, withdraws) one target now and in its history. */
async function setTarget(tx: SqlExecutor, t: ReadModelTables, row: TargetRow, recordedAt: string): Promise<void> {
  const key = [row.fiscalYear, row.program, row.metric];
  if (row.target === null) {
    await tx.query(`DELETE FROM ${t.targets} WHERE fiscal_year = $1 AND program = $2 AND metric = $3`, key);
  } else {
    await tx.query(
      `INSERT INTO ${t.targets} (fiscal_year, program, metric, period, target) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (fiscal_year, program, metric) DO UPDATE SET period = excluded.period, target = excluded.target`,
      [...key, row.period, row.target]);
  }
  await tx.query(
    `INSERT INTO ${t.targetHistory} (fiscal_year, program, metric, period, target, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (fiscal_year, program, metric, recorded_at) DO UPDATE SET period = excluded.period, target = excluded.target`,
    [...key, row.period, row.target, recordedAt]);
}

/**
 * Folds case events into each case's success-case working state (kept per case, so a case whose
 * placement comes batches after its intake is complete) and writes the case's row, or removes it
 * when the case has no unretracted placement any more. The fold is total over events `readEvent`
 * accepted, so it cannot stop the projection.
 */
async function applySuccessCases(tx: SqlExecutor, t: ReadModelTables, events: readonly CaseEvent[], timeZone: string): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.data.caseId))];
  const states = new Map((await tx.query<{ case_id: string; state: SuccessCaseState }>(
    `SELECT case_id, state FROM ${t.successCaseStates} WHERE case_id = ANY($1::text[])`,
    [ids],
  )).map((r) => [r.case_id, storedSuccessCaseState(r.state)]));
  const hadRow = new Set([...states].filter(([, state]) => successCaseOf(state, timeZone) !== null).map(([caseId]) => caseId));
  for (const event of events) {
    states.set(event.data.caseId, evolveSuccessCase(states.get(event.data.caseId) ?? initialSuccessCaseState, event));
  }

  const rows: (SuccessCase & { caseId: string })[] = [];
  const removed: string[] = [];
  for (const [caseId, state] of states) {
    const row = successCaseOf(state, timeZone);
    if (row) rows.push({ ...row, caseId });
    else if (hadRow.has(caseId)) removed.push(caseId);
  }

  // One JSON document, not column arrays: a jsonb[] literal escapes every quote of these nested states
  // and measured slower in the rebuild benchmark.
  await tx.query(
    `INSERT INTO ${t.successCaseStates} (case_id, state)
     SELECT s->>0, s->1 FROM jsonb_array_elements($1::jsonb) AS s
     ON CONFLICT (case_id) DO UPDATE SET state = excluded.state`,
    [json([...states])],
  );
  if (removed.length > 0) {
    await tx.query(`DELETE FROM ${t.successCases} WHERE case_id = ANY($1::text[])`, [removed]);
  }
  if (rows.length > 0) {
    await tx.query(
      `INSERT INTO ${t.successCases} (case_id, sort_key, program, age_band, intake_month, placement_month, fiscal_year, days_to_placement,
         employment_type, relaxed, relaxations, consultations)
       SELECT r.case_id, md5(r.case_id), r.program, r.age_band, r.intake_month, r.placement_month, r.fiscal_year, r.days_to_placement,
              r.employment_type, r.relaxed, r.relaxations, r.consultations
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::boolean[], $10::jsonb[], $11::int[])
         AS r(case_id, program, age_band, intake_month, placement_month, fiscal_year, days_to_placement, employment_type, relaxed, relaxations, consultations)
       ON CONFLICT (case_id) DO UPDATE SET program = excluded.program, age_band = excluded.age_band, intake_month = excluded.intake_month,
         placement_month = excluded.placement_month, fiscal_year = excluded.fiscal_year, days_to_placement = excluded.days_to_placement,
         employment_type = excluded.employment_type, relaxed = excluded.relaxed, relaxations = excluded.relaxations,
         consultations = excluded.consultations`,
      [column(rows, 'caseId'), column(rows, 'program'), column(rows, 'ageBand'), column(rows, 'intakeMonth'), column(rows, 'placementMonth'),
        column(rows, 'fiscalYear'), column(rows, 'daysToPlacement'), column(rows, 'employmentType'), column(rows, 'relaxedBeforePlacement'),
        rows.map((r) => json(r.relaxationsBeforePlacement)), column(rows, 'consultationsBeforePlacement')],
    );
  }
}
