import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

/**
 * Kafka for integration tests: the cluster at `KAFKA_BROKERS` when that is set, otherwise librdkafka's
 * mock cluster (three brokers, topics auto-created with four partitions) run by Debian's `kcat`.
 * The tests need it, so a missing `kcat` is a failure, never a skip.
 *
 * The mock does not answer kafkajs's InitProducerId: producers in tests use `idempotentProducer: false`.
 */

export type KafkaForTests = Readonly<{
  brokers: string[];
  /** Whether this is librdkafka's mock cluster (fresh and empty) rather than a real one. */
  mock: boolean;
  stop: () => Promise<void>;
}>;

/** One message as `kcat -J` prints it; `headers` alternate names and values. */
export type KcatRecord = Readonly<{
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers: readonly string[];
}>;

const KCAT_MISSING = "These tests need Debian's kcat (librdkafka's mock Kafka cluster and an independent Kafka client): install Debian's kcat: apt-get install kcat";

/** `bootstrap.servers=…` in the mock's debug log, or the notice it always prints ("… replaced with …"). */
const BOOTSTRAP = /(?:bootstrap\.servers=|ignored and replaced with )([0-9.:,]+)/;

export async function startKafka(): Promise<KafkaForTests> {
  const configured = process.env['KAFKA_BROKERS']?.trim();
  if (configured) {
    return { brokers: configured.split(',').map((b) => b.trim()).filter(Boolean), mock: false, stop: async () => undefined };
  }
  // A consumer of a topic nobody writes to keeps kcat, and with it the mock cluster, running.
  const child = spawn('kcat', ['-X', 'test.mock.num.brokers=3', '-b', 'localhost:1', '-C', '-t', 'ayumi-mock-warmup', '-q'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  let brokers: string[];
  try {
    brokers = await bootstrapServers(child);
  } catch (error) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw error;
  }
  return {
    brokers,
    mock: true,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function bootstrapServers(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`kcat's mock Kafka cluster did not print its bootstrap servers within 15 s:\n${log.slice(-2_000)}`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? new Error(KCAT_MISSING, { cause: error }) : error));
    child.once('exit', (code, signal) => fail(new Error(`kcat's mock Kafka cluster exited (${code ?? signal}) before it was ready:\n${log.slice(-2_000)}`)));
    const onData = (chunk: Buffer) => {
      // librdkafka's log is not UTF-8 clean.
      log += chunk.toString('latin1');
      const match = BOOTSTRAP.exec(log);
      if (!match) return;
      clearTimeout(timer);
      // From here on the log is drained and dropped, so kcat never blocks on a full pipe.
      child.stderr!.removeListener('data', onData);
      child.stderr!.resume();
      resolve(match[1]!.split(',').filter(Boolean));
    };
    child.stderr!.on('data', onData);
  });
}

/**
 * Every message of `topic` from the beginning to its current end, read by kcat (an independent
 * Kafka client, not kafkajs): `kcat -b … -C -t topic -J -e -o beginning -q`.
 */
export function readTopic(brokers: readonly string[], topic: string): Promise<KcatRecord[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', brokers.join(','), '-C', '-t', topic, '-J', '-e', '-o', 'beginning', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('latin1')).slice(-4_000);
    });
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(KCAT_MISSING, { cause: error }) : error));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`kcat could not read ${topic} from ${brokers.join(',')} (${code ?? signal}):\n${err}`));
        return;
      }
      try {
        resolve(Buffer.concat(out).toString('utf8').split('\n').filter((line) => line.trim() !== '').map(parseRecord));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function parseRecord(line: string): KcatRecord {
  const raw = JSON.parse(line) as Partial<KcatRecord> & { headers?: string[] | null };
  if (typeof raw.topic !== 'string' || typeof raw.partition !== 'number' || typeof raw.offset !== 'number') {
    throw new Error(`Not a kcat -J record: ${line.slice(0, 200)}`);
  }
  return {
    topic: raw.topic, partition: raw.partition, offset: raw.offset,
    key: raw.key ?? null, payload: raw.payload ?? null, headers: raw.headers ?? [],
  };
}

/** The headers of a record as a map (the last value wins for a repeated name). */
export function headersOf(record: KcatRecord): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < record.headers.length; i += 2) headers[record.headers[i]!] = record.headers[i + 1]!;
  return headers;
}
