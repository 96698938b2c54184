import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ImportError } from '../../connectors/errors.ts';
import { updateCoverage } from './coverage.ts';
import type { Store } from './database.ts';
import { purgeForgotten } from './erasure.ts';
import { relinkAccounts } from './identity.ts';
import { logImportEnd, logImportStart, noCounts } from './import-log.ts';
import type { ImportSummary } from './ingest.ts';
import type { ImportCounts } from './merge.ts';
import { DEFAULT_VALUE_CHECKS } from './value-checks.ts';

/**
 * `helpflow import weekly-ties FILE`: weekly ties computed elsewhere (sql/weekly-ties.sql on a
 * warehouse), CSV or Parquet, with the columns the file outputs. Checked at the door like every
 * import (the first bad row fails it, naming the file, row and field), stored in one
 * transaction and logged in `imports`. A file's weeks of a source replace the weekly ties an
 * earlier file gave for them, so a week recomputed elsewhere is imported again as a whole.
 */

export const WEEKLY_TIES_CONNECTOR = 'weekly-ties';

const COLUMNS = [
  'week',
  'helper',
  'helped',
  'kind',
  'topic',
  'context',
  'source',
  'interactions',
  'weight',
];
const STAGE = 'stage_weekly_ties';

export interface WeeklyTiesCounts extends ImportCounts {
  /** Rows of the file stored (each one tie of one week). */
  weeklyTies: number;
  /** (source, week) pairs whose earlier imported ties the file replaced. */
  weeksReplaced: number;
}

export type WeeklyTiesSummary = Omit<ImportSummary, 'counts'> & { counts: WeeklyTiesCounts };

const blank = (column: string) => `coalesce(trim(${column}), '') = ''`;

/** The checks of one row, in the order they are reported. */
function checks(latest: string): { field: string; wrong: string; problem: string }[] {
  const week = 'try_cast(trim(week) AS DATE)';
  return [
    { field: 'week', wrong: `${week} IS NULL`, problem: 'is not a date (like 2026-03-02)' },
    {
      field: 'week',
      wrong: `isodow(${week}) <> 1`,
      problem: 'is not a Monday: a week starts on Monday, 00:00 UTC',
    },
    {
      field: 'week',
      wrong: `${week} < DATE '${DEFAULT_VALUE_CHECKS.earliest.toISOString().slice(0, 10)}'
              OR ${week} > DATE '${latest}'`,
      problem: `is before ${DEFAULT_VALUE_CHECKS.earliest.toISOString().slice(0, 10)} or in the future`,
    },
    ...['helper', 'helped', 'kind', 'source'].map((field) => ({
      field,
      wrong: blank(field),
      problem: 'is empty',
    })),
    {
      field: 'interactions',
      wrong: `coalesce(try_cast(trim(interactions) AS INTEGER) < 1
                       OR try_cast(trim(interactions) AS DOUBLE) <> try_cast(trim(interactions) AS INTEGER), true)`,
      problem: 'is not a whole number of 1 or more',
    },
    {
      field: 'weight',
      // NaN and infinity cast to DOUBLE, and NaN compares greater than every number.
      wrong: `NOT coalesce(isfinite(try_cast(trim(weight) AS DOUBLE))
                AND try_cast(trim(weight) AS DOUBLE) >= 0, false)`,
      problem: 'is not a finite number of zero or more',
    },
  ];
}

/** The key of a weekly tie, as SQL over the staged text. */
const KEY = `try_cast(trim(week) AS DATE), trim(source), trim(helper), trim(helped), trim(kind),
  nullif(trim(topic), ''), nullif(trim(context), '')`;

export async function importWeeklyTies(
  store: Store,
  path: string,
  format?: string,
): Promise<WeeklyTiesSummary> {
  const started = performance.now();
  const importId = await logImportStart(store, WEEKLY_TIES_CONNECTOR, path);
  const counts: WeeklyTiesCounts = { ...noCounts(), weeklyTies: 0, weeksReplaced: 0 };
  const skipped: Record<string, number> = {};
  const summary = (status: 'succeeded' | 'failed', error?: string): WeeklyTiesSummary => ({
    importId,
    connector: WEEKLY_TIES_CONNECTOR,
    origin: path,
    status,
    counts,
    skipped,
    durationMs: Math.round(performance.now() - started),
    ...(error === undefined ? {} : { error }),
  });
  const file = basename(path);
  try {
    // Staged and checked before the transaction, as every import is (server/store/ingest.ts).
    await stage(store, path, file, format);
    const self = (await store.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${STAGE} WHERE trim(helper) = trim(helped)`,
    ))!.n;
    if (self > 0) skipped['self-help (helper and helped are the same)'] = self;
    await store.transaction(async () => {
      await store.run('CREATE OR REPLACE TEMP TABLE people_before AS SELECT person_id FROM people');
      await merge(store, file, importId, counts);
      await relinkAccounts(store);
      // Someone forgotten whom this file still names stays forgotten (server/store/erasure.ts).
      await purgeForgotten(store);
      await updateCoverage(store);
      counts.peopleNew = (await store.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM people p
         WHERE NOT EXISTS (SELECT 1 FROM people_before b WHERE b.person_id = p.person_id)`,
      ))!.n;
      // The last statement of the transaction, as in runImport (integrity.ts relies on it).
      await logImportEnd(store, summary('succeeded'));
    });
  } catch (error) {
    const failed = summary('failed', (error as Error).message);
    await logImportEnd(store, failed);
    throw error;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${STAGE}`);
    await store.run('DROP TABLE IF EXISTS people_before');
  }
  return summary('succeeded');
}

/**
 * Reads the file into a staging table of text columns and checks it. A bad row is named by its
 * line in a CSV file (the header is line 1), by its row (from 1) in a Parquet file.
 */
async function stage(store: Store, path: string, file: string, format?: string): Promise<void> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ImportError(file, `there is no file ${path}`);
  }
  const kind = format ?? (extname(path).toLowerCase() === '.parquet' ? 'parquet' : 'csv');
  if (kind !== 'csv' && kind !== 'parquet') {
    throw new ImportError(file, `--format "${kind}" is not one weekly ties come in: csv, parquet`);
  }
  const quoted = `'${path.replaceAll("'", "''")}'`;
  const reader =
    kind === 'csv'
      ? `read_csv(${quoted}, header = true, all_varchar = true, auto_detect = true)`
      : `read_parquet(${quoted})`;
  let names: string[];
  try {
    names = (await store.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader}`)).map(
      (row) => row.column_name,
    );
  } catch (error) {
    throw new ImportError(file, `cannot be read as ${kind}: ${(error as Error).message}`);
  }
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new ImportError(
      file,
      `has no column ${missing.map((c) => `"${c}"`).join(', ')} (weekly ties have ${COLUMNS.join(', ')})`,
    );
  }
  // Text, whatever the file's types, so that every check can say what a value was. The readers
  // keep the file's order: rowid is the row's place in it.
  await store.run(
    `CREATE OR REPLACE TEMP TABLE ${STAGE} AS
     SELECT ${COLUMNS.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}"`).join(', ')} FROM ${reader}`,
  );
  const latest = new Date(Date.now() + DEFAULT_VALUE_CHECKS.futureToleranceMs)
    .toISOString()
    .slice(0, 10);
  const [place, first] = kind === 'csv' ? ['line', 2] : ['row', 1];
  for (const { field, wrong, problem } of checks(latest)) {
    const bad = await store.one<{ row: number; value: string | null }>(
      `SELECT (rowid + ${first})::INTEGER AS row, "${field}" AS value FROM ${STAGE}
       WHERE ${wrong} ORDER BY rowid LIMIT 1`,
    );
    if (bad) {
      const value = bad.value === null ? 'an empty value' : JSON.stringify(bad.value);
      throw new ImportError(file, `${value} ${problem}`, { record: `${place} ${bad.row}`, field });
    }
  }
  const twice = await store.one<{ row: number; first: number }>(
    `SELECT (rowid + ${first})::INTEGER AS row,
            (min(rowid) OVER (PARTITION BY ${KEY}) + ${first})::INTEGER AS first
     FROM ${STAGE} QUALIFY rowid > min(rowid) OVER (PARTITION BY ${KEY})
     ORDER BY rowid LIMIT 1`,
  );
  if (twice) {
    throw new ImportError(
      file,
      `is the same tie (week, source, helper, helped, kind, topic, context) as ${place} ${twice.first}`,
      { record: `${place} ${twice.row}` },
    );
  }
}

/** Stores the staged ties, in the import's transaction. */
async function merge(
  store: Store,
  file: string,
  importId: number,
  counts: WeeklyTiesCounts,
): Promise<void> {
  const rows = `(SELECT ${KEY.replace(/\s+/g, ' ')}, trim(interactions)::INTEGER,
    trim(weight)::DOUBLE FROM ${STAGE} WHERE trim(helper) <> trim(helped))
    AS s(week, source, helper, helped, kind, topic, context, interactions, weight)`;
  // Raw events of a source and weekly ties of it would count the same help twice.
  const clash = await store.one<{ source: string }>(
    `SELECT DISTINCT s.source FROM ${rows}
     WHERE EXISTS (SELECT 1 FROM interactions i WHERE i.source = s.source)
     ORDER BY 1 LIMIT 1`,
  );
  if (clash) {
    throw new ImportError(
      file,
      `source "${clash.source}" holds raw events in this database, and weekly ties of it would ` +
        'count the same help twice: give the weekly ties a source name of their own',
      { field: 'source' },
    );
  }
  const totals = (await store.one<{ ties: number; interactions: number; replaced: number }>(
    `SELECT count(*)::INTEGER AS ties, coalesce(sum(interactions), 0)::INTEGER AS interactions,
            (SELECT count(*) FROM (SELECT DISTINCT w.source, w.week FROM weekly_ties w
               WHERE w.import_id IS NOT NULL AND EXISTS (SELECT 1 FROM ${rows}
                 WHERE s.source = w.source AND s.week = w.week)))::INTEGER AS replaced
     FROM ${rows}`,
  ))!;
  counts.weeklyTies = totals.ties;
  counts.interactionsRead = totals.interactions;
  counts.interactionsStored = totals.interactions;
  counts.weeksReplaced = totals.replaced;
  if (totals.ties === 0) return;
  await store.run(
    `DELETE FROM weekly_ties w WHERE w.import_id IS NOT NULL AND EXISTS (SELECT 1 FROM ${rows}
       WHERE s.source = w.source AND s.week = w.week)`,
  );
  await store.run(
    `INSERT INTO weekly_ties
     SELECT week, source, helper, helped, kind, topic, context, interactions, weight, $1
     FROM ${rows}`,
    [importId],
  );
  const before = (await store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM accounts'))!.n;
  // Accounts the ties name and nobody declared, as interactions add them (server/store/ingest.ts).
  await store.run(
    `INSERT INTO accounts (source, account_id, person_id, display_name, email, is_bot)
     SELECT DISTINCT source, account, NULL, NULL,
            CASE WHEN account LIKE '%_@_%' THEN lower(account) END, false
     FROM (SELECT source, helper AS account FROM ${rows} UNION SELECT source, helped FROM ${rows})
     ON CONFLICT DO NOTHING`,
  );
  counts.accountsNew =
    (await store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM accounts'))!.n - before;
}
