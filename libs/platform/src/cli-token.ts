import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The bearer token a command-line tool sends to the running service: AYUMI_TOKEN, else the admin
 * token (AYUMI_ADMIN_TOKEN, or the one the first start generated in DATA_DIR/admin-token).
 */
export function cliAuthorization(env: Env): Record<string, string> {
  const token = env['AYUMI_TOKEN']?.trim() || env['AYUMI_ADMIN_TOKEN']?.trim() || readKept(join(env['DATA_DIR']?.trim() || './data', 'admin-token'));
  return token ? { authorization: `Bearer ${token}` } : {};
}

function readKept(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
