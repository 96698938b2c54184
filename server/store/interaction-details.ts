import type { Store } from './database.ts';

/**
 * `interaction_details` (migration 60) belongs to `interactions` by (source, source_id): it has
 * no date, account or import of its own, so whatever removes interactions (retention, erasure,
 * integrity on open) removes the details left without one here. Returns how many went.
 */
export async function removeOrphanDetails(store: Store): Promise<number> {
  const orphans = `FROM interaction_details d WHERE NOT EXISTS
    (SELECT 1 FROM interactions i WHERE i.source = d.source AND i.source_id = d.source_id)`;
  const { n } = (await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n ${orphans}`))!;
  if (n > 0) {
    await store.run(`DELETE FROM interaction_details WHERE (source, source_id) IN
      (SELECT d.source, d.source_id ${orphans})`);
  }
  return n;
}
