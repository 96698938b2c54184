import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Connector, ConnectorInput } from '../../connectors/types.ts';
import type { Store } from '../store/database.ts';
import { readImports } from '../store/queries.ts';
import { jobOfPath } from './upload-folders.ts';
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
  /** `interrupted`: so the import log says after a restart (the server stopped mid-import). */
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedAt: string;
  /** The latest progress, then the outcome. */
  last: JobEvent;
  events: EventEmitter;
}

export class ImportJobs {
  private readonly store: Store;
  private readonly jobs = new Map<string, ImportJob>();
  private queue: Promise<void> = Promise.resolve();
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
  start(
    connector: Connector,
    input: ConnectorInput,
    fileName: string,
    cleanup: string,
    id: string,
  ): ImportJob {
    const job: ImportJob = {
      id,
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
      let outcome: JobEvent;
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
        outcome = { type: 'succeeded', summary };
      } catch (error) {
        outcome = { type: 'failed', error: (error as Error).message };
      }
      // The upload is gone before anyone is told the job ended.
      await rm(cleanup, { recursive: true, force: true }).catch(() => undefined);
      job.state = outcome.type;
      emit(outcome);
    });
    return job;
  }

  /** Waits for every queued import to end. */
  async drain(): Promise<void> {
    await this.queue;
  }
}

/**
 * An upload job of an earlier server process, from the import log: its import's origin is the
 * uploaded file's path, whose folder names the job (upload-folders.ts).
 */
export async function jobFromLog(store: Store, id: string): Promise<ImportJob | undefined> {
  const run = (await readImports(store)).find((candidate) => jobOfPath(candidate.origin) === id);
  if (!run) return undefined;
  const state: ImportJob['state'] =
    run.status === 'succeeded' || run.status === 'failed' ? run.status : 'interrupted';
  const last: JobEvent =
    state === 'succeeded'
      ? {
          type: 'succeeded',
          summary: {
            importId: run.importId,
            connector: run.connector,
            origin: run.origin,
            status: 'succeeded',
            counts: run.counts as unknown as ImportSummary['counts'],
            skipped: run.skipped,
            durationMs: 0,
          },
        }
      : { type: 'failed', error: run.error ?? `the import was ${state}` };
  return {
    id,
    connector: run.connector,
    fileName: basename(run.origin),
    state,
    startedAt: run.startedAt,
    last,
    events: new EventEmitter(),
  };
}
