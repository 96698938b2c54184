import type { ColumnSpec, Params } from '../store/database.ts';

/** Messages between the API's thread and the analytics worker. */

export type ToWorker =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'sql-result'; id: number; rows: unknown }
  | { type: 'sql-error'; id: number; message: string };

export type FromWorker =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerialisedError }
  | {
      type: 'sql';
      id: number;
      sql: string;
      params: Params | undefined;
      /** Typed columns (Store.columns) instead of rows, when given. */
      columns?: ColumnSpec;
    };

export interface SerialisedError {
  name: string;
  message: string;
  code?: string;
  field?: string;
  status?: number;
}
