/**
 * Where each configured source stands, from the import log: when it last synced, how far
 * behind that leaves the data (lag: the time since the last successful sync finished), and
 * the error of its latest run when that run failed.
 */
import type { Store } from '../store/database.ts';
import type { SyncConfig } from './config.ts';

export interface SourceStatus {
  name: string;
  connector: string;
  origin: string;
  /** ISO times; null when it never happened. */
  lastRunAt: string | null;
  lastRunStatus: 'running' | 'succeeded' | 'failed' | 'interrupted' | null;
  lastSuccessAt: string | null;
  /** Seconds since the last successful sync finished; null before the first. */
  lagSeconds: number | null;
  /** The latest run's error, when the latest run failed or was interrupted. */
  lastError: string | null;
  /** When the source's cursor last moved (live API connectors only). */
  cursorUpdatedAt: string | null;
}

interface Row {
  connector: string;
  origin: string;
  lastRunAt: string | null;
  lastRunStatus: 'running' | 'succeeded' | 'failed' | 'interrupted' | null;
  lastError: string | null;
  lastSuccessAt: string | null;
  lagSeconds: number | null;
  cursorUpdatedAt: string | null;
}

const ISO = '%Y-%m-%dT%H:%M:%SZ';

export async function readSyncStatus(
  store: Store,
  config: SyncConfig,
  now: Date = new Date(),
): Promise<SourceStatus[]> {
  const rows = await store.all<Row>(
    `WITH latest AS (
       SELECT DISTINCT ON (connector, origin) connector, origin, finished_at, status, error
       FROM imports ORDER BY connector, origin, import_id DESC),
     success AS (
       SELECT connector, origin, max(finished_at) AS finished_at
       FROM imports WHERE status = 'succeeded' GROUP BY ALL)
     SELECT l.connector, l.origin,
            strftime(l.finished_at, '${ISO}') AS "lastRunAt",
            l.status AS "lastRunStatus",
            CASE WHEN l.status IN ('failed', 'interrupted') THEN l.error END AS "lastError",
            strftime(s.finished_at, '${ISO}') AS "lastSuccessAt",
            date_diff('second', s.finished_at, $1::TIMESTAMPTZ)::INTEGER AS "lagSeconds",
            strftime(c.updated_at, '${ISO}') AS "cursorUpdatedAt"
     FROM latest l
     LEFT JOIN success s USING (connector, origin)
     LEFT JOIN sync_cursors c USING (connector, origin)`,
    [now.toISOString()],
  );
  const byKey = new Map(rows.map((row) => [`${row.connector}\u0000${row.origin}`, row]));
  return config.sources.map((source) => {
    const row = byKey.get(`${source.connector}\u0000${source.origin}`);
    return {
      name: source.name,
      connector: source.connector,
      origin: source.origin,
      lastRunAt: row?.lastRunAt ?? null,
      lastRunStatus: row?.lastRunStatus ?? null,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      lagSeconds: row?.lagSeconds ?? null,
      lastError: row?.lastError ?? null,
      cursorUpdatedAt: row?.cursorUpdatedAt ?? null,
    };
  });
}
