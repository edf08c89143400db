import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { SqlClient, SqlExecutor } from '@ayumi/sql';

/**
 * Personal data kept out of the immutable log: each client has its own data key, wrapped by the
 * master key; each record (the intake's personal details, a note) is sealed with AES-256-GCM under
 * the client's key and referenced from events by id. Destroying the client's key (crypto-shredding)
 * makes every record of that client unreadable forever, while the events, and every count built on
 * them, stay exactly as they were.
 */

export const VAULT_KEYS_TABLE = 'ayumi_vault_keys';
export const VAULT_RECORDS_TABLE = 'ayumi_vault_records';

export type PersonalRecord = Readonly<Record<string, unknown>>;

/** What a reader gets for a reference: the record, or the fact that it was erased (or never stored). */
export type Unsealed =
  | Readonly<{ status: 'available'; record: PersonalRecord }>
  | Readonly<{ status: 'erased'; erasedAt: string }>
  | Readonly<{ status: 'missing' }>;

/** A record reference already holds another client's record: one command reused for another client. */
export class PersonalDataRefTakenError extends Error {
  constructor(readonly recordRef: string) {
    super(`Personal-data record ${recordRef} belongs to another client`);
    this.name = 'PersonalDataRefTakenError';
  }
}

export class PersonalDataErasedError extends Error {
  constructor(readonly clientRef: string, readonly erasedAt: string) {
    super(`The personal data of client ${clientRef} was erased at ${erasedAt}; record the step without personal data`);
    this.name = 'PersonalDataErasedError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

type KeyRow = { wrapped_key: Buffer | Uint8Array | null; erased_at: string | null };
type RecordRow = { record_ref: string; client_ref: string; sealed: Buffer | Uint8Array | null };

export class PersonalDataVault {
  constructor(private readonly sql: SqlClient, private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new RangeError('The master key must be 32 bytes (AES-256)');
  }

  /** Its tables, created by openSecurity. */
  static readonly schema: readonly string[] = [
    `CREATE TABLE IF NOT EXISTS ${VAULT_KEYS_TABLE} (
      client_ref  text PRIMARY KEY,
      wrapped_key bytea,
      created_at  timestamptz NOT NULL DEFAULT now(),
      erased_at   timestamptz,
      erased_by   text
    )`,
    `CREATE TABLE IF NOT EXISTS ${VAULT_RECORDS_TABLE} (
      record_ref text PRIMARY KEY,
      client_ref text NOT NULL,
      sealed     bytea,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX IF NOT EXISTS ${VAULT_RECORDS_TABLE}_by_client ON ${VAULT_RECORDS_TABLE} (client_ref)`,
  ];

  /**
   * Stores a record under the client's key (made on first use). References are made per attempt of a
   * command, so storing one again is the same attempt retrying (after a conflict) and replaces its
   * record. A reference taken by another client is refused, and so is every record once the client's
   * data has been erased.
   */
  async store(clientRef: string, recordRef: string, record: PersonalRecord): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const key = await this.clientKey(tx, clientRef);
      const sealed = seal(key, Buffer.from(JSON.stringify(record), 'utf8'), `${clientRef}\u0000${recordRef}`);
      const stored = await tx.query(
        `INSERT INTO ${VAULT_RECORDS_TABLE} (record_ref, client_ref, sealed) VALUES ($1, $2, $3)
         ON CONFLICT (record_ref) DO UPDATE SET sealed = excluded.sealed WHERE ${VAULT_RECORDS_TABLE}.client_ref = excluded.client_ref
         RETURNING record_ref`,
        [recordRef, clientRef, sealed]);
      if (stored.length === 0) throw new PersonalDataRefTakenError(recordRef);
    });
  }

  /**
   * Whether the vault holds `record` under `recordRef`, for a retried command whose events are in the
   * log: its personal data is not in the request's fingerprint. An erased record cannot be compared
   * and counts as the same (the retry writes nothing); a missing one means the first request had none.
   */
  async holds(recordRef: string, record: PersonalRecord): Promise<boolean> {
    const stored = (await this.read([recordRef])).get(recordRef);
    if (stored?.status === 'erased') return true;
    // Compared as stored: JSON, without class prototypes or undefined fields.
    return stored?.status === 'available' && isDeepStrictEqual(stored.record, JSON.parse(JSON.stringify(record)));
  }

  /** Removes records no event refers to: those of an attempt whose events were refused or came second. */
  async discard(recordRefs: readonly string[]): Promise<void> {
    if (recordRefs.length === 0) return;
    await this.sql.query(`DELETE FROM ${VAULT_RECORDS_TABLE} WHERE record_ref = ANY($1::text[])`, [recordRefs]);
  }

  /** The records behind references, decrypted; an erased client's records read as erased. */
  async read(recordRefs: readonly string[]): Promise<Map<string, Unsealed>> {
    const result = new Map<string, Unsealed>(recordRefs.map((ref) => [ref, { status: 'missing' }]));
    if (recordRefs.length === 0) return result;
    const rows = await this.sql.query<RecordRow & KeyRow>(
      `SELECT r.record_ref, r.client_ref, r.sealed, k.wrapped_key, k.erased_at::text
       FROM ${VAULT_RECORDS_TABLE} r JOIN ${VAULT_KEYS_TABLE} k USING (client_ref)
       WHERE r.record_ref IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(recordRefs)]);
    for (const row of rows) {
      if (row.erased_at !== null || row.wrapped_key === null || row.sealed === null) {
        result.set(row.record_ref, { status: 'erased', erasedAt: new Date(row.erased_at ?? 0).toISOString() });
        continue;
      }
      const key = open(this.masterKey, Buffer.from(row.wrapped_key), row.client_ref);
      const record = JSON.parse(open(key, Buffer.from(row.sealed), `${row.client_ref}\u0000${row.record_ref}`).toString('utf8')) as PersonalRecord;
      result.set(row.record_ref, { status: 'available', record });
    }
    return result;
  }

  /**
   * Crypto-shredding: destroys the client's data key and ciphertexts, keeping a tombstone so that
   * reads say "erased" and later writes of personal data for the client are refused. Idempotent.
   * Returns how many records became unreadable.
   */
  async erase(clientRef: string, erasedBy: string): Promise<{ records: number; erasedAt: string }> {
    return this.sql.transaction(async (tx) => {
      const [key] = await tx.query<{ erased_at: string }>(
        `INSERT INTO ${VAULT_KEYS_TABLE} (client_ref, wrapped_key, erased_at, erased_by) VALUES ($1, NULL, now(), $2)
         ON CONFLICT (client_ref) DO UPDATE SET wrapped_key = NULL, erased_at = coalesce(${VAULT_KEYS_TABLE}.erased_at, now()),
           erased_by = coalesce(${VAULT_KEYS_TABLE}.erased_by, excluded.erased_by)
         RETURNING erased_at::text`, [clientRef, erasedBy]);
      const records = await tx.query<{ record_ref: string }>(
        `UPDATE ${VAULT_RECORDS_TABLE} SET sealed = NULL WHERE client_ref = $1 AND sealed IS NOT NULL RETURNING record_ref`, [clientRef]);
      return { records: records.length, erasedAt: new Date(key!.erased_at).toISOString() };
    });
  }

  private async clientKey(tx: SqlExecutor, clientRef: string): Promise<Buffer> {
    const fresh = randomBytes(32);
    await tx.query(`INSERT INTO ${VAULT_KEYS_TABLE} (client_ref, wrapped_key) VALUES ($1, $2) ON CONFLICT (client_ref) DO NOTHING`,
      [clientRef, seal(this.masterKey, fresh, clientRef)]);
    const [row] = await tx.query<KeyRow>(`SELECT wrapped_key, erased_at::text FROM ${VAULT_KEYS_TABLE} WHERE client_ref = $1`, [clientRef]);
    if (row!.erased_at !== null || row!.wrapped_key === null) throw new PersonalDataErasedError(clientRef, new Date(row!.erased_at ?? 0).toISOString());
    return open(this.masterKey, Buffer.from(row!.wrapped_key), clientRef);
  }
}
