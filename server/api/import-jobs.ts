import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import type { Connector, ConnectorInput } from '../../connectors/types.ts';
import type { Store } from '../store/database.ts';
import { runImport, type ImportProgress, type ImportSummary } from '../store/ingest.ts';

/**
 * Imports started over HTTP. They run one at a time (DuckDB has one writer) on a connection of
 * their own, so the API keeps reading while they write; each job keeps its events so a client
 * that subscribes late still sees where it is.
 */

export type JobEvent =
  | { type: 'queued' }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'succeeded'; summary: ImportSummary }
  | { type: 'failed'; error: string };

export interface ImportJob {
  id: string;
  connector: string;
  fileName: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  startedAt: string;
  /** The latest progress, then the outcome. */
  last: JobEvent;
  events: EventEmitter;
}

export class ImportJobs {
  private readonly store: Store;
  private readonly jobs = new Map<string, ImportJob>();
  private queue: Promise<void> = Promise.resolve();
  private nextId = 1;
  /**
   * Called in the queue after every successful import, before the job says it succeeded:
   * retention runs and the API drops what it cached.
   */
  private readonly onImported: () => Promise<void>;

  constructor(store: Store, onImported: () => Promise<void>) {
    this.store = store;
    this.onImported = onImported;
  }

  /** The connection imports write through. */
  get connection(): Store {
    return this.store;
  }

  /** Runs `work` (a scheduled sync's import) in the queue, after what is already there. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Queues an import of an uploaded file; `cleanup` (its folder) is removed when it ends. */
  start(connector: Connector, input: ConnectorInput, fileName: string, cleanup: string): ImportJob {
    const job: ImportJob = {
      id: String(this.nextId++),
      connector: connector.id,
      fileName,
      state: 'queued',
      startedAt: new Date().toISOString(),
      last: { type: 'queued' },
      events: new EventEmitter(),
    };
    job.events.setMaxListeners(100);
    this.jobs.set(job.id, job);
    const emit = (event: JobEvent) => {
      job.last = event;
      job.events.emit('event', event);
    };
    this.queue = this.queue.then(async () => {
      job.state = 'running';
      let lastSent = 0;
      try {
        const summary = await runImport(this.store, connector, input, {
          onProgress: (progress) => {
            // At most ten progress events a second: enough for a progress bar.
            if (progress.elapsedMs - lastSent < 100) return;
            lastSent = progress.elapsedMs;
            emit({ type: 'progress', progress });
          },
        });
        await this.onImported();
        job.state = 'succeeded';
        emit({ type: 'succeeded', summary });
      } catch (error) {
        job.state = 'failed';
        emit({ type: 'failed', error: (error as Error).message });
      } finally {
        await rm(cleanup, { recursive: true, force: true });
      }
    });
    return job;
  }

  /** Waits for every queued import to end. */
  async drain(): Promise<void> {
    await this.queue;
  }
}
