import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { fiscalYearOf } from '@ayumi/domain';
import type { SqlEventStore } from '@ayumi/event-store';
import { createEventStore } from '@ayumi/event-store';
import { CASE_EVENTS_TOPIC, GOAL_PROGRESS_TOPIC } from '@ayumi/messaging';
import request from 'supertest';
import type { KafkaForTests, KcatRecord } from '../../../test/support/kafka-mock';
import { readTopic, startKafka } from '../../../test/support/kafka-mock';
import { sleep } from '../../../test/support/app-process';
import { AS_ADMIN, openTestSecurity } from '../../../test/support/test-security';
import { createCaseServiceApp } from '../../case-service/src/case-service.app';
import type { ProjectionOptions } from '../src/projection.tokens';
import { createProjectionsApp } from '../src/projections.app';
import type { MetricProgress, ProgressReport } from './support/projections-process';
import type { Schema } from './support/schemas';
import { freshSchema } from './support/schemas';

/**
 * Kafka is optional (DESIGN.md §4): brokers that cannot be reached when the apps start must not stop
 * them, and once the brokers are back everything reaches them without a restart. The apps are given
 * a bootstrap address where nothing listens; later a TCP forwarder opens there, to librdkafka's mock
 * cluster run by kcat (whose brokers the clients then reach directly, as metadata names them).
 *
 *   - meanwhile: the apps start and serve, commands are recorded and counted, the workers answer
 *     /health 503 KAFKA.CONSUMER_NOT_RUNNING and the direct projections report counters waiting;
 *   - then: the relay puts every event on case-events, goal-progress gets the latest figures of each
 *     changed counter and of the current fiscal year, and the worker joins its group and catches up.
 */

const TIME_ZONE = 'Asia/Tokyo';
const FISCAL_YEAR = 2018;

type GoalProgressMessage = { fiscalYear: number; program: string; metric: string; progress: MetricProgress };
type Health = { status?: string; code?: string; goalProgressUnpublished?: number };

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await sleep(intervalMs);
  }
}

/** A port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Forwards every connection to `port` to `target` (host:port). */
async function forward(port: number, target: string): Promise<{ close: () => Promise<void> }> {
  const [host, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(targetPort), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const latestByKey = (records: readonly KcatRecord[]) => new Map(
  [...records].sort((a, b) => a.offset - b.offset).map((r) => [r.key ?? '', JSON.parse(r.payload!) as GoalProgressMessage]));

describe('Kafka unreachable when the apps start', () => {
  let kafka: KafkaForTests;
  let forwarder: { close: () => Promise<void> } | null = null;
  let bootstrapPort: number;
  const schemas: Schema[] = [];
  const apps: INestApplication[] = [];
  let store: SqlEventStore;
  let caseService: INestApplication;
  let directUrl: string;
  let workerUrl: string;

  const getJson = async <T>(url: string, path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${url}${path}`, { headers: AS_ADMIN });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    kafka = await startKafka();
    bootstrapPort = await closedPort();
    const kafkaOptions = (clientId: string, relay: boolean): NonNullable<ProjectionOptions['kafka']> =>
      ({ brokers: [`127.0.0.1:${bootstrapPort}`], clientId, idempotentProducer: false, relay });

    const [direct, worker] = [await freshSchema('kafka_outage'), await freshSchema('kafka_outage_worker')];
    schemas.push(direct, worker);
    store = await createEventStore(direct.sql);
    const security = await openTestSecurity(direct.sql);
    caseService = await createCaseServiceApp(store, security, { logger: ['error'] });
    apps.push(caseService);
    await caseService.init();

    const directApp = await createProjectionsApp({
      eventStore: store, readModels: direct.sql, security,
      options: { timeZone: TIME_ZONE, batchSize: 500, pollIntervalMs: 200, source: 'log', kafka: kafkaOptions('ayumi-outage-direct', true) },
    }, { logger: ['error'] });
    apps.push(directApp);
    await directApp.listen(0, '127.0.0.1');
    const workerApp = await createProjectionsApp({
      eventStore: store, readModels: worker.sql, security: await openTestSecurity(worker.sql),
      options: { timeZone: TIME_ZONE, batchSize: 500, pollIntervalMs: 200, source: 'kafka', kafka: kafkaOptions('ayumi-outage-worker', false) },
    }, { logger: ['error'] });
    apps.push(workerApp);
    await workerApp.listen(0, '127.0.0.1');
    // Started at all: waiting for the brokers, kafkajs would have given up and failed the start.
    [directUrl, workerUrl] = [await directApp.getUrl(), await workerApp.getUrl()];
  }, 60_000);

  afterAll(async () => {
    for (const app of [...apps].reverse()) await app.close().catch((error: unknown) => console.warn(`closing an app: ${String(error)}`));
    await forwarder?.close();
    for (const schema of schemas) await schema.drop();
    await kafka?.stop();
  }, 60_000);

  let events = 0;

  it('given the brokers unreachable, then commands are recorded and counted, the worker answers 503 and the counters wait', async () => {
    const http = () => request.agent(caseService.getHttpServer()).set(AS_ADMIN);
    const plan = await http().put(`/plans/${FISCAL_YEAR}`).send({
      occurredAt: '2018-04-01T09:00:00+09:00',
      targets: [{ program: 'employment-support', metric: 'visits', period: 'month', target: 20 }],
    });
    expect(plan.status).toBe(200);
    for (const c of [1, 2]) {
      const opened = await http().post('/cases').send({
        caseId: `outage-${c}`, clientRef: `O-${c}`, ageBand: '40-44', agency: 'ward', programs: ['employment-support'],
        desiredConditions: { employmentType: 'full-time', jobCategories: ['care'] }, occurredAt: `2018-05-0${c}T10:00:00+09:00`,
      });
      expect(opened.status).toBe(201);
      for (const day of [10, 11, 12]) {
        const consulted = await http().post(`/cases/outage-${c}/consultations`).send({
          program: 'employment-support', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-01', occurredAt: `2018-05-${day}T10:00:00+09:00`,
        });
        expect(consulted.status).toBe(201);
      }
    }
    events = await store.countEvents();
    expect(events).toBe(9);

    await until('the direct projections count the consultations', 10_000, async () => {
      const { body } = await getJson<ProgressReport>(directUrl, `/progress?fiscalYear=${FISCAL_YEAR}&asOf=2019-03-31`);
      return body.programs['employment-support']?.['visits']?.total === 6 ? true : undefined;
    });
    const health = await until('the changed counters wait for the brokers', 10_000, async () => {
      const { status, body } = await getJson<Health>(directUrl, '/health');
      return status === 200 && (body.goalProgressUnpublished ?? 0) > 0 ? body : undefined;
    });
    expect(health.status).toBe('ok');
    expect(await getJson<Health>(workerUrl, '/health')).toEqual({ status: 503, body: expect.objectContaining({ code: 'KAFKA.CONSUMER_NOT_RUNNING' }) });
  }, 30_000);

  it('when the brokers become reachable, then without a restart case-events gets every event, goal-progress the latest figures and the worker catches up', async () => {
    expect(events).toBe(9);
    forwarder = await forward(bootstrapPort, kafka.brokers[0]!);

    const onTopic = await until('the relay has put every event on case-events', 60_000, async () => {
      const records = await readTopic(kafka.brokers, CASE_EVENTS_TOPIC);
      return records.length >= events ? records : undefined;
    }, 1_000);
    const relayed = onTopic.map((r) => (JSON.parse(r.payload!) as { eventId: string }).eventId).sort();
    const stored = (await schemas[0]!.sql.query<{ event_id: string }>('SELECT event_id::text FROM ayumi_events')).map((r) => r.event_id).sort();
    expect(relayed).toEqual(stored);

    const { body: report } = await getJson<ProgressReport>(directUrl, `/progress?fiscalYear=${FISCAL_YEAR}&asOf=2019-03-31`);
    const key = `${FISCAL_YEAR}/employment-support/visits`;
    const latest = await until('goal-progress has the latest figures of the changed counter', 60_000, async () => {
      const messages = latestByKey(await readTopic(kafka.brokers, GOAL_PROGRESS_TOPIC));
      return messages.get(key)?.progress.total === 6 ? messages : undefined;
    }, 1_000);
    expect(latest.get(key)!.progress).toEqual(report.programs['employment-support']!['visits']);
    // The current fiscal year is announced at start: a restart that dropped unsent figures sends them again.
    const { body: current } = await getJson<ProgressReport>(directUrl, `/progress?fiscalYear=${fiscalYearOf(new Date().toISOString(), TIME_ZONE)}`);
    expect([...latest.keys()]).toEqual(expect.arrayContaining(
      Object.keys(current.programs['employment-support']!).map((metric) => `${current.fiscalYear}/employment-support/${metric}`)));
    await until('no counter waits any more', 10_000, async () => ((await getJson<Health>(directUrl, '/health')).body.goalProgressUnpublished === 0 ? true : undefined));

    // The plan and the cases are on different partitions: the worker may count the visits before it has the target.
    const workerReport = async () => (await getJson<ProgressReport>(workerUrl, `/progress?fiscalYear=${FISCAL_YEAR}&asOf=2019-03-31`)).body;
    await until('the worker has joined its group and applied the log', 90_000, async () => {
      const health = await getJson<Health>(workerUrl, '/health');
      if (health.status !== 200) return undefined;
      return JSON.stringify(await workerReport()) === JSON.stringify(report) ? true : undefined;
    }, 500);
    expect(await workerReport()).toEqual(report);
  }, 180_000);
});
