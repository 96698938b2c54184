import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../build-mode.ts';
import type { Store } from './database.ts';
import { anyOffExactGrid, steadySum } from './steady-sum.ts';

/**
 * The weekly tie aggregate kept in `weekly_ties` (docs/weekly-ties.md): helpflow computes its
 * own rows with the very file it gives other engines, sql/weekly-ties.sql (only its week is
 * written in DuckDB's faster arithmetic, FAST_WEEK, and fractional weights are summed in a fixed
 * order, STEADY_SQL), so the contract and what the reports read cannot drift apart. Rows computed here have no import_id; rows a `helpflow import
 * weekly-ties` brought have theirs and are never recomputed.
 */

/** The portable SELECT of sql/weekly-ties.sql, over a relation named `interchange`. */
// From the checkout's root: the build (dist/server/store/) sits one folder deeper.
export const WEEKLY_TIES_SQL = readFileSync(join(PACKAGE_ROOT, 'sql/weekly-ties.sql'), 'utf8')
  .trim()
  .replace(/;$/, '');

/** The week (its Monday, UTC) of a TIMESTAMPTZ expression, as sql/weekly-ties.sql computes it. */
export const weekOf = (time: string) =>
  `CAST(date_trunc('week', ${time} AT TIME ZONE 'UTC') AS DATE)`;

/** The file's week, as it is written there (twice: in the SELECT and the GROUP BY). */
const PORTABLE_WEEK = weekOf('i.occurred_at');
const WEEK_US = 7 * 86_400_000_000;
/**
 * The same week in DuckDB arithmetic on microseconds since 1970 (a Thursday: hence the 3 days;
 * the double modulo keeps earlier times right), without the time zone library: `AT TIME ZONE`
 * took 40 % of the refresh after a 3 M event import. tests/weekly-ties.test.ts holds the two to
 * the same rows.
 */
const FAST_WEEK = `make_timestamp(epoch_us(i.occurred_at)
  - ((epoch_us(i.occurred_at) + ${3 * 86_400_000_000}) % ${WEEK_US} + ${WEEK_US}) % ${WEEK_US})::DATE`;
if (WEEKLY_TIES_SQL.split(PORTABLE_WEEK).length !== 3) {
  throw new Error(`sql/weekly-ties.sql: expected its week as ${PORTABLE_WEEK}, twice`);
}
const HELPFLOW_SQL = WEEKLY_TIES_SQL.replaceAll(PORTABLE_WEEK, FAST_WEEK);

/** The file's weight: a plain SUM, whose last bits depend on the order DuckDB's threads add in. */
const PORTABLE_TERM = 'COALESCE(i.weight, CAST(kw.weight AS DOUBLE PRECISION), 1)';
if (WEEKLY_TIES_SQL.split(`SUM(${PORTABLE_TERM})`).length !== 2) {
  throw new Error(`sql/weekly-ties.sql: expected its weight as SUM(${PORTABLE_TERM}), once`);
}
/**
 * The same with the weights summed in a fixed order (steadySum), for events whose weights are
 * off onExactGrid's grid (an interchange file's 0.1): else the same events could keep weights
 * that differ in their last bits from one import to the next, and so would every report that
 * reads them. Weights on the grid add up exactly in any order, with the cheaper plain SUM.
 */
const STEADY_SQL = HELPFLOW_SQL.replace(`SUM(${PORTABLE_TERM})`, steadySum(PORTABLE_TERM));

/** Changes when the file does, or how helpflow runs it: a database from before is rebuilt on open. */
const WEEKLY_TIES_VERSION = createHash('sha256')
  .update(WEEKLY_TIES_SQL)
  .update('\0steady sums off the grid')
  .digest('hex')
  .slice(0, 16);

/**
 * The INSERT of the rows of weekly_ties computed from `events`, a relation with the columns of
 * interactions (source, source_id, occurred_at, helper_account, helped_account, kind, topic,
 * context, weight), in weekly_ties' column order. Its weights are summed in a fixed order where
 * some event's own weight is off the grid (see STEADY_SQL): one look at the weight column.
 */
async function insertComputedTies(
  store: Store,
  events: string,
  params: string[] = [],
): Promise<void> {
  const off = await store.one<{ off: boolean }>(anyOffExactGrid(events), params);
  await store.run(
    `INSERT INTO weekly_ties WITH interchange AS (
       SELECT i.source, i.source_id, i.occurred_at, i.helper_account AS helper,
              i.helped_account AS helped, i.kind, i.topic, i.context, i.weight
       FROM ${events} i)
     SELECT week, source, helper, helped, kind, topic, context,
            interactions::INTEGER, weight::DOUBLE, NULL::INTEGER
     FROM (${off!.off ? STEADY_SQL : HELPFLOW_SQL}) t`,
    params,
  );
}

/**
 * Adds the weekly ties of `events` (a SELECT with the columns of interactions): for a source
 * an import brought its first events to, computed from them as they are loaded, without reading
 * them back from `interactions`.
 */
export async function insertWeeklyTiesOf(store: Store, events: string): Promise<void> {
  await insertComputedTies(store, `(${events})`);
}

/** Weeks of one source, [from, to), both Mondays as YYYY-MM-DD. */
export interface WeekRange {
  source: string;
  from: string;
  to: string;
}

/**
 * Recomputes the computed rows of the given weeks from `interactions` (all weeks with
 * 'all'). One INSERT, never an empty one: an empty INSERT followed by a bulk one in the same
 * transaction hides the bulk rows in DuckDB 1.5 (see mergeInteractions).
 */
export async function refreshWeeklyTies(
  store: Store,
  ranges: readonly WeekRange[] | 'all',
): Promise<void> {
  if (ranges !== 'all' && ranges.length === 0) return;
  if (ranges === 'all') {
    await store.run('DELETE FROM weekly_ties WHERE import_id IS NULL');
    if (await store.one('SELECT 1 FROM interactions LIMIT 1')) {
      await insertComputedTies(store, 'interactions');
    }
    return;
  }
  // Plain predicates, OR-ed: DuckDB prunes row groups by them, where a join to a list of
  // ranges made the refresh of a bulk import 1.6 times slower than recomputing everything.
  const params: string[] = [];
  const bind = (value: string) => `$${params.push(value)}`;
  const bounds = ranges.map((r) => [bind(r.source), bind(r.from), bind(r.to)] as const);
  const weeks = bounds
    .map(
      ([source, from, to]) =>
        `(source = ${source} AND week >= ${from}::DATE AND week < ${to}::DATE)`,
    )
    .join(' OR ');
  const events = bounds
    .map(
      ([source, from, to]) =>
        `(i.source = ${source} AND i.occurred_at >= ${from}::DATE::TIMESTAMPTZ
          AND i.occurred_at < ${to}::DATE::TIMESTAMPTZ)`,
    )
    .join(' OR ');
  await store.run(`DELETE FROM weekly_ties WHERE import_id IS NULL AND (${weeks})`, params);
  if (!(await store.one(`SELECT 1 FROM interactions i WHERE ${events} LIMIT 1`, params))) return;
  await insertComputedTies(store, `(SELECT * FROM interactions i WHERE ${events})`, params);
}

/**
 * The weeks an import's interactions fall in, per source, from its first week to its last:
 * what refreshWeeklyTies must recompute after it.
 */
export async function weeksOfImport(store: Store, importId: number): Promise<WeekRange[]> {
  return store.all<WeekRange>(
    `SELECT source, strftime(${weekOf('min(occurred_at)')}, '%Y-%m-%d') AS "from",
            strftime(${weekOf('max(occurred_at)')} + INTERVAL 7 DAY, '%Y-%m-%d') AS "to"
     FROM interactions WHERE import_id = $1 GROUP BY source ORDER BY source`,
    [importId],
  );
}

/**
 * Brings the computed rows up to date after an import stored interactions: a source whose
 * ties were imported as weekly ties cannot take raw events as well, which would count the same
 * help twice.
 */
export async function updateWeeklyTiesAfterImport(
  store: Store,
  importId: number,
  /** Sources whose weekly ties the import wrote as it loaded them (direct-load.ts). */
  written: readonly string[] = [],
): Promise<void> {
  const ranges = (await weeksOfImport(store, importId)).filter(
    (range) => !written.includes(range.source),
  );
  if (ranges.length === 0) return;
  const clash = await store.one<{ source: string; importId: number }>(
    `SELECT source, min(import_id)::INTEGER AS "importId" FROM weekly_ties
     WHERE import_id IS NOT NULL AND source IN (SELECT unnest(string_split($1, chr(31))))
     GROUP BY source ORDER BY source LIMIT 1`,
    // One parameter for the list: source names never hold the unit separator.
    [ranges.map((r) => r.source).join('\u001f')],
  );
  if (clash) {
    throw new Error(
      `source "${clash.source}" has weekly ties imported from elsewhere (import #${clash.importId}): ` +
        'its raw events would count the same help twice; import them under another source name',
    );
  }
  await refreshWeeklyTies(store, ranges);
}

/**
 * On open: the computed rows are rebuilt when they were made by another version of
 * sql/weekly-ties.sql, or never (a database from before migration 80).
 */
export async function rebuildWeeklyTiesIfStale(store: Store): Promise<boolean> {
  const row = await store.one<{ value: string }>(
    `SELECT value FROM settings WHERE key = 'weekly_ties_version'`,
  );
  if (row?.value === WEEKLY_TIES_VERSION) return false;
  await store.transaction(async () => {
    await refreshWeeklyTies(store, 'all');
    await store.run(
      `INSERT INTO settings VALUES ('weekly_ties_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [WEEKLY_TIES_VERSION],
    );
  });
  return true;
}
