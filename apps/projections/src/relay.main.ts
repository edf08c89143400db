import { Logger } from '@nestjs/common';
import { CaseEventsRelay, createKafka } from '@ayumi/messaging';
import { closeOnSignal, loadConfig, openStorage } from '@ayumi/platform';

/**
 * `npm run relay`: only the relay from the log to `case-events`, for deployments where the
 * projections run as Kafka workers (PROJECTION_SOURCE=kafka) and nothing else reads the log.
 */
async function main(): Promise<void> {
  const logger = new Logger('relay');
  const config = loadConfig(process.env);
  if (config.kafkaBrokers.length === 0) throw new Error('The relay needs KAFKA_BROKERS');
  const storage = await openStorage(config);
  const settings = { brokers: config.kafkaBrokers, clientId: 'ayumi-relay', idempotentProducer: config.kafkaIdempotentProducer };
  const relay = new CaseEventsRelay(storage.eventStore, storage.readModels, createKafka(settings), settings, {
    name: 'case-events', batchSize: 500, pollIntervalMs: 1000,
    onError: (error) => logger.warn(`Relay to case-events failed, retrying: ${String(error)}`),
  });
  await relay.start();
  closeOnSignal([() => relay.stop(), storage.close]);
  logger.log(`Relaying the log to case-events on ${config.kafkaBrokers.join(',')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
