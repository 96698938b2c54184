/**
 * What every connector's tests check the same way: the records it yields, read straight from
 * it; bad input failing with an ImportError and changing nothing; no planted text reaching
 * the database file.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { ImportError } from '../connectors/errors.ts';
import type {
  Connector,
  ConnectorInput,
  ConnectorRecord,
  ProgressRecord,
} from '../connectors/types.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports } from '../server/store/queries.ts';
import { snapshot, tempDir } from './helpers.ts';

/** The progress records a connector yields, read straight from it. */
export async function progressOf(
  records: AsyncIterable<ConnectorRecord>,
): Promise<ProgressRecord[]> {
  const progress: ProgressRecord[] = [];
  for await (const record of records) if (record.type === 'progress') progress.push(record);
  return progress;
}

/** Everything a connector yields for `input`, grouped by type; `skipped` counts by reason. */
export async function collectRecords(connector: Connector, input: ConnectorInput) {
  const records: ConnectorRecord[] = [];
  for await (const record of connector.read(input)) records.push(record);
  const of = <T extends ConnectorRecord['type']>(type: T) =>
    records.filter((r) => r.type === type) as Extract<ConnectorRecord, { type: T }>[];
  const skipped: Record<string, number> = {};
  for (const { reason, count } of of('skipped')) {
    skipped[reason] = (skipped[reason] ?? 0) + (count ?? 1);
  }
  return {
    records,
    accounts: of('account'),
    interactions: of('interaction'),
    skipped,
    progress: of('progress'),
  };
}

/** The ImportError reading `input` fails with; the test fails if it reads without one. */
export async function readFailure(
  connector: Connector,
  input: ConnectorInput,
): Promise<ImportError> {
  try {
    await collectRecords(connector, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error(`reading ${input.path} did not fail`);
}

/**
 * Imports `input` into `store`, which must fail with an ImportError matching `message` (and
 * not quoting `secret`), leave the store's data as it was, and be logged as a failed import.
 */
export async function expectFailedImport(
  store: Store,
  connector: Connector,
  input: ConnectorInput,
  expected: { message: RegExp; secret?: string },
): Promise<ImportError> {
  const before = await snapshot(store);
  const error = await runImport(store, connector, input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  const { message } = error as ImportError;
  expect(message).toMatch(expected.message);
  if (expected.secret !== undefined) expect(message).not.toContain(expected.secret);
  expect(await snapshot(store)).toBe(before);
  expect((await readImports(store)).at(-1)).toMatchObject({
    connector: connector.id,
    status: 'failed',
    error: message,
  });
  return error as ImportError;
}

/**
 * Imports `input` into `store` again when the store already holds its help: all `present`
 * interactions must be found already there, none stored anew, and no row change.
 */
export async function expectNothingNew(
  store: Store,
  connector: Connector,
  input: ConnectorInput,
  present: number,
): Promise<void> {
  const before = await snapshot(store);
  const again = await runImport(store, connector, input);
  expect(again.counts.interactionsStored).toBe(0);
  expect(again.counts.interactionsAlreadyPresent).toBe(present);
  expect(await snapshot(store)).toBe(before);
}

/**
 * Runs `fill` on a fresh database file, closes it, and fails if `secret` is stored: in any column
 * of any table, searched with SQL, and in the bytes of any file of its folder (the write-ahead
 * log included). The byte search alone misses text DuckDB compresses (dictionary or FSST, which
 * it does from a few dozen equal rows on), hence both. Returns the database file's path.
 */
export async function expectNotStored(
  secret: string,
  fill: (store: Store) => Promise<void>,
): Promise<string> {
  const dir = tempDir();
  const path = join(dir, 'helpflow.duckdb');
  const store = await Store.open(path);
  try {
    await fill(store);
    expect(await columnsHolding(store, secret)).toEqual([]);
  } finally {
    store.close();
  }
  const planted = Buffer.from(secret);
  const names = readdirSync(dir);
  expect(names).toContain(basename(path));
  for (const name of names) {
    expect(readFileSync(join(dir, name)).includes(planted), name).toBe(false);
  }
  return path;
}

/**
 * Every `table.column` of the database's own tables with a value whose text holds `text`: a
 * value of any type is searched as text, so a list, a struct or JSON is searched too.
 */
export async function columnsHolding(store: Store, text: string): Promise<string[]> {
  const columns = await store.all<{ schema: string; table: string; column: string }>(
    `SELECT c.schema_name AS schema, c.table_name AS table, c.column_name AS column
     FROM duckdb_columns() c JOIN duckdb_tables() t
       ON t.database_name = c.database_name AND t.schema_name = c.schema_name
      AND t.table_name = c.table_name
     WHERE c.database_name = current_database() AND NOT t.internal AND NOT t.temporary
     ORDER BY ALL`,
  );
  // A run of tables that holds nothing would pass as well: the search must have looked.
  expect(columns.length).toBeGreaterThan(0);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const tables = new Map<string, typeof columns>();
  for (const column of columns) {
    const table = `${quote(column.schema)}.${quote(column.table)}`;
    tables.set(table, [...(tables.get(table) ?? []), column]);
  }
  const found: string[] = [];
  // One scan per table, a count per column.
  for (const [table, inTable] of tables) {
    const counts = inTable.map(
      ({ column }, k) =>
        `(count(*) FILTER (WHERE contains(${quote(column)}::VARCHAR, $1)))::INTEGER AS c${k}`,
    );
    const row = await store.one<Record<string, number>>(
      `SELECT ${counts.join(', ')} FROM ${table}`,
      [text],
    );
    inTable.forEach(({ table, column }, k) => {
      if (row![`c${k}`]! > 0) found.push(`${table}.${column}`);
    });
  }
  return found;
}

/** A copy of the fixture folder `folder` in which `change` alters the JSON file `file`. */
export function alteredCopy<T>(folder: string, file: string, change: (doc: T) => void): string {
  const copy = join(tempDir(), basename(folder));
  cpSync(folder, copy, { recursive: true });
  const path = join(copy, file);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as T;
  change(doc);
  writeFileSync(path, JSON.stringify(doc));
  return copy;
}

export interface HelpRow {
  helper: string;
  helped: string;
  kind: string;
  context: string | null;
  topic: string | null;
  source_id: string;
}

/** The help stored from `source`, in sourceId order. */
export async function helpRows(store: Store, source: string): Promise<HelpRow[]> {
  return store.all<HelpRow>(
    `SELECT helper_account AS helper, helped_account AS helped, kind, context, topic, source_id
     FROM interactions WHERE source = ? ORDER BY source_id`,
    [source],
  );
}
