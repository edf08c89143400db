import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openConfiguredSecurity, openStorage } from '@ayumi/platform';
import { createProjectionsApp, projectionOptionsFrom } from './projections.app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new Logger('projections');
  const storage = await openStorage(config);
  const security = await openConfiguredSecurity(config, storage.readModels, (message) => logger.log(message));
  const app = await createProjectionsApp({
    eventStore: storage.eventStore,
    readModels: storage.readModels,
    security,
    options: projectionOptionsFrom(config),
  });
  closeOnSignal([() => app.close(), storage.close]);
  await app.listen(config.projectionsPort);
  logger.log(`Listening on http://localhost:${config.projectionsPort}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
