import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignal, loadConfig, openConfiguredSecurity, openStorage } from '@ayumi/platform';
import { createCaseServiceApp } from '../../case-service/src/case-service.app';
import { createProjectionsApp, projectionOptionsFrom } from '../../projections/src/projections.app';

/**
 * `npm start`: both apps in one process. The embedded store (PGlite) allows one process per data
 * folder, so the apps share a single store here; with a database server they can also run apart.
 */
async function main(): Promise<void> {
  const logger = new Logger('ayumi');
  const config = loadConfig(process.env);
  const storage = await openStorage(config);
  const security = await openConfiguredSecurity(config, storage.readModels, (message) => logger.log(message));
  const caseService = await createCaseServiceApp(storage.eventStore, security);
  const projections = await createProjectionsApp({
    eventStore: storage.eventStore,
    readModels: storage.readModels,
    security,
    options: projectionOptionsFrom(config),
  });
  await caseService.listen(config.caseServicePort);
  await projections.listen(config.projectionsPort);
  const where = config.eventStore === 'embedded' ? `embedded store in ${config.dataDir}` : `${config.eventStore} event store`;
  logger.log(`case-service on http://localhost:${config.caseServicePort} (API docs at /docs), projections on http://localhost:${config.projectionsPort}; ${where}`);
  closeOnSignal([() => caseService.close(), () => projections.close(), storage.close]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
