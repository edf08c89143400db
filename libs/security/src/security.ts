import type { SqlClient } from '@ayumi/sql';
import { ApiTokens } from './api-tokens';
import { AuditTrail } from './audit-trail';
import { PersonalDataVault } from './personal-data-vault';
import type { SecurityOptions } from './security.tokens';

/** Tokens, the personal-data vault and the audit trail: one set per process, shared by its apps. */
export type Security = Readonly<{
  tokens: ApiTokens;
  vault: PersonalDataVault;
  audit: AuditTrail;
  options: SecurityOptions;
}>;

export type SecuritySecrets = Readonly<{ adminToken: string; masterKey: Buffer }>;

/** Opens (and creates on first use) the security tables in the service's PostgreSQL database. */
export async function openSecurity(sql: SqlClient, secrets: SecuritySecrets, options: SecurityOptions): Promise<Security> {
  // Under a lock: two processes starting together must not race on CREATE TABLE.
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_security_schema', 0))");
    for (const statement of [...ApiTokens.schema, ...PersonalDataVault.schema, ...AuditTrail.schema]) await tx.query(statement);
  });
  return {
    tokens: new ApiTokens(sql, secrets.adminToken),
    vault: new PersonalDataVault(sql, secrets.masterKey),
    audit: new AuditTrail(sql),
    options,
  };
}
