import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { fiscalYearOf, localDate } from '@ayumi/domain';
import type { Subscription } from 'rxjs';
import { Subject } from 'rxjs';
import type { ProjectionOptions } from '../projection.tokens';
import { PROJECTION_OPTIONS } from '../projection.tokens';
import { ProjectionRunner } from '../read-models/projection-runner';
import type { MetricProgress } from './goal-progress.query';
import { GoalProgressQuery } from './goal-progress.query';

export type ProgressMessage = Readonly<{
  /** `<read-model version>/<log position>` the figures include at least; clients resume with it as Last-Event-ID. */
  id: string;
  fiscalYear: number;
  program: string;
  metric: string;
  asOf: string;
  progress: MetricProgress;
}>;

type Listener = Readonly<{
  fiscalYear: number;
  /** The messages of one change (or of a snapshot), in order; only the last one is sent with the id. */
  send: (messages: readonly ProgressMessage[]) => void;
  /** Ends the subscriber's stream cleanly (the app is stopping; clients reconnect with Last-Event-ID). */
  end: () => void;
}>;

/**
 * Turns projected batches into one message per changed counter for every live subscriber. Changes
 * are merged while a computation runs, so a burst costs one query per fiscal year, not per event.
 */
@Injectable()
export class ProgressHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProgressHub');
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<number, Set<string>>();
  /**
   * Subscribers whose first figures are still to be sent. The flush loop sends them in turn with the
   * changes, so a subscriber never gets a change computed before its snapshot after that snapshot.
   */
  private readonly joining = new Set<Listener>();
  private readonly subscriptions: Subscription[] = [];
  private flushing: Promise<void> | null = null;

  /** Every counter change, for publishers such as the `goal-progress` topic. */
  readonly changes = new Subject<ProgressMessage>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly query: GoalProgressQuery,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(this.runner.projected.subscribe(({ outcome }) => {
      if (this.listeners.size === 0 && !this.changes.observed) return;
      const current = this.currentFiscalYear();
      for (const { fiscalYear, program, metric } of outcome.changed) {
        this.mark(fiscalYear, `${program}/${metric}`);
        // The next year's figures show this year's as their previousYear reference.
        if (fiscalYear < current) this.mark(fiscalYear + 1, `${program}/${metric}`);
      }
      for (const fiscalYear of outcome.changedTargetYears) this.mark(fiscalYear, '*');
      this.flush();
    }));
    // A rebuilt version may count differently (that is why one rebuilds): every figure is sent again.
    this.subscriptions.push(this.runner.switched.subscribe(() => {
      for (const fiscalYear of new Set([...this.listeners].map((l) => l.fiscalYear).concat(this.currentFiscalYear()))) this.mark(fiscalYear, '*');
      this.flush();
    }));
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const listener of this.listeners) listener.end();
    this.listeners.clear();
    this.joining.clear();
  }

  /**
   * The id of figures computed now. The version is part of it: a rebuilt version can count the same
   * log position differently, so an id from before a switch is not current after it.
   */
  currentId(): string {
    const checkpoint = this.runner.activeCheckpoint();
    return checkpoint === null ? '' : `${this.runner.activeVersion()}/${checkpoint}`;
  }

  currentFiscalYear(): number {
    return fiscalYearOf(new Date().toISOString(), this.options.timeZone);
  }

  /** `snapshot`: send every counter of the year first (a client that is not up to date). */
  subscribe(listener: Listener, { snapshot }: { snapshot: boolean }): () => void {
    this.listeners.add(listener);
    if (snapshot) {
      this.joining.add(listener);
      this.flush();
    }
    return () => {
      this.listeners.delete(listener);
      this.joining.delete(listener);
    };
  }

  /**
   * Sends every counter of the current fiscal year to the publishers again, in order with the
   * changes: a publisher starting afresh (after a restart that may have dropped its unsent messages).
   */
  announceCurrentYear(): void {
    this.mark(this.currentFiscalYear(), '*');
    this.flush();
  }

  private mark(fiscalYear: number, key: string): void {
    const keys = this.pending.get(fiscalYear) ?? new Set<string>();
    keys.add(key);
    this.pending.set(fiscalYear, keys);
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      while (this.pending.size > 0 || this.joining.size > 0) {
        if (this.joining.size > 0) {
          await this.sendSnapshots();
          continue;
        }
        const [fiscalYear, keys] = this.pending.entries().next().value as [number, Set<string>];
        this.pending.delete(fiscalYear);
        const listeners = [...this.listeners].filter((l) => l.fiscalYear === fiscalYear && !this.joining.has(l));
        if (listeners.length === 0 && !this.changes.observed) continue;
        try {
          const messages = await this.messages(fiscalYear, keys.has('*') ? null : keys);
          if (messages.length === 0) continue;
          for (const listener of listeners) listener.send(messages);
          for (const message of messages) this.changes.next(message);
        } catch (error) {
          this.logger.warn(`Could not compute progress for FY${fiscalYear}: ${String(error)}`);
        }
      }
    })().finally(() => {
      this.flushing = null;
      // A change marked (or a subscriber joining) after the loop saw nothing pending, but before this ran, found it still flushing.
      if (this.pending.size > 0 || this.joining.size > 0) this.flush();
    });
  }

  /** Every counter of the year, computed now, to each subscriber that joined since the last round. */
  private async sendSnapshots(): Promise<void> {
    const joining = [...this.joining];
    this.joining.clear();
    for (const fiscalYear of new Set(joining.map((l) => l.fiscalYear))) {
      const listeners = joining.filter((l) => l.fiscalYear === fiscalYear);
      try {
        const messages = await this.messages(fiscalYear, null);
        for (const listener of listeners) if (this.listeners.has(listener)) listener.send(messages);
      } catch (error) {
        // Without its first figures a subscriber would show nothing: ended, it reconnects and asks again.
        this.logger.warn(`Could not compute progress for FY${fiscalYear}: ${String(error)}`);
        for (const listener of listeners) listener.end();
      }
    }
  }

  private async messages(fiscalYear: number, keys: ReadonlySet<string> | null): Promise<ProgressMessage[]> {
    const today = localDate(new Date().toISOString(), this.options.timeZone);
    const lastDay = `${fiscalYear + 1}-03-31`;
    const asOf = today > lastDay ? lastDay : today < `${fiscalYear}-04-01` ? `${fiscalYear}-04-01` : today;
    // Taken before the query: the figures then include at least what the id says.
    const id = this.currentId();
    const report = await this.query.report({ fiscalYear, asOf, knownAt: null, programs: [], metrics: [] });
    return Object.entries(report.programs).flatMap(([program, metrics]) =>
      Object.entries(metrics)
        .filter(([metric]) => keys === null || keys.has(`${program}/${metric}`))
        .map(([metric, progress]) => ({ id, fiscalYear, program, metric, asOf, progress })));
  }
}
