/**
 * Connector import benchmarks: a generated input per connector (connector-inputs.ts), imported
 * into a fresh database through the one ingest pipeline, as `helpflow import` does.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../connectors/git/index.ts';
import { mattermost } from '../connectors/mattermost/index.ts';
import type { Connector } from '../connectors/types.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { discord } from '../connectors/discord/index.ts';
import { teams } from '../connectors/teams/index.ts';
import { discordExport, gitHistory, mattermostExport, teamsExport } from './connector-inputs.ts';

interface ConnectorBench {
  connector: Connector;
  /** What the size counts, for the report. */
  unit: string;
  generate(benchDir: string, size: number): Promise<string>;
}

export const CONNECTOR_BENCHES: Record<string, ConnectorBench> = {
  git: { connector: git, unit: 'commits', generate: gitHistory },
  mattermost: { connector: mattermost, unit: 'posts', generate: mattermostExport },
  teams: { connector: teams, unit: 'posts', generate: teamsExport },
  discord: { connector: discord, unit: 'posts', generate: discordExport },
};

export async function benchConnector(
  name: string,
  size: number,
  benchDir: string,
  log: (message: string) => void,
) {
  const bench = CONNECTOR_BENCHES[name]!;
  log(`${name}: generating ${size} ${bench.unit} (reused when present) …`);
  const path = await bench.generate(benchDir, size);
  const db = join(benchDir, `${name}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const store = await Store.open(db);
  log(`${name}: importing …`);
  const started = performance.now();
  const summary = await runImport(store, bench.connector, { path, options: {} });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return {
    name: `import ${name}`,
    [bench.unit]: size,
    inputBytes: inputBytes(path),
    seconds: Number(seconds.toFixed(2)),
    [`${bench.unit}PerSecond`]: Math.round(size / seconds),
    interactionsStored: summary.counts.interactionsStored,
    skipped: summary.skipped,
  };
}

function inputBytes(path: string): number {
  if (statSync(path).isFile()) return statSync(path).size;
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0);
}
