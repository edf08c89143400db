import type { SqlClient } from '@ayumi/sql';
import type { Principal } from './roles';

/** Who read or erased whose personal data, and when; append-only, kept outside the event log. */

export const AUDIT_TABLE = 'ayumi_audit_trail';

export const AUDIT_ACTIONS = ['personal-data.read', 'personal-data.erased', 'token.issued', 'token.revoked'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = Readonly<{
  at: string;
  userId: string;
  role: string;
  action: AuditAction;
  /** The client whose data was touched, when there is one. */
  clientRef: string | null;
  /** Where: the case, or the token concerned. */
  subject: string;
  /** The endpoint or tool that did it. */
  via: string;
}>;

export type AuditQuery = Readonly<{ clientRef?: string; userId?: string; limit: number }>;

type AuditRow = { at: string; user_id: string; role: string; action: AuditAction; client_ref: string | null; subject: string; via: string };

export class AuditTrail {
  constructor(private readonly sql: SqlClient) {}

  /** Its tables, created by openSecurity. */
  static readonly schema: readonly string[] = [
    `CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
      seq        bigserial PRIMARY KEY,
      at         timestamptz NOT NULL DEFAULT now(),
      user_id    text NOT NULL,
      role       text NOT NULL,
      action     text NOT NULL,
      client_ref text,
      subject    text NOT NULL,
      via        text NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${AUDIT_TABLE}_by_client ON ${AUDIT_TABLE} (client_ref, seq)`,
  ];

  async record(principal: Principal, action: AuditAction, entry: Readonly<{ clientRef: string | null; subject: string; via: string }>): Promise<void> {
    await this.sql.query(
      `INSERT INTO ${AUDIT_TABLE} (user_id, role, action, client_ref, subject, via) VALUES ($1, $2, $3, $4, $5, $6)`,
      [principal.userId, principal.role, action, entry.clientRef, entry.subject, entry.via]);
  }

  /** The newest entries first. */
  async entries(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = await this.sql.query<AuditRow>(
      `SELECT at::text, user_id, role, action, client_ref, subject, via FROM ${AUDIT_TABLE}
       WHERE ($1::text IS NULL OR client_ref = $1) AND ($2::text IS NULL OR user_id = $2)
       ORDER BY seq DESC LIMIT $3`, [query.clientRef ?? null, query.userId ?? null, query.limit]);
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(), userId: r.user_id, role: r.role, action: r.action, clientRef: r.client_ref, subject: r.subject, via: r.via,
    }));
  }
}
