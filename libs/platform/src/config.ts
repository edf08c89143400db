import { DEFAULT_TIME_ZONE, isValidTimeZone } from '@ayumi/domain';

export type EventStoreKind = 'embedded' | 'postgres' | 'kurrentdb';

export type AppConfig = Readonly<{
  eventStore: EventStoreKind;
  dataDir: string;
  databaseUrl: string | null;
  kurrentDbUrl: string | null;
  kafkaBrokers: readonly string[];
  caseServicePort: number;
  projectionsPort: number;
  centreTimeZone: string;
  /** Where the projections read events from: the log directly, or `case-events` as a consumer group. */
  projectionSource: 'log' | 'kafka';
  /** Whether this projections process relays the log to `case-events` (default: with Kafka, in log mode). */
  relay: boolean;
  kafkaIdempotentProducer: boolean;
  /** AYUMI_ADMIN_TOKEN; without it a token is generated once and kept in DATA_DIR/admin-token. */
  adminToken: string | null;
  /** AYUMI_MASTER_KEY (32 bytes, base64); without it a key is generated once and kept in DATA_DIR/master-key. */
  masterKey: Buffer | null;
  /** WRITE_RATE_LIMIT: writes a second per token, bursts of twice that; 0 turns the limit off. */
  writesPerSecond: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the whole configuration at once, so every bad value is reported together. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };

  const port = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
      problems.push(`${name} must be a port number from 0 to 65535, got "${raw}"`);
    }
    return parsed;
  };

  const url = (name: string, protocols: readonly string[]): string | null => {
    const raw = value(name);
    if (raw === undefined) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}//…"`);
      }
    } catch {
      problems.push(`${name} is not a URL: "${raw}"`);
    }
    return raw;
  };

  const eventStoreKinds: readonly EventStoreKind[] = ['embedded', 'postgres', 'kurrentdb'];
  const eventStoreRaw = value('EVENT_STORE') ?? 'embedded';
  const eventStore = eventStoreKinds.find((k) => k === eventStoreRaw) ?? 'embedded';
  if (!eventStoreKinds.includes(eventStoreRaw as EventStoreKind)) {
    problems.push(`EVENT_STORE must be one of ${eventStoreKinds.join(', ')}, got "${eventStoreRaw}"`);
  }

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const kurrentDbUrl = url('KURRENTDB_URL', ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:']);
  if (eventStore === 'postgres' && !databaseUrl) problems.push('EVENT_STORE=postgres needs DATABASE_URL (e.g. postgresql://user@localhost:5432/ayumi)');
  if (eventStore === 'kurrentdb' && !kurrentDbUrl) problems.push('EVENT_STORE=kurrentdb needs KURRENTDB_URL (e.g. kurrentdb://localhost:2113?tls=false)');

  const kafkaBrokers = (value('KAFKA_BROKERS') ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  for (const broker of kafkaBrokers) {
    if (!/^[\w.-]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS must be a comma-separated list of host:port, got "${broker}"`);
  }

  const centreTimeZone = value('CENTRE_TIME_ZONE') ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(centreTimeZone)) problems.push(`CENTRE_TIME_ZONE is not an IANA time zone: "${centreTimeZone}"`);

  const flag = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!['true', 'false'].includes(raw)) problems.push(`${name} must be true or false, got "${raw}"`);
    return raw === 'true';
  };
  const projectionSource = value('PROJECTION_SOURCE') ?? 'log';
  if (projectionSource !== 'log' && projectionSource !== 'kafka') problems.push(`PROJECTION_SOURCE must be log or kafka, got "${projectionSource}"`);
  if (projectionSource === 'kafka' && kafkaBrokers.length === 0) problems.push('PROJECTION_SOURCE=kafka needs KAFKA_BROKERS');
  const relay = flag('RELAY', kafkaBrokers.length > 0 && projectionSource === 'log');
  if (relay && kafkaBrokers.length === 0) problems.push('RELAY=true needs KAFKA_BROKERS');

  const adminToken = value('AYUMI_ADMIN_TOKEN') ?? null;
  if (adminToken !== null && !/^[\x21-\x7e]{32,512}$/.test(adminToken)) {
    problems.push('AYUMI_ADMIN_TOKEN must be 32 to 512 visible ASCII characters (e.g. openssl rand -base64 32)');
  }
  const masterKeyRaw = value('AYUMI_MASTER_KEY');
  const masterKey = masterKeyRaw === undefined ? null : Buffer.from(masterKeyRaw, 'base64');
  if (masterKey !== null && (masterKey.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(masterKeyRaw!))) {
    problems.push('AYUMI_MASTER_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32)');
  }
  const writeRateRaw = value('WRITE_RATE_LIMIT') ?? '200';
  const writesPerSecond = Number(writeRateRaw);
  if (!/^\d{1,7}$/.test(writeRateRaw)) problems.push(`WRITE_RATE_LIMIT must be a whole number of writes a second (0 = no limit), got "${writeRateRaw}"`);

  const config: AppConfig = {
    eventStore,
    dataDir: value('DATA_DIR') ?? './data',
    databaseUrl,
    kurrentDbUrl,
    kafkaBrokers,
    caseServicePort: port('CASE_SERVICE_PORT', 3000),
    projectionsPort: port('PROJECTIONS_PORT', 3001),
    centreTimeZone,
    projectionSource: projectionSource === 'kafka' ? 'kafka' : 'log',
    relay,
    kafkaIdempotentProducer: flag('KAFKA_IDEMPOTENT_PRODUCER', true),
    adminToken,
    masterKey,
    writesPerSecond,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
