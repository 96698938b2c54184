import { updateCoverage } from './coverage.ts';
import type { Store } from './database.ts';
import { removeOrphanDetails } from './interaction-details.ts';
import { refreshWeeklyTies } from './weekly-ties.ts';

/**
 * Integrity on open: every stored row belongs to an import recorded as succeeded.
 *
 * An import is logged as `running` (its own small commit) before its data is written, and marked
 * `succeeded` by the last statement of its transaction. A process killed at any moment therefore
 * leaves either a succeeded import with all its rows, or a `running` one. Killed while DuckDB was
 * writing the commit to its write-ahead log, it can also leave part of the transaction: DuckDB
 * 1.5 replays the bulk-written row groups of a half-written commit (3 M interactions came back
 * without their accounts or their import). Whatever the cause, on open the rows of every import
 * that did not succeed, and of ids no import has, are removed in one transaction, and the run
 * is recorded as `interrupted` with what was removed.
 */

export interface RecoveredImport {
  importId: number;
  /** Rows removed, per table. */
  removed: Record<string, number>;
}

const INTERRUPTED =
  'interrupted: the process ended before the import was committed; nothing of it was kept';

/** The tables whose rows say which import wrote them: every table with an import_id column. */
export async function importOwnedTables(store: Store): Promise<string[]> {
  const rows = await store.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns
     WHERE column_name = 'import_id' AND table_name <> 'imports'
       AND table_catalog = current_database() AND table_schema = 'main'
     ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

/**
 * Removes the rows of imports that are not recorded as succeeded and marks runs left `running`
 * as `interrupted`. Call it when nothing else writes to the database (on open).
 */
export async function recoverInterruptedImports(store: Store): Promise<RecoveredImport[]> {
  const tables = await importOwnedTables(store);
  const orphans = tables.map(
    (table) =>
      `SELECT import_id, '${table}' AS tbl, count(*)::INTEGER AS n FROM "${table}" t
       WHERE t.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports i
                         WHERE i.import_id = t.import_id AND i.status = 'succeeded')
       GROUP BY import_id`,
  );
  // Details belong to interactions (by source and source_id): they go with them.
  if (tables.includes('interactions')) {
    orphans.push(
      `SELECT t.import_id, 'interaction_details' AS tbl, count(*)::INTEGER AS n
       FROM interaction_details d JOIN interactions t
         ON t.source = d.source AND t.source_id = d.source_id
       WHERE NOT EXISTS (SELECT 1 FROM imports i
                         WHERE i.import_id = t.import_id AND i.status = 'succeeded')
       GROUP BY t.import_id`,
    );
  }
  const leftRows = orphans.length
    ? await store.all<{ import_id: number; tbl: string; n: number }>(orphans.join(' UNION ALL '))
    : [];
  const running = await store.all<{ import_id: number }>(
    `SELECT import_id FROM imports WHERE status = 'running'`,
  );
  if (leftRows.length === 0 && running.length === 0) return [];

  const byImport = new Map<number, Record<string, number>>();
  for (const { import_id: id } of running) byImport.set(id, {});
  for (const row of leftRows) {
    const removed = byImport.get(row.import_id) ?? {};
    removed[row.tbl] = row.n;
    byImport.set(row.import_id, removed);
  }
  await store.transaction(async () => {
    for (const table of tables) {
      await store.run(
        `DELETE FROM "${table}" t WHERE t.import_id IS NOT NULL AND NOT EXISTS
           (SELECT 1 FROM imports i WHERE i.import_id = t.import_id AND i.status = 'succeeded')`,
      );
    }
    for (const [importId, removed] of byImport) {
      // A failed run keeps its status and error; a running one, or an id no run was logged
      // for (a crash can lose the log row too), becomes interrupted.
      await store.run(
        `INSERT INTO imports (import_id, connector, origin, started_at, finished_at, status,
                              counts, skipped, error, removed)
         VALUES ($1, 'unknown', 'unknown', now(), now(), 'interrupted', '{}', '{}', $2, $3::JSON)
         ON CONFLICT (import_id) DO UPDATE SET
           status = CASE WHEN imports.status = 'failed' THEN 'failed' ELSE 'interrupted' END,
           error = CASE WHEN imports.status = 'failed' THEN imports.error ELSE excluded.error END,
           finished_at = coalesce(imports.finished_at, excluded.finished_at),
           removed = excluded.removed`,
        [importId, INTERRUPTED, JSON.stringify(removed)],
      );
    }
    // Details of removed interactions have no import of their own to be found by.
    await removeOrphanDetails(store);
    if (byImport.size > 0) {
      // What was removed may have been a source's first or last event, and in any week: the
      // weekly ties computed here (import_id NULL, the only rows without one) are rebuilt.
      await refreshWeeklyTies(store, 'all');
      await updateCoverage(store);
    }
  });
  return [...byImport].map(([importId, removed]) => ({ importId, removed }));
}
