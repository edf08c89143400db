import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openEventStore } from '@ayumi/platform';
import { createProjectionsApp } from './projections.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = await openEventStore(config);
  const app = await createProjectionsApp(store);
  closeOnSignal([() => app.close(), () => store.close()]);
  await app.listen(config.projectionsPort);
  new Logger('projections').log(`Listening on http://localhost:${config.projectionsPort}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
