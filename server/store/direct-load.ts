import { checkLineLengths } from '../../connectors/shared/line-scan.ts';
import type { TableFileRecord } from '../../connectors/types.ts';
import type { Store } from './database.ts';
import { addBareAccounts, countRows, type ImportContext } from './merge.ts';
import { bindChecks, INTERACTION_CHECKS, tableReader, type StagedFile } from './table-files.ts';
import { dateBounds } from './value-checks.ts';
import { insertWeeklyTiesOf } from './weekly-ties.ts';

/**
 * The fast way in for a file of help events. The staging path (table-files.ts) reads the file
 * into a table of text, scans it for the checks, and copies it again while typing it. Here the
 * file is read once, before the transaction, into a temporary table already typed and trimmed,
 * with each row's verdict of the same checks (the same SQL) beside it; the figures come from that
 * table's typed columns, and a file that passes every check is copied from it into
 * `interactions`, and aggregated from it into `weekly_ties`, in the transaction. The file is
 * never read twice, so nothing can change between the checks and the load.
 *
 * It takes only what needs nothing more. A file the staging path would reject or treat with
 * care (a reader error, a value that fails a check, an id given twice, a missing column, no
 * rows) goes down the staging path, which finds the first bad line and says what is wrong in its
 * own words. Self-help, rows already stored and, when asked, dates out of range are left out
 * by the insert and counted as there. Nothing is deleted in the transaction: deleting rows
 * DuckDB had just bulk-written made it commit them by writing the database file in place rather
 * than through its log, an order of writes tests/crash.test.ts showed to differ from the
 * staging path's.
 *
 * Measured on the 3 M event benchmark file (2 cores): the scan of the file for the checks and
 * a second read to load it took 1.9 + 3.4 s and 10 s of CPU; one typed read, the figures from
 * the typed table and the copy take about 4.3 s of CPU less, and the weekly aggregate computed
 * from the typed table rather than from the stored events 30 % less.
 */

const REQUIRED = ['id', 'helper', 'helped', 'at', 'kind', 'topic', 'context'];
/** The stand-in for the reader in the checks' SQL. */
const SCANNED = 'scanned';

/**
 * Reads the file once into the temporary table `table`, typed, with every check's verdict.
 * Returns the figures the load needs, or undefined (and no table) when the file needs the
 * staging path.
 */
export async function readForDirectLoad(
  store: Store,
  file: TableFileRecord,
  table: string,
  context: ImportContext,
): Promise<Record<string, number> | undefined> {
  // Handled at once: it may fail while the read is still running.
  const linesFit = checkLineLengths(file.path, file.path, file.maxLineBytes).then(
    () => true,
    () => false,
  );
  const stats = await readTyped(store, file, table, context).catch(() => undefined);
  // A line too long: the staging path fails on it first, as it always has.
  const fits = await linesFit;
  context.phase('read typed');
  const direct =
    fits &&
    stats !== undefined &&
    stats.rows! > 0 &&
    stats.bad === 0 &&
    stats.distinct! >= stats.rows! &&
    (stats.outOfRange === 0 || context.checks.outOfRangeDates === 'skip');
  if (direct) return stats;
  await store.run(`DROP TABLE IF EXISTS ${table}`);
  return undefined;
}

async function readTyped(
  store: Store,
  file: TableFileRecord,
  table: string,
  context: ImportContext,
): Promise<Record<string, number> | undefined> {
  const { sql: reader, columns } = await tableReader(file, [...REQUIRED, 'weight']);
  if (REQUIRED.some((column) => !columns.includes(column))) return undefined;
  const bounds = dateBounds(context.checks, context.startedAt);
  const bind = (text: string) => bindChecks(text, SCANNED, bounds);
  const failing = INTERACTION_CHECKS.filter((check) => !check.dateRange).map(
    (check) => `coalesce(${bind(check.wrong)}, false)`,
  );
  const range = INTERACTION_CHECKS.filter((check) => check.dateRange).map(
    (check) => `coalesce(${bind(check.wrong)}, false)`,
  );
  const weight = columns.includes('weight') ? 'weight' : 'NULL::VARCHAR AS weight';
  // try_cast: a value that does not cast is caught by its check, in the same row. (Trimming
  // each value once in a subquery below the checks made the read 20 % slower, not faster.)
  await store.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS
     SELECT trim(id) AS source_id, try_cast(trim("at") AS TIMESTAMPTZ) AS occurred_at,
            trim(helper) AS helper_account, trim(helped) AS helped_account, trim(kind) AS kind,
            nullif(trim(context), '') AS context, nullif(trim(topic), '') AS topic,
            try_cast(nullif(trim(weight), '') AS DOUBLE) AS weight,
            ${failing.join(' OR ')} AS bad, ${range.join(' OR ')} AS out_of_range
     FROM (SELECT id, helper, helped, "at", kind, topic, context, ${weight} FROM ${reader})
          ${SCANNED}`,
  );
  return (await store.one<Record<string, number>>(
    `SELECT count(*)::INTEGER AS rows,
            -- hashes, not strings: several times cheaper, and ids whose hashes collide only
            -- send the file down the staging path, which counts them exactly
            count(DISTINCT hash(source_id))::INTEGER AS "distinct",
            count(*) FILTER (WHERE bad)::INTEGER AS bad,
            count(*) FILTER (WHERE out_of_range)::INTEGER AS "outOfRange",
            count(*) FILTER (WHERE NOT out_of_range AND helper_account = helped_account
                            )::INTEGER AS self
     FROM ${table}`,
  ))!;
}

/**
 * Loads a file readForDirectLoad passed into `interactions` and, for a source with no events
 * before, its weekly ties, in the import's transaction. Returns the sources whose weekly ties
 * it wrote.
 */
export async function loadInteractionsDirectly(
  store: Store,
  staged: StagedFile,
  context: ImportContext,
): Promise<string[]> {
  const { stats, table } = staged;
  const keep = ['true'];
  if (stats.self! > 0) keep.push('f.helper_account <> f.helped_account');
  if (stats.outOfRange! > 0) keep.push('NOT f.out_of_range');
  const kept = `SELECT 'interchange' AS source, f.source_id, f.occurred_at, f.helper_account,
                       f.helped_account, f.kind, f.context, f.topic, f.weight
                FROM ${table} f WHERE ${keep.join(' AND ')}`;
  // No events and no weekly ties of the source yet (weekly ties imported from elsewhere make
  // the refresh after the load refuse the import, as it does for every source).
  const fresh = !(await store.one(
    `SELECT 1 FROM interactions WHERE source = 'interchange'
     UNION ALL SELECT 1 FROM weekly_ties WHERE source = 'interchange' LIMIT 1`,
  ));
  const before = await countRows(store, 'interactions');
  // Rows stored before are left alone: re-importing changes nothing. A source with no events
  // yet needs no anti-join (it costs a quarter of a bulk load).
  await store.run(
    fresh
      ? `INSERT INTO interactions SELECT *, $1 FROM (${kept})`
      : `INSERT INTO interactions SELECT k.*, $1 FROM (${kept}) k
         ANTI JOIN interactions i ON i.source = 'interchange' AND i.source_id = k.source_id`,
    [context.importId],
  );
  context.phase('load directly');
  const bounds = dateBounds(context.checks, context.startedAt);
  const rows = stats.rows! - stats.outOfRange! - stats.self!;
  const stored = (await countRows(store, 'interactions')) - before;
  context.skip(`dated ${bounds.describe}`, stats.outOfRange);
  context.skip('self-help (helper and helped are the same)', stats.self);
  context.counts.interactionsRead += rows;
  context.counts.interactionsStored += stored;
  context.counts.interactionsAlreadyPresent += rows - stored;
  await addBareAccounts(store, `(${kept})`);
  context.phase('accounts of interactions');
  if (!fresh || rows === 0) return [];
  // Every event of the source is in the typed table: its weekly ties are theirs alone.
  await insertWeeklyTiesOf(store, kept);
  context.phase('weekly ties of the load');
  return ['interchange'];
}
