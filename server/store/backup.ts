import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbMemoryLimit, Store } from './database.ts';
import { MIGRATIONS } from './migrations.ts';

/**
 * Backups: DuckDB's EXPORT DATABASE (schema, sequences and one Parquet file per table) run in
 * one transaction, so the snapshot is consistent even while the server imports; and a manifest
 * of the row counts seen in that same transaction, which a restore checks.
 */

export const MANIFEST = 'helpflow-backup.json';

export interface BackupManifest {
  format: 'helpflow-backup';
  createdAt: string;
  /** The newest migration the database had: a restore into older code is refused. */
  schemaVersion: number;
  tables: Record<string, number>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Every table of the database, found rather than listed: tables added later are kept too. */
export async function tableNames(store: Store): Promise<string[]> {
  const rows = await store.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
     ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

async function rowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(store)) {
    const row = await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM "${name}"`);
    counts[name] = row!.n;
  }
  return counts;
}

/** Writes a consistent snapshot of `store` to `dir`, which must not exist or be empty. */
export async function backupDatabase(store: Store, dir: string): Promise<BackupManifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} is not empty: a backup goes into a new or empty folder`);
  }
  return store.transaction(async () => {
    const tables = await rowCounts(store);
    const version = await store.one<{ v: number }>(
      'SELECT max(version)::INTEGER AS v FROM schema_migrations',
    );
    await store.run(`EXPORT DATABASE ${literal(dir)} (FORMAT parquet)`);
    const manifest: BackupManifest = {
      format: 'helpflow-backup',
      createdAt: new Date().toISOString(),
      schemaVersion: version!.v,
      tables,
    };
    writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  });
}

/**
 * Brings the backup in `dir` back into `target`, a database file that must not exist yet. The
 * rows of every table are checked against the manifest, then the migrations this version of
 * helpflow has and the backup lacks are applied. Nothing is left at `target` on failure.
 */
export async function restoreDatabase(dir: string, target: string): Promise<BackupManifest> {
  const manifest = readManifest(dir);
  if (existsSync(target)) {
    throw new BackupError(`${target} exists: restore into a new database file (--db NEW_FILE)`);
  }
  const newest = Math.max(...MIGRATIONS.map((migration) => migration.version));
  if (manifest.schemaVersion > newest) {
    throw new BackupError(
      `the backup in ${dir} has schema version ${manifest.schemaVersion}, newer than this helpflow knows (${newest}): restore it with a newer helpflow`,
    );
  }
  const partial = `${target}.restoring`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  try {
    const instance = await DuckDBInstance.create(partial, {
      memory_limit: duckdbMemoryLimit(),
    });
    const connection = await instance.connect();
    try {
      await connection.run(`IMPORT DATABASE ${literal(dir)}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const store = await Store.open(partial);
    try {
      const counts = await rowCounts(store);
      for (const [table, rows] of Object.entries(manifest.tables)) {
        if (counts[table] !== rows) {
          throw new BackupError(
            `the backup in ${dir} is damaged: table ${table} has ${counts[table] ?? 'no'} rows, the manifest says ${rows}`,
          );
        }
      }
    } finally {
      store.close();
    }
    renameSync(partial, target);
    if (existsSync(`${partial}.wal`)) renameSync(`${partial}.wal`, `${target}.wal`);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    throw error;
  }
  return manifest;
}

function readManifest(dir: string): BackupManifest {
  const path = join(dir, MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `it has no ${MANIFEST}`
        : `${MANIFEST}: ${(error as Error).message}`;
    throw new BackupError(`${dir} is not a helpflow backup: ${reason}`);
  }
  if (manifest.format !== 'helpflow-backup' || typeof manifest.tables !== 'object') {
    throw new BackupError(`${path} is not a helpflow backup manifest`);
  }
  return manifest;
}

/** A path as an SQL string literal: EXPORT and IMPORT DATABASE take no parameters. */
function literal(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
