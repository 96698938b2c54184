import { checkLineLengths } from '../../connectors/shared/line-scan.ts';
import type { TableFileRecord } from '../../connectors/types.ts';
import type { Store } from './database.ts';
import { addBareAccounts, countRows, type ImportContext } from './merge.ts';
import { bindChecks, INTERACTION_CHECKS, tableReader, type StagedFile } from './table-files.ts';
import { dateBounds } from './value-checks.ts';

/**
 * The fast way in for a file of help events. The staging path (table-files.ts) reads the file
 * into a table of text, scans it for the checks, and copies it again while typing it. Here, one
 * scan of the file runs the same checks (the same SQL) before the transaction, and a file that
 * passes them all is then read once more, typed and trimmed on the way, straight into
 * `interactions`: no table of text is made, kept or scanned.
 *
 * It takes only what needs nothing more. A file the staging path would reject or treat with
 * care (a reader error, a value that fails a check, an id given twice, a missing column, no
 * rows) goes down the staging path, which finds the first bad line and says what is wrong in its
 * own words. Self-help, rows already stored and, when asked, dates out of range are left out
 * by the insert and counted as there. Nothing is deleted in the transaction: deleting rows
 * DuckDB had just bulk-written made it commit them by writing the database file in place rather
 * than through its log, an order of writes tests/crash.test.ts showed to differ from the
 * staging path's.
 */

/** Thrown when the file changed between the scan and the load: the import runs again, staged. */
export class NeedsCarefulLoad extends Error {
  constructor(reason: string) {
    super(`the direct load gave way to the staging path: ${reason}`);
    this.name = 'NeedsCarefulLoad';
  }
}

const REQUIRED = ['id', 'helper', 'helped', 'at', 'kind', 'topic', 'context'];
/** The stand-in for the reader in the checks' SQL. */
const SCANNED = 'scanned';

/**
 * Scans the file once for every check, with the line-length check reading it as bytes on the
 * JavaScript thread meanwhile. Returns the figures the load needs, or undefined when the file
 * needs the staging path.
 */
export async function scanForDirectLoad(
  store: Store,
  file: TableFileRecord,
  context: ImportContext,
): Promise<Record<string, number> | undefined> {
  // Handled at once: it may fail while the scan is still running.
  const linesFit = checkLineLengths(file.path, file.path, file.maxLineBytes).then(
    () => true,
    () => false,
  );
  const stats = await scan(store, file, context).catch(() => undefined);
  // A line too long: the staging path fails on it first, as it always has.
  if (!(await linesFit)) return undefined;
  context.phase('scan for checks');
  if (!stats || stats.rows === 0 || stats.bad! > 0 || stats.distinct! < stats.rows!) return;
  if (stats.outOfRange! > 0 && context.checks.outOfRangeDates !== 'skip') return;
  return stats;
}

async function scan(
  store: Store,
  file: TableFileRecord,
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
  return (await store.one<Record<string, number>>(
    `SELECT count(*)::INTEGER AS rows,
            -- hashes, not strings: several times cheaper, and ids whose hashes collide only
            -- send the file down the staging path, which counts them exactly
            count(DISTINCT hash(trim(id)))::INTEGER AS "distinct",
            count(*) FILTER (WHERE ${failing.join(' OR ')})::INTEGER AS bad,
            count(*) FILTER (WHERE ${range.join(' OR ')})::INTEGER AS "outOfRange",
            count(*) FILTER (WHERE NOT (${range.join(' OR ')}) AND trim(helper) = trim(helped)
                            )::INTEGER AS self
     FROM (SELECT id, helper, helped, "at", kind, ${weight} FROM ${reader}) ${SCANNED}`,
  ))!;
}

/** Loads a file scanForDirectLoad passed into `interactions`, in the import's transaction. */
export async function loadInteractionsDirectly(
  store: Store,
  staged: StagedFile,
  context: ImportContext,
): Promise<void> {
  const { stats } = staged;
  const { sql: reader, columns } = await tableReader(staged.file, [...REQUIRED, 'weight']);
  const bounds = dateBounds(context.checks, context.startedAt);
  const weight = columns.includes('weight')
    ? `CAST(nullif(trim(f.weight), '') AS DOUBLE)`
    : 'NULL::DOUBLE';
  const before = await countRows(store, 'interactions');
  const keep = ['true'];
  if (stats.self! > 0) keep.push('trim(f.helper) <> trim(f.helped)');
  if (stats.outOfRange! > 0) {
    keep.push(`CAST(trim(f."at") AS TIMESTAMPTZ) BETWEEN ${bounds.earliest} AND ${bounds.latest}`);
  }
  // Rows stored before are left alone: re-importing changes nothing. An empty store needs no
  // anti-join (it costs a quarter of a bulk load).
  const unseen =
    before === 0
      ? ''
      : `ANTI JOIN interactions i ON i.source = 'interchange' AND i.source_id = trim(f.id)`;
  try {
    // CAST, not try_cast: the scan found every value good, so a failure means the file changed.
    await store.run(
      `INSERT INTO interactions
       SELECT 'interchange', trim(f.id), CAST(trim(f."at") AS TIMESTAMPTZ), trim(f.helper),
              trim(f.helped), trim(f.kind), nullif(trim(f.context), ''), nullif(trim(f.topic), ''),
              ${weight}, $1
       FROM ${reader} f ${unseen}
       WHERE ${keep.join(' AND ')}`,
      [context.importId],
    );
  } catch (error) {
    throw new NeedsCarefulLoad((error as Error).message.split('\n')[0]!);
  }
  context.phase('load directly');
  const rows = stats.rows! - stats.outOfRange! - stats.self!;
  const stored = (await countRows(store, 'interactions')) - before;
  // Only a file changed since the scan can make these disagree.
  if (before === 0 && stored !== rows) throw new NeedsCarefulLoad('the file changed');
  context.skip(`dated ${bounds.describe}`, stats.outOfRange);
  context.skip('self-help (helper and helped are the same)', stats.self);
  context.counts.interactionsRead += rows;
  context.counts.interactionsStored += stored;
  context.counts.interactionsAlreadyPresent += rows - stored;
  await addBareAccounts(
    store,
    `(SELECT source, helper_account, helped_account FROM interactions
      WHERE import_id = ${context.importId})`,
  );
  context.phase('accounts of interactions');
}
