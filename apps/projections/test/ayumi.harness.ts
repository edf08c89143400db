import type { INestApplication } from '@nestjs/common';
import { createEventStore } from '@ayumi/event-store';
import request from 'supertest';
import { createCaseServiceApp } from '../../case-service/src/case-service.app';
import type { TestDatabaseKind } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import { createProjectionsApp } from '../src/projections.app';
import { ProjectionRunner } from '../src/read-models/projection-runner';

export type AyumiHarness = Readonly<{
  caseService: () => ReturnType<typeof request>;
  projections: () => ReturnType<typeof request>;
  /** Base URL of the listening projections app, for streaming clients. */
  projectionsUrl: string;
  /** Resolves when the active read models have applied every event in the log. */
  caughtUp: () => Promise<void>;
  close: () => Promise<void>;
}>;

/** Both apps over one real store, as `npm start` runs them. */
export async function startAyumi(kind: TestDatabaseKind, timeZone = 'Asia/Tokyo'): Promise<AyumiHarness> {
  const database = await createTestDatabase(kind);
  const eventStore = await createEventStore(database.sql);
  const caseService: INestApplication = await createCaseServiceApp(eventStore, { logger: ['error'] });
  const projections: INestApplication = await createProjectionsApp(
    { eventStore, readModels: database.sql, options: { timeZone, batchSize: 500, pollIntervalMs: 200 } },
    { logger: ['error'] },
  );
  await caseService.init();
  await projections.listen(0, '127.0.0.1');
  const runner = projections.get(ProjectionRunner);
  return {
    caseService: () => request(caseService.getHttpServer()),
    projections: () => request(projections.getHttpServer()),
    projectionsUrl: await projections.getUrl(),
    caughtUp: async () => {
      for (;;) {
        const [logEvents, versions] = await Promise.all([eventStore.countEvents(), runner.versions()]);
        if (versions.every((v) => v.status === 'retired' || v.eventsProcessed >= logEvents)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await projections.close();
      await caseService.close();
      await eventStore.close();
      await database.drop();
    },
  };
}
