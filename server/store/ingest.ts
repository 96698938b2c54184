import type { DuckDBAppender } from '@duckdb/node-api';
import type { Connector, ConnectorInput, TableFileRecord } from '../../connectors/types.ts';
import { updateCoverage } from './coverage.ts';
import { readCursor, saveCursor } from './cursors.ts';
import { purgeForgotten } from './erasure.ts';
import type { Store } from './database.ts';
import { relinkAccounts } from './identity.ts';
import { logImportEnd, logImportStart, noCounts } from './import-log.ts';
import { loadInteractionsDirectly, readForDirectLoad } from './direct-load.ts';
import {
  countRows,
  mergeActivity,
  mergeAccounts,
  mergeInteractions,
  type ImportContext,
  type ImportCounts,
} from './merge.ts';
import { mergeTableFile, stageTableFile, type StagedFile } from './table-files.ts';
import { checkStagedInteractions } from './staged-checks.ts';
import { DEFAULT_VALUE_CHECKS, type ValueChecks } from './value-checks.ts';
import { updateWeeklyTiesAfterImport } from './weekly-ties.ts';

export interface ImportProgress {
  /** Records the connector has yielded so far. */
  records: number;
  interactions: number;
  skipped: number;
  /** The connector's own measure of how far it got (day files, lines …). */
  read: number;
  total: number | undefined;
  elapsedMs: number;
}

export interface ImportSummary {
  importId: number;
  connector: string;
  origin: string;
  status: 'succeeded' | 'failed';
  counts: ImportCounts;
  skipped: Record<string, number>;
  durationMs: number;
  error?: string;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** What dates and weights may be (value-checks.ts); defaults to DEFAULT_VALUE_CHECKS. */
  checks?: Partial<ValueChecks>;
  /** Called as each phase of the import ends, with its milliseconds: where the time goes. */
  onPhase?: (phase: string, ms: number) => void;
}

const STAGE_ACCOUNTS = 'stage_accounts';
const STAGE_INTERACTIONS = 'stage_interactions';
const STAGE_ACTIVITY = 'stage_activity';
const STAGE_DETAILS = 'stage_details';
/** Joins a record's topics in the staging table; no topic contains it (a control character). */
const TOPIC_SEPARATOR = '\u001f';

/**
 * The one ingest pipeline every connector goes through: it drains the connector's records into
 * staging tables (the Appender for record streams, DuckDB's readers for table files), merges them
 * into the store, relinks identities and logs the run, all in one transaction. A failure rolls
 * everything back; the failed run is still written to `imports`, afterwards, with its error.
 */
export async function runImport(
  store: Store,
  connector: Connector,
  input: ConnectorInput,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const startedMs = performance.now();
  const importId = await logImportStart(store, connector.id, input.path);
  const counts = noCounts();
  const skipped: Record<string, number> = {};
  let phaseStartedMs = startedMs;
  const context: ImportContext = {
    importId,
    counts,
    checks: { ...DEFAULT_VALUE_CHECKS, ...options.checks },
    startedAt: new Date(),
    skip(reason, count = 1) {
      if (count > 0) skipped[reason] = (skipped[reason] ?? 0) + count;
    },
    phase(name) {
      const now = performance.now();
      options.onPhase?.(name, now - phaseStartedMs);
      phaseStartedMs = now;
    },
  };
  const summary = (status: ImportSummary['status'], error?: string): ImportSummary => ({
    importId,
    connector: connector.id,
    origin: input.path,
    status,
    counts,
    skipped,
    durationMs: Math.round(performance.now() - startedMs),
    ...(error === undefined ? {} : { error }),
  });

  try {
    await connector.validate(input);
    context.phase('validate');
    // Staging happens before the transaction: temporary tables touch nothing the import must
    // keep or undo, and DuckDB scans them much faster when they were not made inside one.
    const staged = await drain(store, connector, input, context, {
      startedMs,
      onProgress: options.onProgress,
    });
    await store.transaction(async () => {
      await store.run(
        'CREATE OR REPLACE TEMP TABLE people_before AS SELECT person_id, in_org_chart FROM people',
      );
      const accountsBefore = await countRows(store, 'accounts');
      context.phase('begin');
      await mergeStaged(store, context);
      context.phase('merge records');
      const written: string[] = [];
      for (const file of staged) {
        if (file.direct) written.push(...(await loadInteractionsDirectly(store, file, context)));
        else await mergeTableFile(store, file, context);
      }
      await updateWeeklyTiesAfterImport(store, importId, written);
      context.phase('weekly ties');
      await relinkAccounts(store);
      context.phase('relink identities');
      // Someone forgotten whom this source still lists stays forgotten (server/store/erasure.ts).
      await purgeForgotten(store);
      context.phase('purge forgotten');
      await updateCoverage(store);
      context.phase('coverage');
      counts.accountsNew = (await countRows(store, 'accounts')) - accountsBefore;
      const people = (await store.one<{ fresh: number; merged: number }>(
        `SELECT (SELECT count(*) FROM people p WHERE NOT EXISTS
                  (SELECT 1 FROM people_before b WHERE b.person_id = p.person_id))::INTEGER AS fresh,
                (SELECT count(*) FROM people_before b WHERE NOT EXISTS
                  (SELECT 1 FROM people p WHERE b.person_id = p.person_id))::INTEGER AS merged`,
      ))!;
      counts.peopleNew = people.fresh;
      counts.peopleMerged = people.merged;
      if (context.cursor !== undefined) {
        await saveCursor(store, connector.id, input.path, context.cursor, importId);
      }
      // The last statement of the transaction: DuckDB logs updates after the appended rows,
      // so a commit replayed only in part never has its run marked succeeded.
      await logImportEnd(store, summary('succeeded'));
      context.phase('counts and log');
    });
    context.phase('commit');
  } catch (error) {
    const failed = summary('failed', (error as Error).message);
    await logImportEnd(store, failed);
    throw error;
  } finally {
    // Every staging table is temporary and named stage_…, including those of a file that
    // failed its checks half-way.
    const tables = await store.all<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables()
       WHERE temporary AND (table_name LIKE 'stage\\_%' ESCAPE '\\' OR table_name = 'people_before')`,
    );
    for (const { name } of tables) await store.run(`DROP TABLE IF EXISTS ${name}`);
    context.phase('drop staging');
  }
  return summary('succeeded');
}

async function drain(
  store: Store,
  connector: Connector,
  input: ConnectorInput,
  context: ImportContext,
  { startedMs, onProgress }: { startedMs: number; onProgress: ImportOptions['onProgress'] },
): Promise<StagedFile[]> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_ACCOUNTS} (
    source VARCHAR, account_id VARCHAR, display_name VARCHAR, email VARCHAR, is_bot BOOLEAN)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_INTERACTIONS} (
    source VARCHAR, source_id VARCHAR, occurred_at VARCHAR, helper_account VARCHAR,
    helped_account VARCHAR, kind VARCHAR, context VARCHAR, topic VARCHAR, weight DOUBLE)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_ACTIVITY} (
    source VARCHAR, source_id VARCHAR, occurred_at VARCHAR, account VARCHAR, kind VARCHAR,
    context VARCHAR)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_DETAILS} (
    source VARCHAR, source_id VARCHAR, thread VARCHAR, topics VARCHAR)`);
  const accounts = await store.connection.createAppender(STAGE_ACCOUNTS, 'main', 'temp');
  const interactions = await store.connection.createAppender(STAGE_INTERACTIONS, 'main', 'temp');
  const activity = await store.connection.createAppender(STAGE_ACTIVITY, 'main', 'temp');
  const details = await store.connection.createAppender(STAGE_DETAILS, 'main', 'temp');
  const tableFiles: TableFileRecord[] = [];
  const progress: ImportProgress = {
    records: 0,
    interactions: 0,
    skipped: 0,
    read: 0,
    total: undefined,
    elapsedMs: 0,
  };
  let lastReport = 0;
  const cursor =
    input.cursor === undefined ? await readCursor(store, connector.id, input.path) : input.cursor;
  try {
    for await (const record of connector.read({ ...input, cursor })) {
      progress.records += 1;
      switch (record.type) {
        case 'account':
          appendText(accounts, record.source);
          appendText(accounts, record.accountId);
          appendText(accounts, record.displayName);
          appendText(accounts, record.email);
          accounts.appendBoolean(record.isBot);
          accounts.endRow();
          break;
        case 'interaction':
          progress.interactions += 1;
          appendText(interactions, record.source);
          appendText(interactions, record.sourceId);
          appendText(interactions, record.occurredAt);
          appendText(interactions, record.helper);
          appendText(interactions, record.helped);
          appendText(interactions, record.kind);
          appendText(interactions, record.context);
          appendText(interactions, record.topic);
          if (record.weight === null) interactions.appendNull();
          else interactions.appendDouble(record.weight);
          interactions.endRow();
          if (record.thread || record.topics) {
            appendText(details, record.source);
            appendText(details, record.sourceId);
            appendText(details, record.thread ?? null);
            appendText(details, record.topics?.join(TOPIC_SEPARATOR) ?? null);
            details.endRow();
          }
          break;
        case 'activity':
          appendText(activity, record.source);
          appendText(activity, record.sourceId);
          appendText(activity, record.occurredAt);
          appendText(activity, record.account);
          appendText(activity, record.kind);
          appendText(activity, record.context);
          activity.endRow();
          break;
        case 'skipped':
          progress.skipped += record.count ?? 1;
          context.skip(record.reason, record.count);
          break;
        case 'progress':
          progress.read = record.read;
          progress.total = record.total;
          break;
        case 'table-file':
          tableFiles.push(record);
          break;
        case 'cursor':
          context.cursor = record.cursor;
          break;
      }
      const now = performance.now();
      if (onProgress && now - lastReport > 200) {
        lastReport = now;
        onProgress({ ...progress, elapsedMs: now - startedMs });
      }
    }
    accounts.flushSync();
    interactions.flushSync();
    activity.flushSync();
    details.flushSync();
  } finally {
    accounts.closeSync();
    interactions.closeSync();
    activity.closeSync();
    details.closeSync();
  }
  context.phase('connector records');
  await checkStagedInteractions(store, input.path, STAGE_INTERACTIONS, STAGE_ACCOUNTS, context);
  context.phase('check records');
  const staged: StagedFile[] = [];
  for (const [index, file] of tableFiles.entries()) {
    const table = `stage_file_${index}`;
    // A file of help events that passes every check as it is read, typed, is loaded from that
    // read in the transaction (direct-load.ts).
    const stats =
      file.entity === 'interactions'
        ? await readForDirectLoad(store, file, table, context)
        : undefined;
    staged.push(
      stats
        ? { file, table, stats, direct: true }
        : await stageTableFile(store, file, table, context),
    );
  }
  onProgress?.({ ...progress, elapsedMs: performance.now() - startedMs });
  return staged;
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

async function mergeStaged(store: Store, context: ImportContext): Promise<void> {
  const staged = await store.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${STAGE_ACCOUNTS}`,
  );
  if (staged!.n > 0) await mergeAccounts(store, STAGE_ACCOUNTS, context.counts);
  await mergeInteractions(
    store,
    `SELECT source, source_id, occurred_at::TIMESTAMPTZ AS occurred_at, helper_account,
       helped_account, kind, context, topic, weight FROM ${STAGE_INTERACTIONS}`,
    context,
  );
  await mergeActivity(store, context, STAGE_ACTIVITY);
  await mergeDetails(store);
}

/**
 * The staged details of interactions not yet detailed (the first of an id given twice): a
 * re-import adds them to interactions stored before they were recorded, and changes no others.
 */
async function mergeDetails(store: Store): Promise<void> {
  const staged = await store.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${STAGE_DETAILS}`,
  );
  // Never an empty INSERT: see mergeInteractions.
  if (staged!.n === 0) return;
  await store.run(
    `INSERT INTO interaction_details
     SELECT s.source, s.source_id, s.thread, string_split(s.topics, '${TOPIC_SEPARATOR}')
     FROM (SELECT DISTINCT ON (source, source_id) * FROM ${STAGE_DETAILS}) s
     ANTI JOIN interaction_details d ON d.source = s.source AND d.source_id = s.source_id`,
  );
}
