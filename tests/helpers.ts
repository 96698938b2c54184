import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';

/** The checkout's root. */
export const ROOT = resolve(import.meta.dirname, '..');

/** A real Stack Exchange dump (CC BY-SA 3.0), shipped in the repository with its licence. */
export const CONLANG = resolve(ROOT, 'tests/fixtures/stackexchange/conlang');

/**
 * A real Slack export of a public community. Its authors stated no licence, so it may be used for
 * tests but not copied into the repository: it is read from $HELPFLOW_TEST_OLAKE (`.ci/run` sets
 * it), else from the data folder beside the checkout (`../shared/data`), and the tests that need
 * it are skipped in a plain clone.
 */
export const OLAKE = resolve(
  process.env.HELPFLOW_TEST_OLAKE ?? join(ROOT, '../shared/data/slack-export-olake'),
);
export const HAS_OLAKE = existsSync(join(OLAKE, 'users.json'));
export const OLAKE_ABSENT =
  'the real Slack export (unlicensed, so not in the repository) is neither at $HELPFLOW_TEST_OLAKE nor beside this checkout';

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
