/**
 * Kills a real helpflow process (`helpflow import`, or `helpflow serve` during an upload) with
 * SIGKILL at a staged moment of an import, found by polling the database file and its
 * write-ahead log, then checks what the next open finds. Used by tests/crash.test.ts (a small
 * import) and bench/crash.ts (the 3 M-row import of the issue).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, resolve } from 'node:path';
import { Store } from '../server/store/database.ts';

export const BIN = resolve(import.meta.dirname, '../bin/helpflow-dev.js');

/**
 * Where the kill lands:
 * - `logged`: the run is logged as running, no data written yet (CLI only);
 * - `writing`: DuckDB is writing the new rows into the database file, before the commit;
 * - `commit`: the commit is being written to the write-ahead log;
 * - `checkpoint`: the commit is in the log and the file is being updated from it (CLI only:
 *   `helpflow import` checkpoints as it closes).
 */
export type CrashStage = 'logged' | 'writing' | 'commit' | 'checkpoint';
export const CRASH_STAGES: CrashStage[] = ['logged', 'writing', 'commit', 'checkpoint'];

export interface CrashRun {
  stage: CrashStage;
  via: 'cli' | 'serve';
  /** False when the process ended on its own before the stage was seen. */
  killed: boolean;
  /** Sizes of the database file and its WAL when the kill was sent, and ms since the start. */
  db: number;
  wal: number;
  ms: number;
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** Polls the file and WAL every millisecond; resolves once `stage` is seen and `child` killed. */
function killAtStage(child: ChildProcess, dbPath: string, stage: CrashStage, via: CrashRun['via']) {
  const started = performance.now();
  const baseDb = size(dbPath);
  const baseWal = Math.max(0, size(`${dbPath}.wal`));
  let walAtWrite = -1;
  let dbAtCommit = -1;
  return new Promise<CrashRun>((done) => {
    const finish = (killed: boolean, db: number, wal: number) => {
      clearInterval(timer);
      done({ stage, via, killed, db, wal, ms: Math.round(performance.now() - started) });
    };
    const timer = setInterval(() => {
      const db = size(dbPath);
      const wal = size(`${dbPath}.wal`);
      // Bulk-written rows go to the file before the commit (DuckDB writes full row groups
      // optimistically); the commit then appends to the WAL; closing the CLI checkpoints.
      if (walAtWrite < 0 && db > baseDb) walAtWrite = Math.max(0, wal);
      if (walAtWrite >= 0 && dbAtCommit < 0 && wal > walAtWrite) dbAtCommit = db;
      const hit =
        stage === 'logged'
          ? wal > baseWal && db === baseDb
          : stage === 'writing'
            ? db > baseDb + 512 * 1024
            : stage === 'commit'
              ? dbAtCommit >= 0
              : dbAtCommit >= 0 && db !== dbAtCommit;
      if (hit) {
        child.kill('SIGKILL');
        finish(true, db, wal);
      }
    }, 1);
    child.once('exit', () => finish(false, size(dbPath), size(`${dbPath}.wal`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `helpflow import interactions FILE --db DB`, killed at `stage`. */
export async function crashCliImport(
  dbPath: string,
  file: string,
  stage: CrashStage,
): Promise<CrashRun> {
  const child = spawn(process.execPath, [BIN, 'import', 'interactions', file, '--db', dbPath], {
    stdio: 'ignore',
  });
  const run = await killAtStage(child, dbPath, stage, 'cli');
  await exited(child);
  return run;
}

/**
 * `helpflow serve` on the database, `file` uploaded to it with an admin `token`, and the server
 * killed at `stage` of the import it runs. Returns once the server is gone.
 */
export async function crashServeImport(
  dbPath: string,
  file: string,
  token: string,
  stage: CrashStage,
): Promise<CrashRun & { jobId: string; uploadFolder: string | null }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = / at (http:\/\/\S+) /.exec(text);
      if (found) resolve(found[1]!);
    });
    child.once('exit', () => reject(new Error(`helpflow serve ended before listening: ${text}`)));
  });
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), basename(file));
  // Watching starts once the upload is on the server: the request's own writes (the token's
  // last use) come before it.
  const response = await fetch(`${url}/api/v1/imports?connector=interactions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 202) {
    child.kill('SIGKILL');
    throw new Error(`the upload answered ${response.status}: ${await response.text()}`);
  }
  const job = (await response.json()) as { id: string };
  const folder = readdirSync(tmpdir()).find((name) => name.endsWith(`-${job.id}`));
  const run = await killAtStage(child, dbPath, stage, 'serve');
  if (!run.killed) throw new Error('helpflow serve ended on its own');
  await exited(child);
  return { ...run, jobId: job.id, uploadFolder: folder ?? null };
}

/** What the next open finds after a crash: the invariants of issue 13, and the import's fate. */
export interface AfterCrash {
  /** Interactions whose helper or helped account is missing. */
  withoutAccounts: number;
  /**
   * Rows (of any table with an import_id) whose import is missing or did not succeed; rows
   * helpflow computes itself (weekly_ties without an import_id) belong to no import.
   */
  withoutImport: number;
  /** Events the weekly ties computed from them count more, or fewer, than there are. */
  weeklyTiesOff: number;
  /** Imports whose status is not succeeded, failed or interrupted. */
  unfinished: number;
  /** The crashed import: its status, and how many interactions it left. */
  status: string | null;
  interactions: number;
  removed: Record<string, number> | null;
}

export async function inspectAfterCrash(dbPath: string, importId: number): Promise<AfterCrash> {
  const store = await Store.open(dbPath);
  try {
    const tables = (
      await store.all<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.columns
         WHERE column_name = 'import_id' AND table_name <> 'imports'
           AND table_catalog = current_database()`,
      )
    ).map((row) => row.name);
    const withoutImport = tables.map(
      (table) => `(SELECT count(*) FROM "${table}" t WHERE t.import_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM imports i
                   WHERE i.import_id = t.import_id AND i.status = 'succeeded'))`,
    );
    const row = (await store.one<Omit<AfterCrash, 'removed'> & { removed: string | null }>(
      `SELECT
         (SELECT count(*) FROM interactions x WHERE NOT EXISTS
            (SELECT 1 FROM accounts a WHERE a.source = x.source AND a.account_id = x.helper_account)
          OR NOT EXISTS
            (SELECT 1 FROM accounts a WHERE a.source = x.source AND a.account_id = x.helped_account)
         )::INTEGER AS "withoutAccounts",
         (${withoutImport.join(' + ')})::INTEGER AS "withoutImport",
         ((SELECT coalesce(sum(interactions), 0) FROM weekly_ties WHERE import_id IS NULL)
          - (SELECT count(*) FROM interactions WHERE helper_account <> helped_account)
         )::INTEGER AS "weeklyTiesOff",
         (SELECT count(*) FROM imports WHERE status NOT IN ('succeeded', 'failed', 'interrupted'))::INTEGER AS unfinished,
         (SELECT status FROM imports WHERE import_id = $1) AS status,
         (SELECT count(*) FROM interactions WHERE import_id = $1)::INTEGER AS interactions,
         (SELECT removed FROM imports WHERE import_id = $1) AS removed`,
      [importId],
    ))!;
    return {
      ...row,
      removed: row.removed === null ? null : (JSON.parse(row.removed) as Record<string, number>),
    };
  } finally {
    store.close();
  }
}
