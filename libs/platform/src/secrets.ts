import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Security } from '@ayumi/security';
import { openSecurity } from '@ayumi/security';
import type { SqlClient } from '@ayumi/sql';
import type { AppConfig } from './config';

/** Reads a secret kept in DATA_DIR, or makes it on the first start (readable by the owner only). */
async function keptSecret(file: string, make: () => string, announce: (message: string) => void, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(join(file, '..'), { recursive: true });
  const secret = make();
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    announce(`Generated the ${what} in ${file}`);
    return secret;
  } catch (error) {
    // Another process of this service made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
}

/**
 * Tokens, vault and audit trail on the service's SQL database. The admin token and master key come
 * from the environment, or from DATA_DIR where the first start generated them.
 */
export async function openConfiguredSecurity(config: AppConfig, sql: SqlClient, announce: (message: string) => void): Promise<Security> {
  const adminTokenFile = join(config.dataDir, 'admin-token');
  const adminToken = config.adminToken ?? await keptSecret(adminTokenFile, () => `ayumi_admin_${randomBytes(32).toString('base64url')}`, announce, 'admin token');
  if (config.adminToken === null) announce(`Admin token: cat ${adminTokenFile}  (set AYUMI_ADMIN_TOKEN to choose your own)`);
  const masterKey = config.masterKey ?? Buffer.from(
    await keptSecret(join(config.dataDir, 'master-key'), () => randomBytes(32).toString('base64'), announce, 'personal-data master key'), 'base64');
  return openSecurity(sql, { adminToken, masterKey }, { writesPerSecond: config.writesPerSecond });
}
