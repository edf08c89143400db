import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('given no environment, then runs embedded with the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      eventStore: 'embedded', dataDir: './data', databaseUrl: null, kurrentDbUrl: null, kafkaBrokers: [],
      caseServicePort: 3000, projectionsPort: 3001, centreTimeZone: 'Asia/Tokyo',
      projectionSource: 'log', relay: false, kafkaIdempotentProducer: true,
      adminToken: null, masterKey: null, writesPerSecond: 200,
    });
  });

  it('given the security settings, then takes a 32-byte base64 master key, the admin token and the write limit', () => {
    const key = Buffer.alloc(32, 9);
    const config = loadConfig({ AYUMI_ADMIN_TOKEN: 'a'.repeat(40), AYUMI_MASTER_KEY: key.toString('base64'), WRITE_RATE_LIMIT: '0' });
    expect(config).toMatchObject({ adminToken: 'a'.repeat(40), masterKey: key, writesPerSecond: 0 });
  });

  it('given a short admin token, a master key of the wrong size and a bad write limit, then reports each', () => {
    expect(() => loadConfig({ AYUMI_ADMIN_TOKEN: 'short', AYUMI_MASTER_KEY: Buffer.alloc(16).toString('base64'), WRITE_RATE_LIMIT: 'lots' }))
      .toThrow(/AYUMI_ADMIN_TOKEN[\s\S]*AYUMI_MASTER_KEY[\s\S]*WRITE_RATE_LIMIT/);
  });

  it('given a PostgreSQL event store and its URL, then uses them', () => {
    const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test', KAFKA_BROKERS: 'a:9092, b:9092' });
    expect(config.eventStore).toBe('postgres');
    expect(config.kafkaBrokers).toEqual(['a:9092', 'b:9092']);
    expect(config.relay).toBe(true);
  });

  it('given Kafka-worker mode without brokers, then says what is missing', () => {
    expect(() => loadConfig({ PROJECTION_SOURCE: 'kafka' })).toThrow(/PROJECTION_SOURCE=kafka needs KAFKA_BROKERS/);
  });

  it('given several bad values, then reports each of them at once', () => {
    const env = { EVENT_STORE: 'mongo', CASE_SERVICE_PORT: 'eighty', CENTRE_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nope' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['EVENT_STORE', 'CASE_SERVICE_PORT', 'CENTRE_TIME_ZONE', 'DATABASE_URL', 'KAFKA_BROKERS']) {
      expect(problems).toContain(name);
    }
  });

  it('given EVENT_STORE=postgres without DATABASE_URL, then says what is missing', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/EVENT_STORE=postgres needs DATABASE_URL/);
  });
});
