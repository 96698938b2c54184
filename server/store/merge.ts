import type { Store } from './database.ts';
import type { ValueChecks } from './value-checks.ts';

/**
 * What the ingest pipeline (ingest.ts) and the table-file loaders (table-files.ts) share: the
 * import's counters, and the merges of staged accounts, interactions and activity into the
 * store.
 */

export interface ImportCounts {
  interactionsRead: number;
  interactionsStored: number;
  interactionsAlreadyPresent: number;
  /** Activity that is not help (thread starts, questions, commits …): read and newly stored. */
  activityRead: number;
  activityStored: number;
  accountsNew: number;
  accountsUpdated: number;
  peopleNew: number;
  peopleUpdated: number;
  /** People made up for an account that are gone because the account now links to someone. */
  peopleMerged: number;
  aliases: number;
}

/** Staging counters a table-file loader adds to. */
export interface ImportContext {
  importId: number;
  counts: ImportCounts;
  skip(reason: string, count?: number): void;
  /** The last cursor the connector yielded, stored with the data. */
  cursor?: unknown;
  checks: ValueChecks;
  /** When the import started: dates are checked against it. */
  startedAt: Date;
  /** Ends the phase under way (its time goes to ImportOptions.onPhase), starting the next. */
  phase(name: string): void;
}

/**
 * Merges declared accounts: new ones are added (linked to a person later, by relinkAccounts),
 * known ones get the newest name and e-mail the source reported.
 */
export async function mergeAccounts(
  store: Store,
  relation: string,
  counts: ImportCounts,
): Promise<void> {
  const row = await store.one<{ known: number }>(
    `SELECT count(*)::INTEGER AS known
     FROM (SELECT DISTINCT source, account_id FROM ${relation}) s
     JOIN accounts a USING (source, account_id)`,
  );
  counts.accountsUpdated += row!.known;
  await store.run(
    `INSERT INTO accounts (source, account_id, person_id, display_name, email, is_bot)
     SELECT source, account_id, NULL, display_name, lower(email), is_bot
     FROM (SELECT DISTINCT ON (source, account_id) * FROM ${relation})
     ON CONFLICT (source, account_id) DO UPDATE SET
       display_name = COALESCE(excluded.display_name, display_name),
       email = COALESCE(excluded.email, email),
       is_bot = excluded.is_bot`,
  );
}

/** Rows in a batch of interactions, and how many distinct (source, source_id) among them. */
export interface BatchSize {
  rows: number;
  distinct: number;
}

/**
 * Adds the interactions of `select` (columns as in `interactions`, without import_id) that are
 * not stored yet. (source, source_id) stays unique: a batch is deduplicated first, keeping the
 * first row of an id, and rows already stored are left alone, so re-importing changes nothing.
 * Accounts that interactions name but no account record declared are added bare.
 */
export async function mergeInteractions(
  store: Store,
  select: string,
  context: ImportContext,
  known?: BatchSize,
): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP VIEW batch AS ${select}`);
  const { rows, distinct } =
    known ??
    (await store.one<BatchSize>(
      `SELECT count(*)::INTEGER AS rows, count(DISTINCT (source, source_id))::INTEGER AS distinct
       FROM batch`,
    ))!;
  context.counts.interactionsRead += rows;
  // Never run an INSERT of no rows: in DuckDB 1.5 an empty INSERT into a table followed, in the
  // same transaction, by a bulk one (over ~120,000 rows, written optimistically) leaves the bulk
  // rows invisible to that transaction. tests/interchange.test.ts guards this.
  if (rows === 0) {
    await store.run('DROP VIEW batch');
    return;
  }
  context.skip('same id twice in the input (first kept)', rows - distinct);
  const deduplicated =
    rows === distinct ? 'batch' : '(SELECT DISTINCT ON (source, source_id) * FROM batch)';
  const before = await countRows(store, 'interactions');
  // The anti-join costs a quarter of a bulk load; an empty store needs none.
  const unseen =
    before === 0
      ? ''
      : 'ANTI JOIN interactions i ON i.source = b.source AND i.source_id = b.source_id';
  await store.run(`INSERT INTO interactions SELECT b.*, $1 FROM ${deduplicated} b ${unseen}`, [
    context.importId,
  ]);
  context.phase('insert interactions');
  const stored = (await countRows(store, 'interactions')) - before;
  context.counts.interactionsStored += stored;
  context.counts.interactionsAlreadyPresent += distinct - stored;
  await addBareAccounts(store, 'batch');
  await store.run('DROP VIEW batch');
  context.phase('accounts of interactions');
}

/** Adds the accounts the interactions of `relation` name that are not known yet, bare. */
export async function addBareAccounts(store: Store, relation: string): Promise<void> {
  await store.run(
    `INSERT INTO accounts (source, account_id, person_id, display_name, email, is_bot)
     SELECT DISTINCT source, account, NULL, NULL,
            CASE WHEN account LIKE '%_@_%' THEN lower(account) END, false
     FROM (SELECT source, helper_account AS account FROM ${relation}
           UNION SELECT source, helped_account FROM ${relation})
     ON CONFLICT DO NOTHING`,
  );
}

export async function countRows(store: Store, table: string): Promise<number> {
  return (await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))!.n;
}

/**
 * Adds the activity of `relation` (columns as in the activity staging table) not stored yet,
 * idempotent by (source, source_id) as interactions are (the first row of an id in a batch is
 * kept), and the bare accounts it names.
 */
export async function mergeActivity(
  store: Store,
  context: ImportContext,
  relation: string,
): Promise<void> {
  const { rows } = (await store.one<{ rows: number }>(
    `SELECT count(*)::INTEGER AS rows FROM ${relation}`,
  ))!;
  context.counts.activityRead += rows;
  // Never an empty INSERT: see mergeInteractions.
  if (rows === 0) return;
  const before = await countRows(store, 'activity');
  await store.run(
    `INSERT INTO activity
     SELECT b.source, b.source_id, b.occurred_at::TIMESTAMPTZ, b.account, b.kind, b.context, $1
     FROM (SELECT DISTINCT ON (source, source_id) * FROM ${relation}) b
     ANTI JOIN activity a ON a.source = b.source AND a.source_id = b.source_id`,
    [context.importId],
  );
  context.counts.activityStored += (await countRows(store, 'activity')) - before;
  await store.run(
    `INSERT INTO accounts (source, account_id, person_id, display_name, email, is_bot)
     SELECT DISTINCT source, account, NULL, NULL,
            CASE WHEN account LIKE '%_@_%' THEN lower(account) END, false
     FROM ${relation}
     ON CONFLICT DO NOTHING`,
  );
}
