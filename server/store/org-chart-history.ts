import type { Store } from './database.ts';

/**
 * The org chart over time. Every org-chart import is a snapshot in force from its effective
 * date (`--as-of`, default today): one `org_chart_history` row per person in it. A person missing
 * from the next snapshot after one they were in has left: a `left_org` row at that snapshot's
 * date, carrying their last team, manager and title. Snapshots may be imported in any order; a
 * second snapshot of the same date replaces the first.
 *
 * A report reads the state in force at its window's end: the person's latest row dated on or
 * before the window's last day, else (the window is older than every snapshot that lists them)
 * their earliest one, since nothing older is known. So a reorg imported as of today changes no
 * window that ended before today. `people` keeps the state in force today, for access rules,
 * the people directory and sign-in.
 */

/** The UTC day of the last instant before `to` (an exclusive ISO end): the window's last day. */
export function lastDayOf(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}

/** Today, UTC, as YYYY-MM-DD: the default effective date of an org chart. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * `people` as it was on `day` (a SQL expression for a DATE): the same columns, with the team,
 * manager and title in force then, and `left_at`, the day they left when that is on or before
 * `day` (else NULL). People no chart listed (made up for an account) keep their own columns.
 */
export function peopleOn(day: string): string {
  return `(SELECT p.* EXCLUDE (team, manager_id, title, left_at),
       CASE WHEN s.person_id IS NULL THEN p.team ELSE s.team END AS team,
       CASE WHEN s.person_id IS NULL THEN p.manager_id ELSE s.manager_id END AS manager_id,
       CASE WHEN s.person_id IS NULL THEN p.title ELSE s.title END AS title,
       CASE WHEN s.left_org THEN s.valid_from END AS left_at
     FROM people p LEFT JOIN (
       SELECT DISTINCT ON (person_id) person_id, valid_from, left_org, team, manager_id, title
       FROM org_chart_history
       ORDER BY person_id, valid_from <= ${day} DESC,
                CASE WHEN valid_from <= ${day} THEN valid_from END DESC NULLS LAST, valid_from
     ) s ON s.person_id = p.person_id)`;
}

/**
 * Records the staged chart `raw` (trimmed columns person, team, manager, title) as the snapshot
 * of `asOf`, marks who left, and brings `people` to today's state. Inside the import's
 * transaction.
 */
/** The newest snapshot's date, or null before any chart. */
export async function newestSnapshot(store: Store): Promise<string | null> {
  const row = await store.one<{ day: string | null }>(
    `SELECT strftime(max(valid_from), '%Y-%m-%d') AS day FROM org_chart_history`,
  );
  return row?.day ?? null;
}

export async function recordOrgChart(
  store: Store,
  raw: string,
  asOf: string,
  importId: number,
): Promise<void> {
  await store.run('DELETE FROM org_chart_history WHERE valid_from = $1::DATE', [asOf]);
  await store.run(
    `INSERT INTO org_chart_history
     SELECT trim(person), $1::DATE, false, nullif(trim(team), ''), nullif(trim(manager), ''),
            nullif(trim(title), ''), $2
     FROM ${raw}`,
    [asOf, importId],
  );
  await markLeavers(store, importId);
  await store.run(
    `UPDATE people SET team = s.team, manager_id = s.manager_id, title = s.title,
                       left_at = s.left_at
     FROM ${peopleOn(`'${todayUtc()}'::DATE`)} s
     WHERE people.person_id = s.person_id AND people.in_org_chart
       AND (people.team IS DISTINCT FROM s.team OR people.manager_id IS DISTINCT FROM s.manager_id
            OR people.title IS DISTINCT FROM s.title OR people.left_at IS DISTINCT FROM s.left_at)`,
  );
}

/**
 * Left rows, made again from the snapshots: someone in one snapshot and not in the next has
 * left on that next one's date. Made again whole, since a snapshot imported late (older than
 * others) can change who left when.
 */
async function markLeavers(store: Store, importId: number): Promise<void> {
  await store.run('DELETE FROM org_chart_history WHERE left_org');
  await store.run(
    `INSERT INTO org_chart_history
     SELECT h.person_id, s.day, true, h.team, h.manager_id, h.title, $1
     FROM (SELECT day, lag(day) OVER (ORDER BY day) AS previous
           FROM (SELECT DISTINCT valid_from AS day FROM org_chart_history)) s
     JOIN org_chart_history h ON h.valid_from = s.previous
     WHERE NOT EXISTS (SELECT 1 FROM org_chart_history n
                       WHERE n.person_id = h.person_id AND n.valid_from = s.day)`,
    [importId],
  );
}
