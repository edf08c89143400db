/**
 * Read models are versioned: a rebuild fills the tables of a new version while reads keep using
 * the active one, then switches over. Every table name carries its version.
 */
export type ReadModelTables = Readonly<{
  countedRecords: string;
  /** The targets now in force. */
  targets: string;
  /** Every target as it was set, revised or withdrawn, with when that was recorded (for knownAt). */
  targetHistory: string;
  caseloads: string;
  streamRevisions: string;
  /** One de-identified row per placed, unretracted case (GET /success-cases). */
  successCases: string;
  /** The working state each case folds into for its success row (JSON per case). */
  successCaseStates: string;
}>;

export const PROJECTION_VERSIONS_TABLE = 'ayumi_projection_versions';

export function readModelTables(version: number): ReadModelTables {
  if (!Number.isInteger(version) || version < 1) throw new Error(`Invalid read-model version ${version}`);
  const prefix = `ayumi_rm_v${version}`;
  return {
    countedRecords: `${prefix}_counted_records`,
    targets: `${prefix}_targets`,
    targetHistory: `${prefix}_target_history`,
    caseloads: `${prefix}_caseloads`,
    streamRevisions: `${prefix}_stream_revisions`,
    successCases: `${prefix}_success_cases`,
    successCaseStates: `${prefix}_success_case_states`,
  };
}

/**
 * One row per read-model version. `checkpoint` is the log position the version includes. A version
 * that starts on a non-empty log is first filled stream by stream up to `fill_horizon` (the log's
 * head then), `fill_cursor` recording how far; its checkpoint is null until that fill ends.
 */
export const PROJECTION_VERSIONS_DDL = [
  `CREATE TABLE IF NOT EXISTS ${PROJECTION_VERSIONS_TABLE} (
    version          integer PRIMARY KEY,
    status           text NOT NULL CHECK (status IN ('building', 'active', 'retired')),
    checkpoint       text,
    events_processed bigint NOT NULL DEFAULT 0,
    malformed_events bigint NOT NULL DEFAULT 0,
    started_at       timestamptz NOT NULL DEFAULT now(),
    activated_at     timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    fill_horizon     text,
    fill_cursor      text
  )`,
  `ALTER TABLE ${PROJECTION_VERSIONS_TABLE} ADD COLUMN IF NOT EXISTS fill_horizon text, ADD COLUMN IF NOT EXISTS fill_cursor text`,
];

/**
 * The tables of one version. Every counted service is a row with its attribution date and the
 * times it was recorded and un-counted, so counts as of any date and as known at any time are
 * exact aggregates rather than incremented numbers.
 */
export function readModelDdl(t: ReadModelTables): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${t.countedRecords} (
      record_id    text NOT NULL,
      program      text NOT NULL,
      metric       text NOT NULL,
      breakdown    text,
      month        text NOT NULL,
      local_date   text NOT NULL,
      owner_id     text NOT NULL,
      recorded_at  timestamptz NOT NULL,
      uncounted_at timestamptz,
      PRIMARY KEY (owner_id, record_id, program, metric)
    )`,
    // The key leads with the owner: a rebuild fills the table case by case, so its inserts land at the
    // right edge of the index rather than at random ids. Tables keyed by the record alone, from before,
    // get an index on the owner for un-counting.
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                      WHERE i.indrelid = '${t.countedRecords}'::regclass AND a.attname = 'owner_id') THEN
         CREATE INDEX ${t.countedRecords}_by_owner ON ${t.countedRecords} (owner_id);
       END IF;
     END $$`,
    `CREATE INDEX IF NOT EXISTS ${t.countedRecords}_by_month ON ${t.countedRecords} (program, metric, month)`,
    `CREATE TABLE IF NOT EXISTS ${t.targets} (
      fiscal_year integer NOT NULL,
      program     text NOT NULL,
      metric      text NOT NULL,
      period      text NOT NULL,
      target      double precision NOT NULL,
      PRIMARY KEY (fiscal_year, program, metric)
    )`,
    // target NULL: withdrawn at recorded_at.
    `CREATE TABLE IF NOT EXISTS ${t.targetHistory} (
      fiscal_year integer NOT NULL,
      program     text NOT NULL,
      metric      text NOT NULL,
      period      text NOT NULL,
      target      double precision,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (fiscal_year, program, metric, recorded_at)
    )`,
    // Tables made before the history existed start it from the targets they hold, known since always.
    `INSERT INTO ${t.targetHistory} (fiscal_year, program, metric, period, target, recorded_at)
     SELECT fiscal_year, program, metric, period, target, '-infinity' FROM ${t.targets}
     WHERE NOT EXISTS (SELECT 1 FROM ${t.targetHistory})`,
    `CREATE TABLE IF NOT EXISTS ${t.caseloads} (
      case_id         text PRIMARY KEY,
      navigator_id    text,
      status          text NOT NULL,
      age_band        text NOT NULL,
      programs        jsonb NOT NULL,
      opened_at       timestamptz NOT NULL,
      last_contact_at timestamptz,
      closed_at       timestamptz,
      contacts        jsonb NOT NULL DEFAULT '{}',
      earlier_contact_at timestamptz
    )`,
    // Tables of a version made before contacts were kept: their rows recompute nothing until rebuilt.
    `ALTER TABLE ${t.caseloads} ADD COLUMN IF NOT EXISTS contacts jsonb NOT NULL DEFAULT '{}'`,
    `ALTER TABLE ${t.caseloads} ADD COLUMN IF NOT EXISTS earlier_contact_at timestamptz`,
    // Their last contact becomes the earlier one, so voiding a later record falls back to it, not to none.
    `UPDATE ${t.caseloads} SET earlier_contact_at = last_contact_at
     WHERE contacts = '{}' AND earlier_contact_at IS NULL AND last_contact_at IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${t.caseloads}_by_navigator ON ${t.caseloads} (navigator_id, status)`,
    `CREATE TABLE IF NOT EXISTS ${t.streamRevisions} (
      stream_id text PRIMARY KEY,
      revision  integer NOT NULL
    )`,
    // case_id is the key for updates only and is never read out. Rows are listed and paged in
    // (placement_month, sort_key) order, sort_key being md5(case_id): the paging cursor carries a
    // one-way hash, never an id, and (an md5 collision among case ids aside) the key is unique.
    `CREATE TABLE IF NOT EXISTS ${t.successCases} (
      case_id           text PRIMARY KEY,
      sort_key          text NOT NULL,
      program           text NOT NULL,
      age_band          text NOT NULL,
      intake_month      text NOT NULL,
      placement_month   text NOT NULL,
      fiscal_year       integer NOT NULL,
      days_to_placement integer NOT NULL,
      employment_type   text NOT NULL,
      relaxed           boolean NOT NULL,
      relaxations       jsonb NOT NULL,
      consultations     integer NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${t.successCases}_by_fiscal_year ON ${t.successCases} (fiscal_year, placement_month, sort_key)`,
    `CREATE INDEX IF NOT EXISTS ${t.successCases}_in_order ON ${t.successCases} (placement_month, sort_key)`,
    `CREATE TABLE IF NOT EXISTS ${t.successCaseStates} (
      case_id text PRIMARY KEY,
      state   jsonb NOT NULL
    )`,
  ];
}
