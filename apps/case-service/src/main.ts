import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openEventStore } from '@ayumi/platform';
import { createCaseServiceApp } from './case-service.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = await openEventStore(config);
  const app = await createCaseServiceApp(store);
  closeOnSignal([() => app.close(), () => store.close()]);
  await app.listen(config.caseServicePort);
  new Logger('case-service').log(`Listening on http://localhost:${config.caseServicePort} (event store: ${config.eventStore})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
