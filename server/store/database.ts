import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { recoverInterruptedImports, type RecoveredImport } from './integrity.ts';
import { MIGRATIONS } from './migrations.ts';
import { rebuildWeeklyTiesIfStale } from './weekly-ties.ts';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** How `columns` reads each column: INTEGER into an Int32Array, DOUBLE into a Float64Array. */
export type ColumnSpec = Record<string, 'INTEGER' | 'DOUBLE'>;
export type Columns<S extends ColumnSpec> = {
  [K in keyof S]: S[K] extends 'INTEGER' ? Int32Array : Float64Array;
};

/**
 * What reading code needs of a store: the Store itself, or the analytics worker's proxy that
 * sends each query to the thread owning the database (server/analytics-worker/).
 */
export interface StoreReader {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  one<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  columns<S extends ColumnSpec>(sql: string, params: Params, spec: S): Promise<Columns<S>>;
}

/**
 * The helpflow database: one DuckDB file, opened once per process, schema migrated on open.
 * Queries return JSON-safe rows (DuckDB's JSON rendering: BIGINT and JSON columns come back
 * as strings), so queries cast counts to INTEGER in SQL and callers never meet a `bigint`.
 */
export class Store implements StoreReader {
  readonly path: string;
  readonly connection: DuckDBConnection;
  private readonly instance: DuckDBInstance;
  /** False for a second connection made by connect(): closing it leaves the file open. */
  private readonly ownsInstance: boolean;
  /** Imports that open() found interrupted, and whose rows it removed (integrity.ts). */
  recovered: RecoveredImport[] = [];

  private constructor(
    path: string,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    ownsInstance = true,
  ) {
    this.path = path;
    this.instance = instance;
    this.connection = connection;
    this.ownsInstance = ownsInstance;
  }

  /** Opens (creating it if need be) the database file, migrated and checked. */
  static async open(path: string): Promise<Store> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { memory_limit: duckdbMemoryLimit() });
    } catch (error) {
      const message = (error as Error).message;
      // DuckDB locks its file for one process: the usual cause is a running `helpflow serve`.
      const hint = /lock/i.test(message)
        ? ' (another helpflow process has it open: stop it first; a `helpflow serve` runs most commands for you once it is listening)'
        : '';
      throw new Error(`cannot open the database ${path}${hint}: ${message}`, { cause: error });
    }
    const connection = await instance.connect();
    const store = new Store(path, instance, connection);
    await store.run("SET TimeZone = 'UTC'");
    await store.migrate();
    store.recovered = await recoverInterruptedImports(store);
    await rebuildWeeklyTiesIfStale(store);
    return store;
  }

  /**
   * A second connection to the same file, with its own transactions: an import writes through
   * one while the API keeps reading through the other.
   */
  async connect(): Promise<Store> {
    const connection = await this.instance.connect();
    const store = new Store(this.path, this.instance, connection, false);
    await store.run("SET TimeZone = 'UTC'");
    return store;
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  /**
   * Numeric columns of a result as typed arrays, for results of millions of rows: no object per
   * row (getRowObjectsJson takes seconds for 1.6 M rows, this a few hundred milliseconds). A
   * column of another type, or a NULL, is an error that names the column.
   */
  async columns<S extends ColumnSpec>(sql: string, params: Params, spec: S): Promise<Columns<S>> {
    const result = await this.connection.run(sql, params);
    const names = result.columnNames();
    const columns = Object.entries(spec).map(([name, type]) => {
      const index = names.indexOf(name);
      if (index < 0 || result.columnTypeId(index) !== DuckDBTypeId[type]) {
        throw new Error(`columns: the query has no ${type} column "${name}"`);
      }
      const Values = type === 'INTEGER' ? Int32Array : Float64Array;
      return { name, index, values: new Values(result.rowCount) };
    });
    for (let c = 0, row = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const rows = chunk.rowCount;
      for (const { name, index, values } of columns) {
        const vector = chunk.getColumnVector(index);
        for (let r = 0; r < rows; r++) {
          const value = vector.getItem(r);
          if (value === null) throw new Error(`columns: "${name}" is NULL in row ${row + r}`);
          values[row + r] = value as number;
        }
      }
      row += rows;
    }
    return Object.fromEntries(columns.map(({ name, values }) => [name, values])) as Columns<S>;
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs `work` in one transaction: everything it wrote is kept, or nothing is. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }

  private async migrate(): Promise<void> {
    await this.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())',
    );
    const applied = new Set(
      (await this.all<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await this.transaction(async () => {
        await this.run(migration.sql);
        await this.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      });
    }
  }
}

/**
 * DuckDB's memory for its buffers, sorts, hash tables and temporary tables, beyond which it spills
 * to `<database>.tmp`: `$HELPFLOW_DUCKDB_MEMORY` (DuckDB's notation: 2GB, 512MB), else 2 GB.
 * DuckDB's own default, 80 % of the machine's memory, let the import of the XL benchmark's
 * 15 M events grow to 5.3 GiB; with 2 GB it peaked at 2.3 GiB, within the 4 GiB every helpflow
 * process is held to (README, Scale). Its cost in time alone was not measured apart: the same
 * run also had the faster import, 90.7 s before and 58.8 s after.
 */
export function duckdbMemoryLimit(): string {
  const wanted = process.env.HELPFLOW_DUCKDB_MEMORY?.trim();
  if (!wanted) return '2GB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(wanted)) {
    throw new Error(
      `HELPFLOW_DUCKDB_MEMORY is "${wanted}": expected an amount of memory such as 2GB or 512MB`,
    );
  }
  return wanted;
}
