import { CONNECTORS, findConnector } from '../../../connectors/registry.ts';
import type { Connector, ConnectorInput } from '../../../connectors/types.ts';
import { DEFAULT_IDENTITY } from '../../config.ts';
import type { Store } from '../../store/database.ts';
import { crowdedWarning, readCrowdedPeople } from '../../store/identity-queries.ts';
import { runImport, type ImportOptions, type ImportSummary } from '../../store/ingest.ts';
import { applyRetention, describeRetention } from '../../store/retention.ts';
import { parseDuration, type ValueChecks } from '../../store/value-checks.ts';
import {
  importWeeklyTies,
  WEEKLY_TIES_CONNECTOR,
  type WeeklyTiesSummary,
} from '../../store/weekly-ties-import.ts';
import { configPath } from '../../sync/config.ts';
import { UsageError, printJson, stringValue, type Command } from '../command.ts';
import { deployConfig } from './retention.ts';
import { count, progressLine } from '../progress.ts';

const CHECK_OPTIONS = ['date-tolerance', 'out-of-range-dates'];

export const importCommand: Command = {
  viaServer: { pathPositionals: [1], pathOptions: ['topics', 'config'], queued: true },
  // Every connector's own options (--topics, --format, --token-env …), all strings.
  options: Object.fromEntries(
    [
      ...new Set([
        'format',
        'config',
        ...CHECK_OPTIONS,
        ...CONNECTORS.flatMap((c) => Object.keys(c.optionsHelp ?? {})),
      ]),
    ].map((name) => [name, { type: 'string' as const }]),
  ),
  help: () =>
    [
      'Dates and weights are checked: a weight must be a finite number >= 0, a date between',
      '1990-01-01 and now plus --date-tolerance (default 1d; like 36h or 90m). A value out of',
      'range fails the import with its line or record and field; --out-of-range-dates skip',
      'skips and counts dates out of range instead.',
      '',
      'Connectors:',
      ...CONNECTORS.map((connector) => {
        const options = Object.entries(connector.optionsHelp ?? {}).map(
          ([name, text]) => `\n      --${name}: ${text}`,
        );
        return `  ${connector.id.padEnd(14)} ${connector.description}; path: ${connector.accepts}${options.join('')}`;
      }),
      `  ${WEEKLY_TIES_CONNECTOR.padEnd(14)} weekly ties computed elsewhere with sql/weekly-ties.sql; path: a CSV or Parquet file` +
        '\n      --format: csv or parquet (default: from the file name)',
      '',
      'After the import, the retention policy of --config FILE (else ./helpflow.config.json;',
      'default: 730 days) deletes events older than it; see `helpflow retention`.',
    ].join('\n'),
  async run(context) {
    const [id, path, ...rest] = context.positionals;
    if (!id || !path || rest.length > 0) {
      throw new UsageError(
        'import takes a connector and one path: helpflow import <connector> <path>',
      );
    }
    const connector = findConnector(id);
    if (!connector && id !== WEEKLY_TIES_CONNECTOR) {
      throw new UsageError(
        `unknown connector "${id}"; the connectors are ${[...CONNECTORS.map((c) => c.id), WEEKLY_TIES_CONNECTOR].join(', ')}`,
      );
    }
    const { retention } = deployConfig(configPath(stringValue(context, 'config')));
    if (!connector) {
      const summary = await importWeeklyTies(context.store, path, stringValue(context, 'format'));
      const retained = await applyRetention(context.store, retention);
      const deleted = Object.values(retained.tables).some((n) => n > 0);
      if (context.json) printJson({ ...summary, ...(deleted ? { retention: retained } : {}) });
      else {
        console.log(describeWeeklyTies(summary, context.dbPath));
        if (deleted) console.log(`  ${describeRetention(retained, false)}`);
      }
      return 0;
    }
    const options: Record<string, string | undefined> = {};
    for (const name of Object.keys(importCommand.options ?? {})) {
      if (name === 'config') continue;
      const value = context.values[name];
      if (typeof value === 'string' && !CHECK_OPTIONS.includes(name)) options[name] = value;
    }
    const checks = valueChecks(context.values);
    const summary = await importWithProgress(
      context.store,
      connector,
      { path, options },
      {
        checks,
      },
    );
    const retained = await applyRetention(context.store, retention);
    const deleted = Object.values(retained.tables).some((n) => n > 0);
    const max = DEFAULT_IDENTITY.maxAccountsPerPerson;
    const warnings = (await readCrowdedPeople(context.store)).map((p) => crowdedWarning(p, max));
    if (context.json) {
      printJson({
        ...summary,
        ...(warnings.length ? { warnings } : {}),
        ...(deleted ? { retention: retained } : {}),
      });
    } else {
      console.log(describeImport(summary, context.dbPath));
      if (deleted) console.log(`  ${describeRetention(retained, false)}`);
    }
    for (const warning of context.json ? [] : warnings) console.log(`warning: ${warning}`);
    return 0;
  },
};

/** The value checks the command line asks for (--date-tolerance, --out-of-range-dates). */
function valueChecks(values: Record<string, string | boolean | undefined>): Partial<ValueChecks> {
  const checks: Partial<ValueChecks> = {};
  const tolerance = values['date-tolerance'];
  if (typeof tolerance === 'string') {
    try {
      checks.futureToleranceMs = parseDuration(tolerance);
    } catch (error) {
      throw new UsageError(`--date-tolerance: ${(error as Error).message}`);
    }
  }
  const outOfRange = values['out-of-range-dates'];
  if (outOfRange !== undefined) {
    if (outOfRange !== 'fail' && outOfRange !== 'skip') {
      throw new UsageError(`--out-of-range-dates "${String(outOfRange)}": use fail or skip`);
    }
    checks.outOfRangeDates = outOfRange;
  }
  return checks;
}

/** Runs an import, drawing its progress on a terminal. */
export async function importWithProgress(
  store: Store,
  connector: Connector,
  input: ConnectorInput,
  options: Omit<ImportOptions, 'onProgress'> = {},
): Promise<ImportSummary> {
  const progress = progressLine();
  try {
    return await runImport(store, connector, input, {
      ...options,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.done();
  }
}

function describeWeeklyTies(summary: WeeklyTiesSummary, dbPath: string): string {
  const c = summary.counts;
  const lines = [
    `Imported weekly ties from ${summary.origin} into ${dbPath} (import #${summary.importId}, ${(summary.durationMs / 1000).toFixed(1)} s)`,
    `  weekly ties: ${count(c.weeklyTies)} stored, summing ${count(c.interactionsStored)} interactions` +
      (c.weeksReplaced > 0 ? `; they replace ${count(c.weeksReplaced)} weeks imported before` : ''),
    `  accounts:    ${count(c.accountsNew)} new`,
    `  people:      ${count(c.peopleNew)} new`,
  ];
  for (const [reason, n] of Object.entries(summary.skipped)) {
    lines.push(`  skipped ${count(n)}: ${reason}`);
  }
  return lines.join('\n');
}

export function describeImport(summary: ImportSummary, dbPath: string): string {
  const c = summary.counts;
  const lines = [
    `Imported ${summary.connector} from ${summary.origin} into ${dbPath} (import #${summary.importId}, ${(summary.durationMs / 1000).toFixed(1)} s)`,
  ];
  if (c.interactionsRead > 0 || summary.connector !== 'org-chart') {
    lines.push(
      `  help events: ${count(c.interactionsStored)} stored, ${count(c.interactionsAlreadyPresent)} already present`,
    );
  }
  if (c.activityRead > 0) {
    lines.push(
      `  activity:    ${count(c.activityStored)} stored, ${count(c.activityRead - c.activityStored)} already present (thread starts, questions, commits …)`,
    );
  }
  if (c.accountsNew + c.accountsUpdated > 0) {
    lines.push(`  accounts:    ${count(c.accountsNew)} new, ${count(c.accountsUpdated)} updated`);
  }
  lines.push(
    `  people:      ${count(c.peopleNew)} new, ${count(c.peopleUpdated)} updated` +
      (c.peopleMerged > 0
        ? `, ${count(c.peopleMerged)} merged into the people their accounts belong to`
        : ''),
  );
  if (c.aliases > 0) lines.push(`  aliases:     ${count(c.aliases)}`);
  const skipped = Object.entries(summary.skipped).sort((a, b) => b[1] - a[1]);
  if (skipped.length > 0) {
    const total = skipped.reduce((sum, [, n]) => sum + n, 0);
    lines.push(`  skipped ${count(total)}, not help:`);
    const width = Math.max(...skipped.map(([, n]) => count(n).length));
    for (const [reason, n] of skipped) lines.push(`    ${count(n).padStart(width)}  ${reason}`);
  }
  return lines.join('\n');
}
