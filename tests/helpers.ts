import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';

/** The checkout's root, and the real data shipped beside it (../shared/data). */
export const ROOT = resolve(import.meta.dirname, '..');
export const SHARED_DATA = resolve(ROOT, '../shared/data');

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helpflow-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` to `name` in a fresh folder and returns its path. */
export function writeTemp(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** A real DuckDB file in a fresh folder, closed after the test. */
export async function openStore(): Promise<Store> {
  const store = await Store.open(join(tempDir(), 'helpflow.duckdb'));
  cleanups.push(() => store.close());
  return store;
}

/** A real DuckDB file holding an org chart and interchange help events, both CSV text. */
export async function storeWith(orgChartCsv: string, eventsCsv: string): Promise<Store> {
  const store = await openStore();
  await runImport(store, orgChart, { path: writeTemp('org.csv', orgChartCsv), options: {} });
  await runImport(store, interactions, { path: writeTemp('events.csv', eventsCsv), options: {} });
  return store;
}

/** Every row of the data tables, to show that a failed import changed nothing. */
export async function snapshot(store: Store): Promise<string> {
  const tables = ['people', 'accounts', 'aliases', 'interactions'];
  const parts = [];
  for (const table of tables) {
    parts.push(await store.all(`SELECT * FROM ${table} ORDER BY ALL`));
  }
  return JSON.stringify(parts);
}
