import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openStorage } from '@ayumi/platform';
import { createCaseServiceApp } from './case-service.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const storage = await openStorage(config);
  const app = await createCaseServiceApp(storage.eventStore);
  closeOnSignal([() => app.close(), storage.close]);
  await app.listen(config.caseServicePort);
  new Logger('case-service').log(`Listening on http://localhost:${config.caseServicePort} (event store: ${config.eventStore})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
