import type { Security } from '@ayumi/security';
import { openSecurity } from '@ayumi/security';
import type { SqlClient } from '@ayumi/sql';

/** The bootstrap admin token of apps under test (the admin role may do everything). */
export const TEST_ADMIN_TOKEN = 'ayumi-test-admin-token-0123456789abcdef';

/** `Authorization` for requests as the test admin. */
export const AS_ADMIN: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** Environment for a built app run as a child process, so that TEST_ADMIN_TOKEN works against it. */
export const TEST_SECURITY_ENV: Readonly<Record<string, string>> = {
  AYUMI_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  AYUMI_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  WRITE_RATE_LIMIT: '0',
};

/** Tokens, vault and audit trail in the test database; no write rate limit unless asked for. */
export function openTestSecurity(sql: SqlClient, writesPerSecond = 0): Promise<Security> {
  return openSecurity(sql, { adminToken: TEST_ADMIN_TOKEN, masterKey: Buffer.alloc(32, 7) }, { writesPerSecond });
}
