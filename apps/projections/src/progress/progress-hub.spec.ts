import { Subject } from 'rxjs';
import type { ProjectionOptions } from '../projection.tokens';
import type { ProjectedBatch, ProjectionRunner } from '../read-models/projection-runner';
import type { GoalProgressQuery, MetricProgress, ProgressReport } from './goal-progress.query';
import type { ProgressMessage } from './progress-hub';
import { ProgressHub } from './progress-hub';

const FISCAL_YEAR = 2013;

/** The visits counter as the read model holds it; each query answers once the test lets it. */
class FakeReadModel {
  visits = 1;
  private readonly held: (() => void)[] = [];
  holdQueries = false;

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  get queriesWaiting(): number {
    return this.held.length;
  }

  async report(): Promise<ProgressReport> {
    const total = this.visits;
    if (this.holdQueries) await new Promise<void>((resolve) => this.held.push(resolve));
    return { programs: { 'employment-support': { visits: { total } as unknown as MetricProgress } } } as unknown as ProgressReport;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('ProgressHub', () => {
  const projected = new Subject<ProjectedBatch>();
  const runner = {
    projected, switched: new Subject<number>(), activeCheckpoint: () => '1', activeVersion: () => 1,
  } as unknown as ProjectionRunner;
  const options: ProjectionOptions = { timeZone: 'Asia/Tokyo', batchSize: 500, pollIntervalMs: 200 };
  let readModel: FakeReadModel;
  let hub: ProgressHub;

  beforeEach(() => {
    readModel = new FakeReadModel();
    hub = new ProgressHub(runner, readModel as unknown as GoalProgressQuery, options);
    hub.onModuleInit();
  });
  afterEach(() => hub.onModuleDestroy());

  const subscriber = () => {
    const received: number[] = [];
    const send = (messages: readonly ProgressMessage[]) => messages.forEach((m) => received.push((m.progress as unknown as { total: number }).total));
    return { received, listener: { fiscalYear: FISCAL_YEAR, send, end: () => undefined } };
  };
  const visitRecorded = () => projected.next({
    outcome: { changed: [{ fiscalYear: FISCAL_YEAR, program: 'employment-support', metric: 'visits' }], changedTargetYears: [] },
  } as unknown as ProjectedBatch);

  it('given a subscriber that is not up to date, then it is sent every counter of its year', async () => {
    const { received, listener } = subscriber();
    hub.subscribe(listener, { snapshot: true });
    await settle();
    expect(received).toEqual([1]);
  });

  it('given a change being computed, when a subscriber joins and the counter moves on, then its last figure is the newest, never the older change after its snapshot', async () => {
    const watching = subscriber();
    hub.subscribe(watching.listener, { snapshot: false });
    readModel.holdQueries = true;
    visitRecorded();
    await settle();
    expect(readModel.queriesWaiting).toBe(1);

    const joining = subscriber();
    hub.subscribe(joining.listener, { snapshot: true });
    readModel.visits = 2;
    visitRecorded();
    readModel.holdQueries = false;
    readModel.release();
    await settle();

    expect(joining.received).not.toContain(1);
    expect(joining.received.at(-1)).toBe(2);
    expect(watching.received.at(-1)).toBe(2);
  });
});
