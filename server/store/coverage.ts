import type { Store } from './database.ts';

/**
 * Each source's first and last event, help or activity, kept in source_coverage so that reports
 * can say which sources cover a window without scanning the events. Recomputed from the tables
 * (an aggregate DuckDB runs in milliseconds per million rows), so it is right whatever an
 * import added or integrity on open removed.
 */
export async function updateCoverage(store: Store): Promise<void> {
  // Not DELETE then INSERT of every source: deleting and re-inserting a primary key in one
  // transaction is what DuckDB's constraint checks have tripped on.
  await store.run(
    `DELETE FROM source_coverage WHERE source NOT IN
       (SELECT source FROM interactions UNION SELECT source FROM activity
        UNION SELECT source FROM weekly_ties WHERE import_id IS NOT NULL)`,
  );
  await store.run(
    `INSERT OR REPLACE INTO source_coverage
     SELECT source, min(first_at), max(last_at) FROM (
       SELECT source, min(occurred_at) AS first_at, max(occurred_at) AS last_at
       FROM interactions GROUP BY source
       UNION ALL
       SELECT source, min(occurred_at), max(occurred_at) FROM activity GROUP BY source
       UNION ALL
       -- weekly ties imported from elsewhere: their weeks, from Monday to the last instant
       SELECT source, min(week)::TIMESTAMPTZ,
              max(week)::TIMESTAMPTZ + INTERVAL 7 DAY - INTERVAL 1 SECOND
       FROM weekly_ties WHERE import_id IS NOT NULL GROUP BY source)
     GROUP BY source`,
  );
}
