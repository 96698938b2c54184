import { Worker } from 'node:worker_threads';
import type { BirpcReturn } from 'birpc';
import { FROM_SOURCES } from '../build-mode.ts';
import type { ReportsConfig } from '../reports/reports.ts';
import type { Store } from '../store/database.ts';
import type { WorkerApi } from './api.ts';
import { openChannel, type StoreApi } from './protocol.ts';

export type { ReportName, ReportQueryOf, ReportResult, WorkerApi } from './api.ts';

/**
 * The worker thread stopped (it crashed, ran out of memory or was terminated) before it
 * answered: the calls in flight fail with this, and the next call starts a new thread.
 */
export class WorkerStoppedError extends Error {
  constructor(reason: string) {
    super(`the analytics worker ${reason} before it answered`);
    this.name = 'WorkerStoppedError';
  }
}

/**
 * The API's handle on an analytics worker. Answers the worker's SQL through its own
 * connection, restarts the worker if it dies (failing only the calls in flight), and closes it
 * on shutdown.
 */
export class AnalyticsWorker {
  private readonly store: Store;
  private readonly config: Partial<ReportsConfig>;
  private thread: { worker: Worker; rpc: BirpcReturn<WorkerApi, StoreApi> } | null = null;
  private closed = false;

  /** `store` should be a connection of its own (Store.connect()): the worker's reads use it. */
  constructor(store: Store, config: Partial<ReportsConfig> = {}) {
    this.store = store;
    this.config = config;
  }

  /** The worker's methods (api.ts), run on its thread; a thread that died is started again. */
  get api(): WorkerApi {
    if (this.closed) return CLOSED;
    return this.ensureThread().rpc;
  }

  /** Starts the worker thread now rather than at the first call (it loads its modules). */
  start(): void {
    if (!this.closed) this.ensureThread();
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = null;
    thread?.rpc.$close(new Error('the analytics worker was closed'));
    if (!thread) return;
    // The thread is unreferenced once no call is in flight (and the calls just failed): without
    // something keeping the event loop alive, a process closing during a call would end before
    // terminate() settles, and with exit code 13 (an unsettled top-level await in main).
    const keepAlive = setInterval(() => undefined, 1_000);
    try {
      await thread.worker.terminate();
    } finally {
      clearInterval(keepAlive);
    }
  }

  private ensureThread() {
    if (this.thread) return this.thread;
    // The sources need tsx's loader in the worker too (bootstrap.mjs); the build is plain JS.
    const entry = FROM_SOURCES ? './bootstrap.mjs' : './worker.js';
    const worker = new Worker(new URL(entry, import.meta.url), { workerData: this.config });
    const main: StoreApi = {
      all: (sql, params) => this.store.all(sql, params),
      columns: (sql, params, spec) => this.store.columns(sql, params, spec),
    };
    let inFlight = 0;
    const rpc = openChannel<WorkerApi, StoreApi>(main, worker, {
      transferAnswers: true,
      // Keeps the process alive while a call is in flight, and only then.
      onRequest: async (send) => {
        if (inFlight++ === 0) worker.ref();
        try {
          await send();
        } finally {
          if (--inFlight === 0) worker.unref();
        }
      },
    });
    const stopped = (reason: string) => {
      if (this.thread?.worker === worker) this.thread = null;
      rpc.$close(new WorkerStoppedError(reason));
    };
    worker.on('error', (error) => stopped(`failed (${error.message})`));
    worker.on('exit', (code) => stopped(`stopped (exit code ${code})`));
    worker.unref();
    this.thread = { worker, rpc };
    return this.thread;
  }
}

/** Every call of a closed worker fails at once. */
const CLOSED: WorkerApi = new Proxy({} as WorkerApi, {
  get: () => () => Promise.reject(new Error('the analytics worker is closed')),
});
