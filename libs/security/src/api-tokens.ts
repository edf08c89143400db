import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlClient } from '@ayumi/sql';
import type { Principal, Role } from './roles';
import { isRole } from './roles';

/**
 * Opaque API tokens, stored hashed: `ayumi_<tokenId>_<secret>`. The id finds the row, the secret's
 * SHA-256 is compared in constant time, and a revoked or expired token stops working at once.
 * Opaque rather than JWT so that revocation needs no deny-list and no secret can sign new tokens.
 */

export const TOKENS_TABLE = 'ayumi_api_tokens';

export type IssuedToken = Readonly<{ tokenId: string; token: string; userId: string; role: Role; expiresAt: string | null }>;

export type TokenInfo = Readonly<{
  tokenId: string; userId: string; role: Role; description: string; createdAt: string; createdBy: string;
  expiresAt: string | null; revokedAt: string | null;
}>;

type TokenRow = {
  token_id: string; secret_hash: string; user_id: string; role: string; description: string;
  created_at: string; created_by: string; expires_at: string | null; revoked_at: string | null;
};

const TOKEN = /^ayumi_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const sameSecret = (hash: Buffer, secret: string): boolean => timingSafeEqual(hash, sha256(secret));
const alphanumeric = (bytes: number): string => randomBytes(bytes * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, bytes);

/** The bootstrap admin: AYUMI_ADMIN_TOKEN or the generated one, never stored in the database. */
export const BOOTSTRAP_ADMIN: Principal = { userId: 'admin', role: 'admin', tokenId: 'bootstrap' };

export class ApiTokens {
  private readonly adminTokenHash: Buffer;

  constructor(private readonly sql: SqlClient, adminToken: string) {
    this.adminTokenHash = sha256(adminToken);
  }

  /** Its tables, created by openSecurity. */
  static readonly schema: readonly string[] = [
    `CREATE TABLE IF NOT EXISTS ${TOKENS_TABLE} (
      token_id    text PRIMARY KEY,
      secret_hash text NOT NULL,
      user_id     text NOT NULL,
      role        text NOT NULL,
      description text NOT NULL DEFAULT '',
      created_at  timestamptz NOT NULL DEFAULT now(),
      created_by  text NOT NULL,
      expires_at  timestamptz,
      revoked_at  timestamptz
    )`,
  ];

  /** The caller a bearer token stands for, or null when it is unknown, revoked or expired. */
  async verify(token: string, now: Date): Promise<Principal | null> {
    if (sameSecret(this.adminTokenHash, token)) return BOOTSTRAP_ADMIN;
    const match = TOKEN.exec(token);
    if (!match) return null;
    const [row] = await this.sql.query<TokenRow>(
      `SELECT token_id, secret_hash, user_id, role, expires_at::text, revoked_at::text FROM ${TOKENS_TABLE} WHERE token_id = $1`, [match[1]]);
    if (!row || row.revoked_at !== null || !isRole(row.role)) return null;
    if (!sameSecret(Buffer.from(row.secret_hash, 'hex'), match[2]!)) return null;
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return null;
    return { userId: row.user_id, role: row.role, tokenId: row.token_id };
  }

  async issue(request: Readonly<{ userId: string; role: Role; description?: string; expiresAt?: string | null }>, issuedBy: Principal): Promise<IssuedToken> {
    const tokenId = alphanumeric(16);
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = request.expiresAt ?? null;
    await this.sql.query(
      `INSERT INTO ${TOKENS_TABLE} (token_id, secret_hash, user_id, role, description, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tokenId, sha256(secret).toString('hex'), request.userId, request.role, request.description ?? '', issuedBy.userId, expiresAt]);
    return { tokenId, token: `ayumi_${tokenId}_${secret}`, userId: request.userId, role: request.role, expiresAt };
  }

  /** Revokes a token; false when there is no such token. Revoking twice keeps the first time. */
  async revoke(tokenId: string): Promise<boolean> {
    const rows = await this.sql.query<{ token_id: string }>(
      `UPDATE ${TOKENS_TABLE} SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1 RETURNING token_id`, [tokenId]);
    return rows.length > 0;
  }

  async list(): Promise<TokenInfo[]> {
    const rows = await this.sql.query<TokenRow>(
      `SELECT token_id, user_id, role, description, created_at::text, created_by, expires_at::text, revoked_at::text
       FROM ${TOKENS_TABLE} ORDER BY created_at, token_id`);
    return rows.filter((r) => isRole(r.role)).map((r) => ({
      tokenId: r.token_id, userId: r.user_id, role: r.role as Role, description: r.description,
      createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by,
      expiresAt: r.expires_at && new Date(r.expires_at).toISOString(), revokedAt: r.revoked_at && new Date(r.revoked_at).toISOString(),
    }));
  }
}
