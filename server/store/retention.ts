import { updateCoverage } from './coverage.ts';
import { bumpDataEpoch } from './data-epoch.ts';
import type { Store } from './database.ts';
import { removeOrphanDetails } from './interaction-details.ts';
import { refreshWeeklyTies, weekOf } from './weekly-ties.ts';

/**
 * Retention: help events and activity older than `days` are deleted (with their interactions'
 * details), org-chart history no window after that reads, and audit entries older than
 * `auditDays`. 0 keeps everything. Event tables are found, not listed: every table with an
 * `occurred_at` timestamp is one, so tables added later are covered too.
 */
export interface RetentionPolicy {
  days: number;
  auditDays: number;
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = { days: 730, auditDays: 730 };

export interface RetentionResult {
  /** Events before this instant go (null: events are kept forever). */
  before: string | null;
  auditBefore: string | null;
  /** Rows that go, or went, per table (audit_log included). */
  tables: Record<string, number>;
}

const DAY_MS = 86_400_000;

async function eventTables(store: Store): Promise<string[]> {
  const rows = await store.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main'
       AND column_name = 'occurred_at' AND NOT internal
     ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

function cutoff(days: number, now: Date): string | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS).toISOString() : null;
}

/** What goes from a table: rows where `where` holds, with $1 the cutoff instant. */
interface Target {
  table: string;
  where: string;
  before: string;
}

/**
 * A row of the org chart's history goes once a newer row of the same person was in force before
 * the cutoff: no window that retention keeps reads it. The newest row of everyone stays.
 */
const SUPERSEDED = `EXISTS (SELECT 1 FROM org_chart_history n
  WHERE n.person_id = org_chart_history.person_id
    AND n.valid_from > org_chart_history.valid_from AND n.valid_from <= $1::TIMESTAMPTZ::DATE)`;

async function targets(store: Store, policy: RetentionPolicy, now: Date) {
  const before = cutoff(policy.days, now);
  const auditBefore = cutoff(policy.auditDays, now);
  const list: Target[] = [];
  if (before) {
    for (const table of await eventTables(store))
      list.push({ table, where: `occurred_at < $1::TIMESTAMPTZ`, before });
    list.push({ table: 'org_chart_history', where: SUPERSEDED, before });
  }
  if (auditBefore) {
    list.push({ table: 'audit_log', where: 'viewed_at < $1::TIMESTAMPTZ', before: auditBefore });
  }
  // Weekly ties go with their whole week; the week the cutoff falls in is recomputed below.
  if (before) {
    list.push({
      table: 'weekly_ties',
      where: '(week + INTERVAL 7 DAY)::TIMESTAMPTZ <= $1::TIMESTAMPTZ',
      before,
    });
  }
  return { before, auditBefore, list };
}

const DEPENDENT = ['org_chart_history'];

/** True for a table whose deleted rows were help events or activity (weeks to recompute). */
const EVENTS_GONE = (table: string) => !['audit_log', 'org_chart_history'].includes(table);

/** Details of interactions older than the cutoff: they go with their interactions. */
const OLD_DETAILS = `SELECT count(*)::INTEGER AS n FROM interaction_details d
  WHERE EXISTS (SELECT 1 FROM interactions i WHERE i.source = d.source
                AND i.source_id = d.source_id AND i.occurred_at < $1::TIMESTAMPTZ)`;

/** What retention would delete now: `helpflow retention`. */
export async function planRetention(
  store: Store,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionResult> {
  const { before, auditBefore, list } = await targets(store, policy, now);
  const tables: Record<string, number> = {};
  for (const { table, where, before: at } of list) {
    const row = await store.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM "${table}" WHERE ${where}`,
      [at],
    );
    // Tables that hang off others are named only when something of theirs goes.
    if (row!.n > 0 || !DEPENDENT.includes(table)) tables[table] = row!.n;
  }
  if (before) {
    const details = (await store.one<{ n: number }>(OLD_DETAILS, [before]))!.n;
    if (details > 0) tables.interaction_details = details;
  }
  return { before, auditBefore, tables };
}

/** Deletes what retention says must go, in one transaction. */
export async function applyRetention(
  store: Store,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionResult> {
  return store.transaction(async () => {
    const plan = await planRetention(store, policy, now);
    const { list } = await targets(store, policy, now);
    for (const { table, where, before } of list) {
      if (plan.tables[table]! > 0)
        await store.run(`DELETE FROM "${table}" WHERE ${where}`, [before]);
    }
    if ((plan.tables.interactions ?? 0) > 0) await removeOrphanDetails(store);
    if (plan.before && Object.entries(plan.tables).some(([t, n]) => EVENTS_GONE(t) && n > 0)) {
      // The week the cutoff falls in lost some of its events: its computed ties are recomputed.
      const ranges = await store.all<{ source: string; from: string; to: string }>(
        `SELECT DISTINCT source, strftime(${weekOf('$1::TIMESTAMPTZ')}, '%Y-%m-%d') AS "from",
                strftime(${weekOf('$1::TIMESTAMPTZ')} + INTERVAL 7 DAY, '%Y-%m-%d') AS "to"
         FROM weekly_ties WHERE import_id IS NULL AND week = ${weekOf('$1::TIMESTAMPTZ')}`,
        [plan.before],
      );
      await refreshWeeklyTies(store, ranges);
    }
    if (Object.values(plan.tables).some((n) => n > 0)) {
      // The sources' first events may have gone.
      await updateCoverage(store);
      await bumpDataEpoch(store);
    }
    return plan;
  });
}

/** Says what went (or would go), for the CLI and the server's log. */
export function describeRetention(result: RetentionResult, dryRun: boolean): string {
  const parts = Object.entries(result.tables)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${n.toLocaleString('en-US')} from ${table}`);
  const verb = dryRun ? 'would delete' : 'deleted';
  if (parts.length === 0) return `retention: nothing is old enough to delete`;
  return `retention ${verb} ${parts.join(', ')} (events before ${result.before ?? 'never'}, audit entries before ${result.auditBefore ?? 'never'})`;
}
