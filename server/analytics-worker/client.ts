import { Worker } from 'node:worker_threads';
import { FROM_SOURCES } from '../build-mode.ts';
import type { GraphView, GraphViewQuery } from '../reports/graph-view.ts';
import type { PersonView } from '../reports/person-view.ts';
import { ReportError } from '../reports/report-error.ts';
import type { Reports, ReportQuery, ReportsConfig } from '../reports/reports.ts';
import type { Window } from '../analytics/window.ts';
import type { ReportCoverage } from '../analytics/coverage.ts';
import type { Store } from '../store/database.ts';
import type { GraphFile, GraphFormat } from '../export/graph-file.ts';
import type { FromWorker, SerialisedError, ToWorker } from './protocol.ts';

export type ReportName = 'people' | 'isolation' | 'experts' | 'communities' | 'flows' | 'trends';
export type ReportResult<N extends ReportName> = Awaited<ReturnType<Reports[N]>>;

/**
 * The API's handle on the analytics worker. Answers the worker's SQL through its own
 * connection, restarts the worker if it dies (failing only the calls in flight), and closes it
 * on shutdown.
 */
export class AnalyticsWorker {
  private readonly store: Store;
  private readonly config: Partial<ReportsConfig>;
  private worker: Worker | null = null;
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  /** `store` should be a connection of its own (Store.connect()): the worker's reads use it. */
  constructor(store: Store, config: Partial<ReportsConfig> = {}) {
    this.store = store;
    this.config = config;
  }

  window(query: ReportQuery): Promise<Window> {
    return this.call('window', query) as Promise<Window>;
  }

  /** The window of a query, and which sources cover it (for exports). */
  scope(query: ReportQuery): Promise<{ window: Window; coverage: ReportCoverage }> {
    return this.call('scope', query) as Promise<{ window: Window; coverage: ReportCoverage }>;
  }

  report<N extends ReportName>(
    name: N,
    query: ReportQuery & (N extends 'experts' ? { search: string } : object),
  ): Promise<ReportResult<N>> {
    return this.call('report', name, query) as Promise<ReportResult<N>>;
  }

  graphView(query: GraphViewQuery): Promise<GraphView> {
    return this.call('graphView', query) as Promise<GraphView>;
  }

  personView(person: string, query: ReportQuery): Promise<PersonView> {
    return this.call('personView', person, query) as Promise<PersonView>;
  }

  /** The tie graph as a file (server/export/graph-file.ts). */
  exportGraph(format: GraphFormat, query: ReportQuery): Promise<GraphFile> {
    return this.call('exportGraph', format, query) as Promise<GraphFile>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the analytics worker was closed'));
  }

  /** Starts the worker thread now rather than at the first call (it loads its modules). */
  start(): void {
    if (!this.closed) this.ensureWorker();
  }

  private call(method: string, ...args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the analytics worker is closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    // Keeps the process alive while a call is in flight, and only then.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'call', id, method, args } satisfies ToWorker);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The sources need tsx's loader in the worker too (bootstrap.mjs); the build is plain JS.
    const entry = FROM_SOURCES ? './bootstrap.mjs' : './worker.js';
    const worker = new Worker(new URL(entry, import.meta.url), {
      workerData: this.config,
    });
    worker.on('message', (message: FromWorker) => void this.onMessage(worker, message));
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`the analytics worker failed: ${error.message}`));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('the analytics worker stopped'));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private async onMessage(worker: Worker, message: FromWorker): Promise<void> {
    if (message.type === 'sql') {
      try {
        if (message.columns) {
          const columns = await this.store.columns(
            message.sql,
            message.params ?? [],
            message.columns,
          );
          const buffers = Object.values(columns).map((array) => array.buffer as ArrayBuffer);
          worker.postMessage(
            { type: 'sql-result', id: message.id, rows: columns } satisfies ToWorker,
            buffers,
          );
          return;
        }
        const rows = await this.store.all(message.sql, message.params);
        worker.postMessage({ type: 'sql-result', id: message.id, rows } satisfies ToWorker);
      } catch (error) {
        worker.postMessage({
          type: 'sql-error',
          id: message.id,
          message: (error as Error).message,
        } satisfies ToWorker);
      }
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) worker.unref();
    if (message.type === 'result') waiting.resolve(message.value);
    else waiting.reject(revive(message.error));
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

function revive(error: SerialisedError): Error {
  if (error.name === 'ReportError' && error.code) {
    return new ReportError(error.code, error.message, error.field, error.status);
  }
  return Object.assign(new Error(error.message), { name: error.name });
}
