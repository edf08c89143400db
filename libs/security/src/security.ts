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
  const [tokens, vault, audit] = [
    await ApiTokens.open(sql, secrets.adminToken),
    await PersonalDataVault.open(sql, secrets.masterKey),
    await AuditTrail.open(sql),
  ];
  return { tokens, vault, audit, options };
}
