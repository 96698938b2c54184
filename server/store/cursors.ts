/**
 * Sync cursors: where a live API connector got to in one origin (docs/connectors.md). The ingest pipeline
 * reads the cursor before an import and writes the connector's new one in the import's own
 * transaction, so the cursor never runs ahead of the data it stands for.
 */
import type { Store } from './database.ts';

export interface StoredCursor {
  connector: string;
  origin: string;
  cursor: unknown;
  importId: number;
  updatedAt: string;
}

/** The stored cursor of (connector, origin), or null before its first successful import. */
export async function readCursor(
  store: Store,
  connector: string,
  origin: string,
): Promise<unknown> {
  const row = await store.one<{ cursor: string }>(
    'SELECT cursor FROM sync_cursors WHERE connector = $1 AND origin = $2',
    [connector, origin],
  );
  return row ? (JSON.parse(row.cursor) as unknown) : null;
}

export async function saveCursor(
  store: Store,
  connector: string,
  origin: string,
  cursor: unknown,
  importId: number,
): Promise<void> {
  await store.run(
    `INSERT INTO sync_cursors (connector, origin, cursor, import_id, updated_at)
     VALUES ($1, $2, $3::JSON, $4, now())
     ON CONFLICT (connector, origin) DO UPDATE SET
       cursor = excluded.cursor, import_id = excluded.import_id, updated_at = excluded.updated_at`,
    [connector, origin, JSON.stringify(cursor), importId],
  );
}

export async function readCursors(store: Store): Promise<StoredCursor[]> {
  const rows = await store.all<{
    connector: string;
    origin: string;
    cursor: string;
    importId: number;
    updatedAt: string;
  }>(
    `SELECT connector, origin, cursor, import_id AS "importId",
            strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS "updatedAt"
     FROM sync_cursors ORDER BY connector, origin`,
  );
  return rows.map((row) => ({ ...row, cursor: JSON.parse(row.cursor) as unknown }));
}
