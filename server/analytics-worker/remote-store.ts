import type { Params, Row, StoreReader } from '../store/database.ts';
import type { StoreApi } from './protocol.ts';

/**
 * The worker's view of the database: each query goes to the thread that owns the DuckDB
 * connection and its rows come back (typed columns as typed arrays whose memory is moved here,
 * not copied). The rows are already aggregated in SQL, so what crosses is small next to the
 * work done on it here.
 */
export function remoteStore(main: StoreApi): StoreReader {
  return {
    all: (sql, params) => main.all(sql, params),
    columns: (sql, params, spec) => main.columns(sql, params, spec),
    async one<T = Row>(sql: string, params?: Params) {
      return (await main.all<T>(sql, params))[0];
    },
  };
}
