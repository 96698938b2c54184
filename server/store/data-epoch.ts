import type { Store } from './database.ts';

/**
 * Deleting rows (retention, erasure) changes what every report shows without a new import: the
 * data version (readDataVersion) includes this counter, so caches keyed by it are dropped.
 */
export async function bumpDataEpoch(store: Store): Promise<void> {
  await store.run(
    `INSERT INTO settings VALUES ('data_epoch', '1')
     ON CONFLICT (key) DO UPDATE SET value = (value::INTEGER + 1)::VARCHAR`,
  );
}
