import { ASKING_KINDS } from '../../connectors/types.ts';
import type { Presence, SourceSpan, Window } from '../analytics/model.ts';
import { helpEvents, NOT_SELF, WEIGHT, type Filters } from './analytics-queries.ts';
import type { StoreReader } from './database.ts';
import { lastDayOf, peopleOn } from './org-chart-history.ts';
import { steadySum } from './steady-sum.ts';

/**
 * Presence as isolation needs it (docs/activity.md): each source's coverage, and for each person when
 * they were first and last seen (helping, being helped, or activity that is not help), how much
 * of that fell in the window, and whether they asked in it.
 */

const ISO = '%Y-%m-%dT%H:%M:%S.%gZ';

/** Every source's first and last event, as the imports keep them in source_coverage. */
export async function readCoverage(store: StoreReader): Promise<SourceSpan[]> {
  return store.all<SourceSpan>(
    `SELECT source, strftime(first_at, '${ISO}') AS first, strftime(last_at, '${ISO}') AS last
     FROM source_coverage ORDER BY source`,
  );
}

/**
 * Each person's presence in the sources the filters select, by person id. Help counts for both
 * its helper and the helped person, with the filters' topic and kind; activity (which has neither)
 * counts whatever they are. Events are aggregated per account first, then per person, so the
 * millions of events meet the accounts table as thousands of rows.
 */
export async function readPresence(
  store: StoreReader,
  window: Window,
  filters: Pick<Filters, 'source' | 'team' | 'topic' | 'kind'>,
): Promise<Map<string, Presence>> {
  const params: string[] = [window.from, window.to];
  const bind = (value: string) => `$${params.push(value)}`;
  const help: string[] = [];
  const activity: string[] = [];
  if (filters.source) {
    const source = bind(filters.source);
    help.push(`source = ${source}`);
    activity.push(`source = ${source}`);
  }
  if (filters.topic) help.push(`topic = ${bind(filters.topic)}`);
  if (filters.kind) help.push(`kind = ${bind(filters.kind)}`);
  const where = (conditions: string[]) =>
    conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const team = filters.team ? `AND p.team = ${bind(filters.team)}` : '';
  // The team in force at the window's end, as every report of the window reads it.
  const people = filters.team ? peopleOn(`${bind(lastDayOf(window.to))}::DATE`) : 'people';
  const asking = ASKING_KINDS.map((kind) => `'${kind}'`).join(', ');
  const inWindow = 'occurred_at >= $1::TIMESTAMPTZ AND occurred_at < $2::TIMESTAMPTZ';
  const rows = await store.all<{
    person: string;
    first: string;
    last: string | null;
    inWindow: number;
    asked: number;
    sources: string[];
  }>(
    `WITH events AS (
       SELECT source, helper_account AS account, occurred_at, false AS ask
       FROM interactions ${where(help)}
       UNION ALL
       SELECT source, helped_account, occurred_at, false FROM interactions ${where(help)}
       UNION ALL
       SELECT source, account, occurred_at, kind IN (${asking}) FROM activity ${where(activity)}),
     by_account AS (
       SELECT source, account, min(occurred_at) AS first_at,
              max(occurred_at) FILTER (WHERE occurred_at < $2::TIMESTAMPTZ) AS last_at,
              count(*) FILTER (WHERE ${inWindow}) AS in_window,
              count(*) FILTER (WHERE ask AND ${inWindow}) AS asked
       FROM events GROUP BY source, account)
     SELECT p.person_id AS person, strftime(min(e.first_at), '${ISO}') AS first,
            strftime(max(e.last_at), '${ISO}') AS last,
            sum(e.in_window)::INTEGER AS "inWindow", sum(e.asked)::INTEGER AS asked,
            list(DISTINCT e.source ORDER BY e.source) AS sources
     FROM by_account e
     JOIN accounts a ON a.source = e.source AND a.account_id = e.account
     JOIN ${people} p ON p.person_id = a.person_id AND NOT p.opted_out ${team}
     GROUP BY p.person_id`,
    params,
  );
  return new Map(
    rows.map((row) => [
      row.person,
      {
        first: row.first,
        last: row.last,
        inWindow: row.inWindow,
        asked: row.asked,
        sources: row.sources,
      },
    ]),
  );
}

/** Someone a person had help ties with before a window. */
export interface FormerPartner {
  person: string;
  /** Their interactions together, either way, before the window. */
  interactions: number;
  /** When they last helped each other, ISO 8601. */
  lastAt: string;
}

/**
 * For each of `people`, the people they helped or were helped by before `before` (in the
 * filters' sources, topic and kind), most interactions first, at most `limit` each. Two scans,
 * one per side of the tie: a condition on both sides at once would let DuckDB join every account
 * with every other first (see NOT_SELF).
 */
export async function readFormerPartners(
  store: StoreReader,
  people: readonly string[],
  before: string,
  filters: Pick<Filters, 'source' | 'team' | 'topic' | 'kind'>,
  limit = 5,
): Promise<Map<string, FormerPartner[]>> {
  const partners = new Map<string, FormerPartner[]>();
  if (people.length === 0) return partners;
  // One parameter for the whole list: person ids never hold the unit separator.
  const params: (string | number)[] = [people.join('\u001f')];
  const { source, team, topic, kind } = filters;
  const sql = helpEvents({ source, team, topic, kind, to: before }, params);
  const side = (self: 'hp' | 'dp', other: 'hp' | 'dp') =>
    `SELECT ${self}.person_id AS person, ${other}.person_id AS partner,
            count(*) FILTER (WHERE ${NOT_SELF}) AS interactions,
            ${steadySum(WEIGHT, NOT_SELF)} AS weight,
            max(i.occurred_at) AS last_at
     ${sql.from} AND ${self}.person_id IN (SELECT unnest(string_split($1, chr(31))))
     GROUP BY ALL HAVING count(*) FILTER (WHERE ${NOT_SELF}) > 0`;
  const rows = await store.all<FormerPartner & { person: string; partner: string }>(
    `SELECT person, partner, sum(interactions)::INTEGER AS interactions,
            strftime(max(last_at), '${ISO}') AS "lastAt"
     FROM (${side('hp', 'dp')} UNION ALL ${side('dp', 'hp')})
     GROUP BY person, partner
     QUALIFY row_number() OVER (PARTITION BY person ORDER BY sum(weight) DESC, partner) <= ${limit}
     ORDER BY person, sum(weight) DESC, partner`,
    sql.params,
  );
  for (const row of rows) {
    const list = partners.get(row.person) ?? [];
    list.push({ person: row.partner, interactions: row.interactions, lastAt: row.lastAt });
    partners.set(row.person, list);
  }
  return partners;
}
