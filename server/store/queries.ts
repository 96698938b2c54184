import type { Store } from './database.ts';

export interface Stats {
  people: number;
  accounts: number;
  interactions: number;
  imports: number;
}

export async function readStats(store: Store): Promise<Stats> {
  return (await store.one<Stats>(`SELECT
    (SELECT count(*) FROM people)::INTEGER AS people,
    (SELECT count(*) FROM accounts)::INTEGER AS accounts,
    (SELECT count(*) FROM interactions)::INTEGER AS interactions,
    (SELECT count(*) FROM imports)::INTEGER AS imports`))!;
}

export interface ImportRun {
  importId: number;
  connector: string;
  origin: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  counts: Record<string, number>;
  skipped: Record<string, number>;
  error: string | null;
  /** Rows removed per table when the run was found interrupted on open (integrity.ts). */
  removed: Record<string, number> | null;
}

export async function readImports(store: Store): Promise<ImportRun[]> {
  const rows = await store.all<
    Omit<ImportRun, 'counts' | 'skipped' | 'removed'> & {
      counts: string;
      skipped: string;
      removed: string | null;
    }
  >(
    `SELECT import_id AS "importId", connector, origin,
            strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt",
            strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "finishedAt",
            status, counts, skipped, error, removed
     FROM imports ORDER BY import_id`,
  );
  return rows.map((row) => ({
    ...row,
    counts: JSON.parse(row.counts ?? '{}') as Record<string, number>,
    skipped: JSON.parse(row.skipped ?? '{}') as Record<string, number>,
    removed: row.removed === null ? null : (JSON.parse(row.removed) as Record<string, number>),
  }));
}
