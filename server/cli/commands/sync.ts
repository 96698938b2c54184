import { loadSyncConfig, configPath } from '../../sync/config.ts';
import { runSync, type SourceResult } from '../../sync/run.ts';
import { readSyncStatus, type SourceStatus } from '../../sync/status.ts';
import { printJson, stringValue, type Command } from '../command.ts';
import { count } from '../progress.ts';
import { applyRetention, describeRetention } from '../../store/retention.ts';
import { importWithProgress } from './import.ts';
import { deployConfig } from './retention.ts';

export const syncCommand: Command = {
  options: {
    config: { type: 'string' },
    status: { type: 'boolean', default: false },
  },
  help: () =>
    [
      'The sources are listed in a JSON file (--config, else $HELPFLOW_CONFIG, else',
      './helpflow.config.json); tokens come from the environment variables they name:',
      '  { "sources": [ { "name": "github-acme", "connector": "github", "origin": "acme",',
      '                   "tokenEnv": "GITHUB_TOKEN", "baseUrl": "...", "options": {} } ] }',
      'A source that fails is reported and the others still run; the exit code is 1 then.',
      'Then the retention policy of the same file applies (see `helpflow retention`).',
    ].join('\n'),
  async run(context) {
    const file = configPath(stringValue(context, 'config'));
    const config = await loadSyncConfig(file);
    const { retention } = deployConfig(file);
    if (context.values.status === true) {
      const status = await readSyncStatus(context.store, config);
      if (context.json) printJson(status);
      else console.log(status.map(describeStatus).join('\n'));
      return 0;
    }
    const results = await runSync(context.store, config, {
      importSource: importWithProgress,
      onResult: (result) => {
        if (!context.json) console.log(describeResult(result));
      },
    });
    const retained = await applyRetention(context.store, retention);
    if (context.json) printJson(results);
    else if (Object.values(retained.tables).some((n) => n > 0)) {
      console.log(describeRetention(retained, false));
    }
    return results.every((result) => result.status === 'succeeded') ? 0 : 1;
  },
};

function describeResult(result: SourceResult): string {
  const head = `${result.name} (${result.connector} ${result.origin})`;
  if (result.status === 'failed') return `✗ ${head}: ${result.error}`;
  const summary = result.summary!;
  const skipped = Object.values(summary.skipped).reduce((sum, n) => sum + n, 0);
  return (
    `✓ ${head}: ${count(summary.counts.interactionsStored)} help events stored, ` +
    `${count(summary.counts.interactionsAlreadyPresent)} already present, ${count(skipped)} ` +
    `skipped (${(summary.durationMs / 1000).toFixed(1)} s)`
  );
}

function describeStatus(status: SourceStatus): string {
  const head = `${status.name} (${status.connector} ${status.origin})`;
  if (status.lastRunAt === null) return `${head}: never synced`;
  const lines = [
    `${head}: last sync ${status.lastSuccessAt ?? 'never succeeded'}` +
      (status.lagSeconds === null ? '' : `, lag ${duration(status.lagSeconds)}`),
  ];
  if (status.lastError !== null) lines.push(`    last run failed: ${status.lastError}`);
  return lines.join('\n');
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
