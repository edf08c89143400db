import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openConfiguredSecurity, openStorage } from '@ayumi/platform';
import { createCaseServiceApp } from './case-service.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new Logger('case-service');
  const storage = await openStorage(config);
  const security = await openConfiguredSecurity(config, storage.readModels, (message) => logger.log(message));
  const app = await createCaseServiceApp(storage.eventStore, security);
  closeOnSignal([() => app.close(), storage.close]);
  await app.listen(config.caseServicePort);
  logger.log(`Listening on http://localhost:${config.caseServicePort} (event store: ${config.eventStore})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
