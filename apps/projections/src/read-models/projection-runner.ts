import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@ayumi/domain';
import type { EventStore, StoredEventWithoutMetadata } from '@ayumi/event-store';
import { readsStreamsInOrder, streamCursorOf } from '@ayumi/event-store';
import type { SqlClient, SqlExecutor } from '@ayumi/sql';
import { Subject } from 'rxjs';
import type { ProjectionOptions } from '../projection.tokens';
import { EVENT_STORE, PROJECTION_OPTIONS, READ_MODELS } from '../projection.tokens';
import type { BatchOutcome } from './project-batch';
import { passOverEvent, projectBatch } from './project-batch';
import { applyPassingOverRefused } from './refused-events';
import type { LogPage } from './log-pages';
import { LogPages } from './log-pages';
import type { ReadModelTables } from './read-model-tables';
import { PROJECTION_VERSIONS_DDL, PROJECTION_VERSIONS_TABLE, readModelDdl, readModelTables } from './read-model-tables';

export type VersionStatus = Readonly<{
  version: number;
  status: 'building' | 'active' | 'retired';
  checkpoint: string | null;
  eventsProcessed: number;
  malformedEvents: number;
}>;

export type ProjectedBatch = Readonly<{ outcome: BatchOutcome }>;

type VersionRow = {
  version: number; status: VersionStatus['status']; checkpoint: string | null; events_processed: string; malformed_events: string;
  fill_horizon: string | null; fill_cursor: string | null;
};

/**
 * What a version's loop reads next, and the column of its row that records how far it has read: the
 * fill (the log up to its horizon, stream by stream, `fill_cursor`) or the log in its order (`checkpoint`).
 */
type Feed = Readonly<{
  kind: 'fill' | 'log';
  /** The page after a position. */
  next: (after: string | null) => Promise<LogPage>;
  column: 'fill_cursor' | 'checkpoint';
  positionOf: (event: StoredEventWithoutMetadata) => string;
  from: string | null;
}>;

/**
 * When tables that grow fast (a rebuild, a first start on a long log, a new worker) need fresh
 * statistics: after 5,000 events, then each time the count has grown fourfold. Without statistics
 * PostgreSQL plans the batches' key lookups as scans of whole tables, and every batch gets slower.
 */
class AnalyzeSchedule {
  private projected = 0;
  private next = 5_000;

  /** Counts `events` projected; true when it is time to analyze. */
  due(events: number): boolean {
    this.projected += events;
    if (this.projected < this.next) return false;
    this.next *= 4;
    return true;
  }
}

/**
 * Follows the global log from each version's checkpoint and applies batches to its read models,
 * the checkpoint in the same transaction: a crash at any point replays at most an uncommitted batch.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly loops = new Map<number, Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private unsubscribe: (() => Promise<void>) | null = null;
  private stopping = false;
  private active = 1;
  private eventsProjected = 0;
  private readonly deliveredSchedule = new AnalyzeSchedule();
  private readonly checkpoints = new Map<number, string | null>();

  /** Batches applied to the active version, for live subscribers. */
  readonly projected = new Subject<ProjectedBatch>();

  /** The version reads switched to after a rebuild: every figure may differ from the old version's. */
  readonly switched = new Subject<number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly sql: SqlClient,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const horizon = this.options.source === 'kafka' ? null : await this.fillHorizon();
    await this.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_projection_versions', 0))");
      for (const statement of PROJECTION_VERSIONS_DDL) await tx.query(statement);
      await tx.query(`INSERT INTO ${PROJECTION_VERSIONS_TABLE} (version, status, activated_at, fill_horizon) SELECT 1, 'active', now(), $1
                      WHERE NOT EXISTS (SELECT 1 FROM ${PROJECTION_VERSIONS_TABLE})`, [horizon]);
    });
    const versions = await this.versions();
    await this.dropRetiredTables(versions);
    for (const v of versions.filter((v) => v.status !== 'retired')) await this.createTables(v.version);
    this.active = versions.find((v) => v.status === 'active')!.version;
    if (this.options.source === 'kafka') return;
    this.unsubscribe = await this.store.onAppended(() => this.wake());
    for (const v of versions.filter((v) => v.status !== 'retired')) this.follow(v.version);
  }

  /**
   * Applies events delivered from elsewhere (the `case-events` consumer group) to the active read
   * models, in one transaction. Redeliveries are harmless: each stream's applied revision is kept.
   */
  async applyDelivered(events: readonly StoredEventWithoutMetadata[]): Promise<void> {
    if (events.length === 0) return;
    const version = this.active;
    const tables = readModelTables(version);
    const counted = (tx: SqlExecutor, applied: number, malformed: number) => tx.query(
      `UPDATE ${PROJECTION_VERSIONS_TABLE} SET events_processed = events_processed + $2, malformed_events = malformed_events + $3,
         updated_at = now() WHERE version = $1`,
      [version, applied, malformed]);
    const outcome = await applyPassingOverRefused(
      events,
      (batch) => this.sql.transaction(async (tx) => {
        const result = await projectBatch(tx, tables, batch, this.options.timeZone, { lockStreams: true });
        // Malformed events are processed too (as in the log loop), or the lag would never come back to zero.
        await counted(tx, result.applied + result.malformed.length, result.malformed.length);
        return result;
      }),
      (refused) => this.sql.transaction(async (tx) => {
        await passOverEvent(tx, tables, refused);
        await counted(tx, 1, 1);
      }),
    );
    for (const bad of outcome.malformed) this.logger.warn(`Skipped malformed event ${bad.eventId}: ${bad.error}`);
    this.eventsProjected += outcome.applied;
    if (this.deliveredSchedule.due(events.length)) await this.analyze(readModelTables(version));
    this.projected.next({ outcome });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await Promise.allSettled(this.loops.values());
    await this.unsubscribe?.();
  }

  /** Tables reads should use now. */
  activeTables(): ReadModelTables {
    return readModelTables(this.active);
  }

  /** The read-model version reads use now. */
  activeVersion(): number {
    return this.active;
  }

  /** The log position the active read models include. */
  activeCheckpoint(): string | null {
    return this.checkpoints.get(this.active) ?? null;
  }

  totalEventsProjected(): number {
    return this.eventsProjected;
  }

  async versions(): Promise<VersionStatus[]> {
    return (await this.versionRows()).map((r) => ({
      version: r.version, status: r.status, checkpoint: r.checkpoint,
      eventsProcessed: Number(r.events_processed), malformedEvents: Number(r.malformed_events),
    }));
  }

  /** Starts filling a new version from the start of the log (or returns the one already building). */
  async rebuild(): Promise<VersionStatus> {
    if (this.options.source === 'kafka') {
      throw new DomainError('PROJECTIONS.REBUILD_IN_WORKER_MODE', 'conflict',
        'Kafka workers follow case-events; rebuild on a projections process that follows the log');
    }
    const horizon = await this.fillHorizon();
    const version = await this.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_projection_versions', 0))");
      const [row] = await tx.query<{ version: number }>(
        `SELECT COALESCE((SELECT min(version) FROM ${PROJECTION_VERSIONS_TABLE} WHERE status = 'building'),
                         (SELECT max(version) + 1 FROM ${PROJECTION_VERSIONS_TABLE})) AS version`);
      await tx.query(`INSERT INTO ${PROJECTION_VERSIONS_TABLE} (version, status, fill_horizon) VALUES ($1, 'building', $2) ON CONFLICT DO NOTHING`,
        [row!.version, horizon]);
      return row!.version;
    });
    await this.createTables(version);
    this.logger.log(`Rebuilding read models as version ${version}; reads stay on version ${this.active} until it has caught up`);
    this.follow(version);
    return (await this.versions()).find((v) => v.version === version)!;
  }

  /** Retired versions stay readable until the next start, for reads that began before the switch. */
  private async dropRetiredTables(versions: readonly VersionStatus[]): Promise<void> {
    for (const { version } of versions.filter((v) => v.status === 'retired')) {
      for (const table of Object.values(readModelTables(version))) await this.sql.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  /** Under the versions lock: processes starting together (Kafka workers after a deploy) would race on CREATE TABLE. */
  private async createTables(version: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_projection_versions', 0))");
      for (const statement of readModelDdl(readModelTables(version))) await tx.query(statement);
    });
  }

  private follow(version: number): void {
    if (this.loops.has(version)) return;
    const loop = this.run(version)
      .catch((error: unknown) => this.logger.error(`Projection of version ${version} stopped: ${String(error)}`))
      .finally(() => this.loops.delete(version));
    this.loops.set(version, loop);
  }

  private async run(version: number): Promise<void> {
    const tables = readModelTables(version);
    const schedule = new AnalyzeSchedule();
    // A version older than the active one has been replaced by a rebuild: it stops.
    while (!this.stopping && version >= this.active) {
      try {
        // Where to go on from is read from the database each time round: after a failed batch (a
        // database outage, say), its COMMIT may have reached the server before the connection broke.
        const feed = await this.feedOf(version);
        await (feed.kind === 'fill' ? this.fill(version, tables, feed, schedule) : this.followLog(version, tables, feed, schedule));
      } catch (error) {
        this.logger.warn(`Projecting into version ${version} failed (${String(error)}); going on from the position the database holds`);
        await this.sleep(this.options.pollIntervalMs);
      }
    }
  }

  private async followLog(version: number, tables: ReadModelTables, feed: Feed, schedule: AnalyzeSchedule): Promise<void> {
    this.checkpoints.set(version, feed.from);
    for (let from = feed.from; !this.stopping && version >= this.active;) {
      const page = await feed.next(from);
      if (page.events.length === 0) {
        if (version > this.active) await this.activate(version);
        await this.sleep(this.options.pollIntervalMs);
        continue;
      }
      const outcome = await this.applyPage(version, tables, page.events, feed, Promise.resolve());
      from = page.position;
      this.checkpoints.set(version, from);
      await this.projectedPage(version, tables, page.events.length, outcome, schedule);
      // A short page means the rebuild has reached the head of the log, even under steady writes;
      // this loop goes on following the log as the active version.
      if (version > this.active && !page.full) await this.activate(version);
    }
  }

  /**
   * The fill keeps two pages in flight, so that the statements of one run while the process folds
   * the next (otherwise the two take turns). Pages in flight hold different streams (see feedOf); a
   * page whose stream goes on from the one before waits for it. A page stores its cursor only after
   * the page before has committed, so after a crash the cursor is behind every page that is not in.
   * PGlite runs one transaction at a time: there a page waiting inside its transaction for the one
   * before would stop that one from going on event by event (see applyPassingOverRefused), so one page.
   */
  private async fill(version: number, tables: ReadModelTables, feed: Feed, schedule: AnalyzeSchedule): Promise<void> {
    const depth = this.sql.kind === 'pglite' ? 1 : 2;
    const inFlight: Promise<void>[] = [];
    let previous: Readonly<{ committed: Promise<unknown>; streams: ReadonlySet<string> }> = { committed: Promise.resolve(), streams: new Set() };
    try {
      for (let from = feed.from; !this.stopping && version >= this.active;) {
        const page = await feed.next(from);
        if (page.events.length === 0) {
          await Promise.all(inFlight);
          await this.endFill(version);
          return;
        }
        from = page.position;
        if (page.events.some((e) => previous.streams.has(e.streamId))) await previous.committed;
        const committed = this.applyPage(version, tables, page.events, feed, previous.committed);
        const done = committed.then((outcome) => this.projectedPage(version, tables, page.events.length, outcome, schedule));
        // Both are awaited below; a failure before then is not an unhandled rejection.
        committed.catch(() => undefined);
        done.catch(() => undefined);
        previous = { committed, streams: new Set(page.events.map((e) => e.streamId)) };
        inFlight.push(done);
        if (inFlight.length === depth) await inFlight.shift();
      }
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled(inFlight);
    }
  }

  /** After a page has been applied: statistics when due, malformed events reported, live subscribers told. */
  private async projectedPage(version: number, tables: ReadModelTables, events: number, outcome: BatchOutcome, schedule: AnalyzeSchedule): Promise<void> {
    if (schedule.due(events)) await this.analyze(tables);
    for (const bad of outcome.malformed) this.logger.warn(`Skipped malformed event ${bad.eventId}: ${bad.error}`);
    if (version === this.active) {
      this.eventsProjected += events;
      this.projected.next({ outcome });
    }
  }

  /**
   * A version whose checkpoint is still null and that has a fill horizon starts with the fill: every
   * stream folded in one go, its rows written once, not at each page of the log it appears in. Any
   * mix of the two orders gives the same read models (each stream's applied revision is kept), so
   * the log in its order, from the start, is always a correct way on. A full page of the fill ends
   * before the stream that reaches its end (read again with the next page), so that pages hold
   * different streams; a stream longer than a page is the one exception. The fill reads no page
   * ahead: with two in flight, reading one overlaps with applying the other anyway, and a third page
   * in memory took the peak RSS of a million-event rebuild past 300 MB.
   */
  private async feedOf(version: number): Promise<Feed> {
    const row = (await this.versionRows()).find((v) => v.version === version)!;
    const size = this.options.batchSize;
    const { store } = this;
    const horizon = row.fill_horizon;
    if (row.checkpoint === null && horizon !== null && readsStreamsInOrder(store)) {
      const read = async (after: string | null, limit: number): Promise<LogPage> => {
        const { events, cursor } = await store.readStreamsUpTo(horizon, after, limit);
        const full = events.length === limit;
        const lastStream = events.findIndex((e) => e.streamId === events.at(-1)?.streamId);
        const whole = full && lastStream > 0 ? events.slice(0, lastStream) : events;
        return { events: whole, position: whole.length > 0 ? streamCursorOf(whole.at(-1)!) : cursor, full };
      };
      return { kind: 'fill', next: (after) => read(after, size), column: 'fill_cursor', positionOf: streamCursorOf, from: row.fill_cursor };
    }
    const read = async (after: string | null, limit: number): Promise<LogPage> => {
      const page = await store.readAll(after, limit);
      return { ...page, full: page.events.length === limit };
    };
    const pages = new LogPages(read, size);
    return { kind: 'log', next: (after) => pages.after(after), column: 'checkpoint', positionOf: (event) => event.position, from: row.checkpoint };
  }

  /** The fill has read every stream up to its horizon: the version follows the log from there. */
  private async endFill(version: number): Promise<void> {
    try {
      await this.sql.query(
        `UPDATE ${PROJECTION_VERSIONS_TABLE} SET checkpoint = fill_horizon, updated_at = now() WHERE version = $1 AND checkpoint IS NULL`, [version]);
    } catch (error) {
      this.logger.warn(`Ending the fill of version ${version} failed (${String(error)}); retrying`);
      await this.sleep(this.options.pollIntervalMs);
    }
  }

  /** Where a version starting now is filled up to, stream by stream: the log's head, when the store can read that way. */
  private async fillHorizon(): Promise<string | null> {
    return readsStreamsInOrder(this.store) ? this.store.head() : null;
  }

  /**
   * One page applied to one version's read models, with how far it has read, in one transaction (or,
   * when it fails for its data, event by event, each with its position: see applyPassingOverRefused).
   * How far is stored only once `before` (the page before, in flight) has committed. The fill's
   * commits do not wait for the disk: should the server crash, it loses its last few commits whole,
   * rows and cursor together, and the fill reads those events again. (The log-following loop's do
   * wait, as live subscribers are told what each one changed.)
   */
  private applyPage(
    version: number, tables: ReadModelTables, events: readonly StoredEventWithoutMetadata[], feed: Feed, before: Promise<unknown>,
  ): Promise<BatchOutcome> {
    const readUpTo = async (tx: SqlExecutor, batch: readonly StoredEventWithoutMetadata[], malformed: number) => {
      await before.catch(() => {
        throw new Error('The page before this one failed');
      });
      await tx.query(
        `UPDATE ${PROJECTION_VERSIONS_TABLE} SET ${feed.column} = $2, events_processed = events_processed + $3,
           malformed_events = malformed_events + $4, updated_at = now() WHERE version = $1`,
        [version, feed.positionOf(batch[batch.length - 1]!), batch.length, malformed]);
    };
    return applyPassingOverRefused(
      events,
      (batch) => this.sql.transaction(async (tx) => {
        if (feed.kind === 'fill') await tx.query('SET LOCAL synchronous_commit = off');
        const result = await projectBatch(tx, tables, batch, this.options.timeZone);
        await readUpTo(tx, batch, result.malformed.length);
        return result;
      }),
      (refused) => this.sql.transaction(async (tx) => {
        await passOverEvent(tx, tables, refused);
        await readUpTo(tx, [refused], 1);
      }),
    );
  }

  private versionRows(): Promise<VersionRow[]> {
    return this.sql.query<VersionRow>(
      `SELECT version, status, checkpoint, events_processed::text, malformed_events::text, fill_horizon, fill_cursor
       FROM ${PROJECTION_VERSIONS_TABLE} ORDER BY version`);
  }

  private async analyze(tables: ReadModelTables): Promise<void> {
    await this.sql.query(`ANALYZE ${Object.values(tables).join(', ')}`)
      .catch((error: unknown) => this.logger.warn(`ANALYZE of the read models failed: ${String(error)}`));
  }

  /**
   * Switches reads to a rebuilt version once it has caught up with the log (if it fails, the loop
   * tries again later). Only a version still building replaces older ones, and only forward: an older
   * loop finishing its last page after the switch, or another process, cannot switch back.
   */
  private async activate(version: number): Promise<void> {
    let active: number;
    try {
      active = await this.sql.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ayumi_projection_versions', 0))");
        // Both versions read the same log in the same order: one that has processed fewer events than the
        // active one would show every figure it has not caught up with as a dip until its next page.
        const activated = await tx.query(
          `UPDATE ${PROJECTION_VERSIONS_TABLE} SET status = 'active', activated_at = now()
           WHERE version = $1 AND status = 'building'
             AND events_processed >= (SELECT coalesce(max(events_processed), 0) FROM ${PROJECTION_VERSIONS_TABLE} WHERE status = 'active')
           RETURNING version`, [version]);
        if (activated.length > 0) {
          await tx.query(`UPDATE ${PROJECTION_VERSIONS_TABLE} SET status = 'retired' WHERE status = 'active' AND version < $1`, [version]);
        }
        const [row] = await tx.query<{ version: number }>(`SELECT max(version) AS version FROM ${PROJECTION_VERSIONS_TABLE} WHERE status = 'active'`);
        return row!.version;
      });
    } catch (error) {
      this.logger.warn(`Activating read models version ${version} failed (${String(error)}); trying again`);
      return;
    }
    if (active <= this.active) return;
    const previous = this.active;
    this.active = active;
    this.logger.log(`Read models version ${active} caught up and is now active (was ${previous})`);
    this.switched.next(active);
  }

  private wake(): void {
    for (const wake of this.sleepers) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
