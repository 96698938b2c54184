import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { helpEvents, type Filters } from '../store/analytics-queries.ts';
import type { Store } from '../store/database.ts';

/**
 * The interactions as the interchange table of sql/weekly-ties.sql (docs/weekly-ties.md), for
 * an engine beyond one machine: Parquet files in Hive layout, one folder per month and source
 * (`month=2026-03/source=slack/data_0.parquet`), written by DuckDB's own COPY. Only help between
 * people helpflow analyses leaves: no bots, nobody who opted out.
 */

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ParquetExport {
  rows: number;
  files: number;
}

export async function exportInteractionsParquet(
  store: Store,
  dir: string,
  filters: Filters,
): Promise<ParquetExport> {
  // Never over another export: files of two runs in one folder would count help twice.
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new ExportError(`${dir} is not an empty folder: give --out a new or empty folder`);
  }
  const sql = helpEvents(filters);
  const rows = await store.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n ${sql.from}`,
    sql.params,
  );
  // Made here: COPY makes the folder but not its parents, and writes none for no rows.
  mkdirSync(dir, { recursive: true });
  if (rows!.n === 0) return { rows: 0, files: 0 };
  await store.run(
    `COPY (
       SELECT i.source, i.source_id, i.occurred_at, i.helper_account AS helper,
              i.helped_account AS helped, i.kind, i.topic, i.context, i.weight,
              strftime(i.occurred_at, '%Y-%m') AS month
       ${sql.from}
       ORDER BY i.occurred_at, i.source, i.source_id
     ) TO '${dir.replaceAll("'", "''")}' (FORMAT parquet, PARTITION_BY (month, source))`,
    sql.params,
  );
  const files = await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM glob($1)`, [
    `${dir}/**/*.parquet`,
  ]);
  return { rows: rows!.n, files: files!.n };
}
