import type { MessagePort } from 'node:worker_threads';
import type { ColumnSpec, Columns, Params, Row, StoreReader } from '../store/database.ts';
import type { FromWorker } from './protocol.ts';

/**
 * The worker's view of the database: each query goes to the thread that owns the DuckDB
 * connection (one process can't open the file twice) and its rows come back. The rows are
 * already aggregated in SQL, so what crosses is small next to the work done on it here.
 */
export class RemoteStore implements StoreReader {
  private readonly port: MessagePort;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (rows: unknown) => void; reject: (error: Error) => void }
  >();

  constructor(port: MessagePort) {
    this.port = port;
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.ask({ type: 'sql', id: this.nextId++, sql, params }) as Promise<T[]>;
  }

  /** Typed columns come back as typed arrays whose memory is moved here, not copied. */
  columns<S extends ColumnSpec>(sql: string, params: Params, spec: S): Promise<Columns<S>> {
    return this.ask({ type: 'sql', id: this.nextId++, sql, params, columns: spec }) as Promise<
      Columns<S>
    >;
  }

  private ask(message: Extract<FromWorker, { type: 'sql' }>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.port.postMessage(message satisfies FromWorker);
    });
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Settles the query `id` with what the owning thread answered. */
  answer(id: number, rows: unknown, message?: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (message === undefined) waiting.resolve(rows);
    else waiting.reject(new Error(message));
  }
}
