import { AppProcess } from '../../../../test/support/app-process';

export type VersionStatus = { version: number; status: string; checkpoint: string | null; eventsProcessed: number; malformedEvents: number };
export type ProjectionsReport = { logEvents: number; versions: VersionStatus[] };
export type MetricProgress = { target: number | null; total: number; byMonth: Record<string, number>; previousYear: { total: number }; breakdown: Record<string, { total: number; byMonth: Record<string, number> }> };
export type ProgressReport = { fiscalYear: number; programs: Record<string, Record<string, MetricProgress>> };

/**
 * The built projections app on PostgreSQL with events and read models in `databaseUrl`, without Kafka
 * or KurrentDB unless `extraEnv` sets them (e.g. `KAFKA_BROKERS`).
 */
export function startProjections(databaseUrl: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<AppProcess> {
  return AppProcess.start('projections', { EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl, CENTRE_TIME_ZONE: 'Asia/Tokyo', ...extraEnv });
}

export const projectionsReport = (app: AppProcess): Promise<ProjectionsReport> => app.getJson<ProjectionsReport>('/projections');
