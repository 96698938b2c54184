import { helpEvents, NOT_SELF, WEIGHT, type Filters } from './analytics-queries.ts';
import type { Store, StoreReader } from './database.ts';
import { steadySum } from './steady-sum.ts';

/** People as the API and the CLI look them up: search, profile, scope, partners, opt-out. */

export interface PersonSummary {
  person: string;
  name: string | null;
  email: string | null;
  team: string | null;
  title: string | null;
  manager: string | null;
}

const SUMMARY = `p.person_id AS person, p.display_name AS name, p.email, p.team, p.title,
  p.manager_id AS manager`;

/** People whose name, e-mail or id contains `text` (case-insensitive), by name. */
export async function searchPeople(
  store: StoreReader,
  options: { text?: string | undefined; team?: string | undefined; limit: number },
): Promise<PersonSummary[]> {
  const params: (string | number)[] = [options.limit];
  const where = ['NOT p.opted_out'];
  if (options.text) {
    params.push(`%${options.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(
      `(p.display_name ILIKE $2 ESCAPE '\\' OR p.email ILIKE $2 ESCAPE '\\' OR p.person_id ILIKE $2 ESCAPE '\\')`,
    );
  }
  if (options.team) {
    params.push(options.team);
    where.push(`p.team = $${params.length}`);
  }
  return store.all<PersonSummary>(
    `SELECT ${SUMMARY} FROM people p WHERE ${where.join(' AND ')}
     ORDER BY p.display_name NULLS LAST, p.person_id LIMIT $1`,
    params,
  );
}

export interface PersonProfile extends PersonSummary {
  location: string | null;
  joinedAt: string | null;
  managerName: string | null;
  accounts: { source: string; accountId: string; displayName: string | null }[];
}

/** One person who has not opted out, or undefined. */
export async function readPerson(
  store: StoreReader,
  person: string,
): Promise<PersonProfile | undefined> {
  const row = await store.one<Omit<PersonProfile, 'accounts'>>(
    `SELECT ${SUMMARY}, p.location, strftime(p.joined_at, '%Y-%m-%d') AS "joinedAt",
            m.display_name AS "managerName"
     FROM people p LEFT JOIN people m ON m.person_id = p.manager_id AND NOT m.opted_out
     WHERE p.person_id = $1 AND NOT p.opted_out`,
    [person],
  );
  if (!row) return undefined;
  const accounts = await store.all<PersonProfile['accounts'][number]>(
    `SELECT source, account_id AS "accountId", display_name AS "displayName"
     FROM accounts WHERE person_id = $1 ORDER BY source, account_id`,
    [person],
  );
  return { ...row, accounts };
}

/** The person and everyone below them in the org chart (reports, their reports, …). */
export async function readReportingLine(store: StoreReader, manager: string): Promise<string[]> {
  const rows = await store.all<{ person: string }>(
    `WITH RECURSIVE line(person_id) AS (
       SELECT person_id FROM people WHERE person_id = $1
       UNION
       SELECT p.person_id FROM people p JOIN line l ON p.manager_id = l.person_id
     )
     SELECT person_id AS person FROM line ORDER BY person_id`,
    [manager],
  );
  return rows.map((row) => row.person);
}

/** People per team (opted-out people do not count), for the minimum group size. */
export async function readTeamSizes(store: StoreReader): Promise<Map<string, number>> {
  const rows = await store.all<{ team: string; size: number }>(
    `SELECT team, count(*)::INTEGER AS size FROM people
     WHERE NOT opted_out AND team IS NOT NULL GROUP BY team`,
  );
  return new Map(rows.map((row) => [row.team, row.size]));
}

export interface PartnerRow {
  /** 'gave': the person helped `partner`; 'received': `partner` helped the person. */
  direction: 'gave' | 'received';
  partner: string;
  topic: string | null;
  weight: number;
  interactions: number;
}

/** Whom a person helped and who helped them in the window, per topic. */
export async function readPartners(
  store: StoreReader,
  person: string,
  filters: Filters,
): Promise<PartnerRow[]> {
  const sql = helpEvents(filters, [person]);
  return store.all<PartnerRow>(
    `SELECT CASE WHEN hp.person_id = $1 THEN 'gave' ELSE 'received' END AS direction,
            CASE WHEN hp.person_id = $1 THEN dp.person_id ELSE hp.person_id END AS partner,
            i.topic,
            ${steadySum(WEIGHT, NOT_SELF)}::DOUBLE AS weight,
            (count(*) FILTER (WHERE ${NOT_SELF}))::INTEGER AS interactions
     ${sql.from} AND (hp.person_id = $1 OR dp.person_id = $1)
     GROUP BY ALL HAVING count(*) FILTER (WHERE ${NOT_SELF}) > 0
     ORDER BY weight DESC, partner, topic NULLS LAST, direction`,
    sql.params,
  );
}

export interface PersonWeek {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  given: number;
  received: number;
  partners: number;
}

/** A person's help given and received per week of the window. */
export async function readPersonWeeks(
  store: StoreReader,
  person: string,
  filters: Filters,
): Promise<PersonWeek[]> {
  const sql = helpEvents(filters, [person]);
  return store.all<PersonWeek>(
    `SELECT strftime(date_trunc('week', i.occurred_at), '%Y-%m-%d') AS week,
            coalesce(${steadySum(WEIGHT, `hp.person_id = $1 AND ${NOT_SELF}`)}, 0)::DOUBLE AS given,
            coalesce(${steadySum(WEIGHT, `dp.person_id = $1 AND ${NOT_SELF}`)}, 0)::DOUBLE AS received,
            count(DISTINCT CASE WHEN hp.person_id = $1 THEN dp.person_id ELSE hp.person_id END)
              FILTER (WHERE ${NOT_SELF})::INTEGER AS partners
     ${sql.from} AND (hp.person_id = $1 OR dp.person_id = $1)
     GROUP BY ALL ORDER BY week`,
    sql.params,
  );
}

/** Opts a person out of (or back into) every analysis and view; true when they exist. */
export async function setOptedOut(
  store: Store,
  person: string,
  optedOut: boolean,
): Promise<boolean> {
  const row = await store.one(`SELECT 1 FROM people WHERE person_id = $1`, [person]);
  if (!row) return false;
  await store.run(`UPDATE people SET opted_out = $2 WHERE person_id = $1`, [person, optedOut]);
  return true;
}

/** Name, team and org-chart standing of everyone who has not opted out, by id (presenters). */
export async function readDirectory(
  store: StoreReader,
): Promise<Map<string, { name: string | null; team: string | null; inOrgChart: boolean }>> {
  const rows = await store.all<{
    person: string;
    name: string | null;
    team: string | null;
    inOrgChart: boolean;
  }>(
    `SELECT person_id AS person, display_name AS name, team, in_org_chart AS "inOrgChart"
     FROM people WHERE NOT opted_out`,
  );
  return new Map(
    rows.map(({ person, name, team, inOrgChart }) => [person, { name, team, inOrgChart }]),
  );
}
