import fp from 'fastify-plugin';
import type { Viewer } from '../access/viewer.ts';
import {
  AnalyticsWorker,
  type ReportName,
  type ReportQueryOf,
  type ReportResult,
  type WorkerApi,
} from '../analytics-worker/client.ts';
import { FairQueue } from '../api/fair-queue.ts';
import { filterValues } from '../reports/filters.ts';
import type { ReportQuery } from '../reports/reports.ts';
import type { DataCaches } from './caches.ts';

declare module 'fastify' {
  interface FastifyInstance {
    analytics: Analytics;
  }
}

/**
 * The analytics workers (one per slot of the fair queue, each on a database connection of its
 * own) and the queue that gives tokens their turns on them; results cached per data version.
 */
export class Analytics {
  private readonly workers: AnalyticsWorker[];
  private readonly queue: FairQueue;
  private readonly caches: DataCaches;
  /** True once warmUp() was called: the default view is computed again after data changes. */
  private warm = false;
  /** Computations start once this is settled (see warmUp). */
  private settled: Promise<void> = Promise.resolve();
  /** Per worker: the windows and filters it computes for now, with how many computations each. */
  private readonly underWay: Map<string, number>[];

  constructor(workers: AnalyticsWorker[], queue: FairQueue, caches: DataCaches) {
    this.workers = workers;
    this.queue = queue;
    this.caches = caches;
    this.underWay = workers.map(() => new Map<string, number>());
    caches.onDataChanged(() => {
      if (this.warm) this.warmDefaultView();
    });
  }

  /** The first analytics worker: quick questions (windows) that need no turn in the queue. */
  get quick(): WorkerApi {
    return this.workers[0]!.api;
  }

  /**
   * Boots the analytics workers and computes the dashboard's first view (the network with no
   * filters) in the background, now and after each change of the data, so the first visitor
   * finds it ready or under way instead of waiting for a worker to load and the reports to be
   * computed from nothing. `helpflow serve` turns it on; tests that build many apps leave it off.
   * The workers boot at once; the view, and every computation asked for meanwhile, wait for
   * `settled` (the retention pass the server starts with). Computed before it, they would be
   * thrown away as soon as the pass deleted anything, or show what it deletes. On the XL
   * benchmark, with a pass that deleted 61 events, the five reports asked at once took 46 s
   * cold beside it and 37 s after it.
   */
  warmUp(settled: Promise<unknown> = Promise.resolve()): void {
    for (const worker of this.workers) worker.start();
    this.settled = settled.then(() => {
      this.warm = true;
      this.warmDefaultView();
    });
  }

  private warmDefaultView(): void {
    // The graph route's own cache key for a query without filters (routes/graph/index.ts).
    void this.compute(undefined, 'graph|{}', {}, (analytics) => analytics.graphView({})).catch(
      () => undefined,
    );
  }

  /**
   * A cold computation, cached per data version and `key`, run in the fair queue in the turn of
   * the viewer's token, on the analytics worker of the slot it gets. `query` (the window and
   * filters) picks the worker that likely has its inputs cached, when that one is free, and a
   * worker computing for the same window and filters takes it even when busy.
   */
  compute<T>(
    viewer: Viewer | undefined,
    key: string,
    query: ReportQuery,
    run: (analytics: WorkerApi) => Promise<T>,
  ): Promise<T> {
    const owner = viewer ? (viewer.tokenId ?? `role:${viewer.role}`) : 'server';
    const filters = JSON.stringify(filterValues(query));
    // The cache reads the data version: only after a start-up retention pass that may change it.
    return this.settled.then(() => this.cached(owner, key, filters, run));
  }

  private cached<T>(
    owner: string,
    key: string,
    filters: string,
    run: (analytics: WorkerApi) => Promise<T>,
  ): Promise<T> {
    const prefer = hashOf(filters) % this.workers.length;
    return this.caches.cached(key, () =>
      this.queue.run(
        owner,
        async (slot) => {
          // A computation shares the worker already computing for the same window and filters,
          // whatever slot it got: that worker is reading (or holds) the network, communities and
          // metrics it needs, which the other worker would compute all over again (the five XL
          // reports asked at once, beside the default view, took 61 s cold with each worker
          // reading both windows' networks and running Louvain on its own). Other windows and
          // filters keep the slot's worker, so one user's long layout holds up no one else's.
          const busy = this.underWay.findIndex((under) => under.has(filters));
          const index = busy >= 0 ? busy : slot % this.workers.length;
          const under = this.underWay[index]!;
          under.set(filters, (under.get(filters) ?? 0) + 1);
          try {
            return await run(this.workers[index]!.api);
          } finally {
            const left = under.get(filters)! - 1;
            if (left > 0) under.set(filters, left);
            else under.delete(filters);
          }
        },
        prefer,
      ),
    );
  }

  /** A report from the analytics workers, cached per data version and query. */
  report<N extends ReportName>(
    name: N,
    query: ReportQueryOf<N>,
    viewer?: Viewer,
  ): Promise<ReportResult<N>> {
    return this.compute(viewer, `${name}|${JSON.stringify(query)}`, query, (analytics) =>
      analytics.report(name, query),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

/** A small stable hash of a string (FNV-1a), to spread windows over the workers. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export default fp(
  async (app) => {
    const queue = new FairQueue(app.config.fairQueue);
    const workers: AnalyticsWorker[] = [];
    for (let n = 0; n < (app.config.analyticsWorkers ?? queue.slots); n++) {
      workers.push(new AnalyticsWorker(await app.store.connect(), app.config.reports));
    }
    const analytics = new Analytics(workers, queue, app.caches);
    app.decorate('analytics', analytics);
    app.addHook('onClose', async () => analytics.close());
  },
  { name: 'helpflow-analytics', dependencies: ['helpflow-settings', 'helpflow-caches'] },
);
