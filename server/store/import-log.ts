import type { Store } from './database.ts';
import type { ImportCounts } from './merge.ts';

/**
 * The `imports` table's side of a run, shared by the ingest pipeline (ingest.ts) and the
 * weekly-ties import (weekly-ties-import.ts): a run is logged as running, in a commit of its
 * own, before any data is written, so a process killed from then on leaves a run that the next
 * open marks interrupted (integrity.ts); its end is logged with what it counted.
 */

/** Logs a run as started and returns its import id. */
export async function logImportStart(store: Store, connector: string, origin: string) {
  const row = await store.one<{ id: number }>(
    `INSERT INTO imports (import_id, connector, origin, started_at, status, counts, skipped)
     VALUES (nextval('import_ids'), $1, $2, now(), 'running', '{}', '{}')
     RETURNING import_id::INTEGER AS id`,
    [connector, origin],
  );
  return row!.id;
}

/** Logs how a run ended. */
export async function logImportEnd(
  store: Store,
  run: {
    importId: number;
    status: 'succeeded' | 'failed';
    counts: ImportCounts;
    skipped: Record<string, number>;
    error?: string;
  },
): Promise<void> {
  await store.run(
    `UPDATE imports SET finished_at = now(), status = $2, counts = $3::JSON, skipped = $4::JSON,
                        error = $5
     WHERE import_id = $1`,
    [
      run.importId,
      run.status,
      JSON.stringify(run.counts),
      JSON.stringify(run.skipped),
      run.error ?? null,
    ],
  );
}

/** A run's counters before it has read anything. */
export function noCounts(): ImportCounts {
  return {
    interactionsRead: 0,
    interactionsStored: 0,
    interactionsAlreadyPresent: 0,
    activityRead: 0,
    activityStored: 0,
    accountsNew: 0,
    accountsUpdated: 0,
    peopleNew: 0,
    peopleUpdated: 0,
    peopleMerged: 0,
    aliases: 0,
  };
}
