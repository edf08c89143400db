import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openStorage } from '@ayumi/platform';
import { createProjectionsApp, projectionOptionsFrom } from './projections.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const storage = await openStorage(config);
  const app = await createProjectionsApp({
    eventStore: storage.eventStore,
    readModels: storage.readModels,
    options: projectionOptionsFrom(config),
  });
  closeOnSignal([() => app.close(), storage.close]);
  await app.listen(config.projectionsPort);
  new Logger('projections').log(`Listening on http://localhost:${config.projectionsPort}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
