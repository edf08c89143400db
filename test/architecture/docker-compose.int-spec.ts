import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * The production stack as the README describes it: `docker-compose config` (Debian's docker-compose;
 * no engine needed) must accept the file, and every service the README names must be in it.
 */

const run = promisify(execFile);
const MISSING = "This test needs Debian's docker-compose to validate docker-compose.yml: apt-get install docker-compose";

/** The services in the README's "Production stack" paragraph, written as `name` in backticks. */
function servicesNamedInReadme(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const paragraph = /\*\*Production stack\*\*:([\s\S]*?)\n\n/.exec(readme)?.[1];
  if (!paragraph) throw new Error('README.md has no "**Production stack**:" paragraph');
  return [...paragraph.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!).filter((name) => name !== 'docker-compose.yml' && name !== 'Dockerfile');
}

/** The secrets an operator puts in `.env`; the stack refuses to start without them. */
const SECRETS = { AYUMI_ADMIN_TOKEN: 'compose-test-admin-token-0123456789abcdef', AYUMI_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };

async function composeConfig(args: readonly string[] = [], env: NodeJS.ProcessEnv = { ...process.env, ...SECRETS }): Promise<string> {
  try {
    const { stdout } = await run('docker-compose', ['-f', 'docker-compose.yml', 'config', ...args], { env });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(MISSING, { cause: error });
    throw error;
  }
}

describe('docker-compose.yml', () => {
  it('given the file, when docker-compose validates it, then it is accepted and lists every service the README names', async () => {
    const services = (await composeConfig(['--services'])).split('\n').map((s) => s.trim()).filter(Boolean);
    const named = servicesNamedInReadme();

    expect(named).toEqual(expect.arrayContaining(['kurrentdb', 'postgres', 'kafka', 'case-service', 'projections']));
    expect(services).toEqual(expect.arrayContaining(named));
  });

  it('given no AYUMI_ADMIN_TOKEN and AYUMI_MASTER_KEY, then docker-compose refuses the stack and names the missing secret', async () => {
    const { AYUMI_ADMIN_TOKEN: _token, AYUMI_MASTER_KEY: _key, ...withoutSecrets } = process.env;
    await expect(composeConfig([], withoutSecrets)).rejects.toThrow(/AYUMI_(ADMIN_TOKEN|MASTER_KEY)/);
  });

  it('given the file, then every app service has a health check and every server keeps its data in a named volume', async () => {
    const config = await composeConfig();

    for (const service of ['kurrentdb', 'postgres', 'kafka', 'case-service', 'projections']) {
      expect({ service, healthcheck: new RegExp(`\\n  ${service}:\\n(?: {4}.*\\n)*? {4}healthcheck:`).test(config) })
        .toEqual({ service, healthcheck: true });
    }
    for (const volume of ['postgres-data', 'kafka-data', 'kurrentdb-data']) {
      expect(config).toMatch(new RegExp(`\\nvolumes:\\n(?: {2}.*\\n)* {2}${volume}:`));
    }
  });
});
