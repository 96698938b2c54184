import { DIRECT_MESSAGE, GROUP_DIRECT_MESSAGE } from '../../connectors/shared/direct-messages.ts';
import { DEFAULT_KIND_WEIGHTS, SOCIAL_WEIGHT } from '../config.ts';
import {
  tieRowsOf,
  type HelpNetwork,
  type RosterPerson,
  type TieRow,
  type TopicHelpRow,
} from '../analytics/model.ts';
import type { StoreReader } from './database.ts';
import { lastDayOf, peopleOn, todayUtc } from './org-chart-history.ts';
import { anyOffExactGrid, onExactGrid, steadySum, weightSum } from './steady-sum.ts';

/**
 * The SQL side of the analytics: everything is aggregated here, in DuckDB, before it reaches
 * JavaScript. Opted-out people, bots and help a person gave themselves through two of their
 * accounts never leave these queries.
 */

export interface Filters {
  /** Inclusive start, ISO 8601. */
  from?: string;
  /** Exclusive end, ISO 8601. */
  to?: string;
  /** Only people of this team, and the ties among them. */
  team?: string;
  /** Only interactions on this topic. */
  topic?: string;
  /** Only interactions from this source (`slack`, `interchange`, …). */
  source?: string;
  /** Only interactions of this kind (`reply`, `review`, …). */
  kind?: string;
  kindWeights?: Readonly<Record<string, number>>;
  /**
   * Read the raw events even where the weekly tie aggregate would give the same (tests compare
   * the two paths).
   */
  rawEvents?: boolean;
}

export interface Sql {
  /** FROM … JOIN … WHERE …, the interactions between two people as `i`, `hp`, `dp`. */
  from: string;
  params: (string | number)[];
  /** A row's weight: an event's (WEIGHT), or a weekly tie's sum of them. */
  weight: string;
  /** The aggregate that counts the interactions of the rows: count(*), or a sum of counts. */
  count: string;
}

/** Where helpEvents reads: the raw events, or the weekly tie aggregate (weekly_ties). */
export type EventTable = 'interactions' | 'weekly_ties';

const WEEK_MS = 7 * 86_400_000;
/** 1970-01-05 was a Monday. */
const A_MONDAY_MS = Date.UTC(1970, 0, 5);

/** True for an ISO 8601 instant that is a Monday 00:00 UTC. */
export function isWeekStart(time: string | undefined): boolean {
  if (time === undefined) return false;
  const ms = Date.parse(time);
  return Number.isFinite(ms) && (((ms - A_MONDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS === 0;
}

/**
 * Where a query of the filters reads its help: the weekly tie aggregate when it gives exactly
 * what the raw events would (docs/weekly-ties.md), else the raw events. That takes a window of
 * whole weeks, the default kind weights, and, where the query looks at topics (`usesTopics`,
 * or a topic filter), no interaction of the selected sources with further topics in
 * interaction_details (a question's several tags): the aggregate keeps one topic per event.
 */
export async function eventTable(
  store: StoreReader,
  filters: Filters,
  usesTopics = false,
): Promise<EventTable> {
  if (filters.rawEvents || filters.kindWeights !== undefined) return 'interactions';
  if (!isWeekStart(filters.from) || !isWeekStart(filters.to)) return 'interactions';
  if (!usesTopics && !filters.topic) return 'weekly_ties';
  return (await hasSeveralTopics(store, filters.source)) ? 'interactions' : 'weekly_ties';
}

/**
 * Whether any interaction (of `source`, else of any source) has further topics in
 * interaction_details (a question's several tags); without any, an event's topic is its one
 * `topic` column and queries need not join the details.
 */
async function hasSeveralTopics(store: StoreReader, source: string | undefined): Promise<boolean> {
  const tagged = await store.one(
    `SELECT 1 FROM interaction_details WHERE topics IS NOT NULL
     ${source === undefined ? '' : 'AND source = $1'} LIMIT 1`,
    source === undefined ? [] : [source],
  );
  return tagged !== undefined;
}

/**
 * True for help between two different people. Use it only in an aggregate's FILTER or a HAVING,
 * never in WHERE: any predicate on both `hp` and `dp` lets DuckDB's join planner join the two
 * sides to each other first (every account with every account of the same source, 10^8 rows
 * for 10,000 people), which turns a 0.9 s aggregation into a minute.
 */
export const NOT_SELF = 'hp.person_id <> dp.person_id';

/** Accounts of people who did not opt out, with their person and their team on `day`. */
function peopleAccounts(day: string): string {
  return `(SELECT a.source, a.account_id, p.person_id, p.team
  FROM accounts a JOIN ${peopleOn(day)} p ON p.person_id = a.person_id WHERE NOT p.opted_out)`;
}

/**
 * The day whose org chart a query reads, as SQL: the last day of its window (the team and
 * manager in force then: a later reorg changes no earlier window), else today.
 */
function chartDay(filters: Pick<Filters, 'to'>, bind: (value: string) => string): string {
  return `${bind(filters.to ? lastDayOf(filters.to) : todayUtc())}::DATE`;
}

/** Binds a value as the next positional parameter and returns its placeholder. */
function binder(params: (string | number)[]) {
  return (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * The interactions that pass the filters, joined to their helper (`hp`) and helped (`dp`) from
 * `accounts` (by default PEOPLE_ACCOUNTS); help a person gave themselves through two accounts is
 * still in: see NOT_SELF.
 */
export function helpEvents(
  filters: Filters,
  params: (string | number)[] = [],
  given?: string,
  joins = '',
  table: EventTable = 'interactions',
): Sql {
  const where = ['true'];
  const bind = binder(params);
  const accounts = given ?? peopleAccounts(chartDay(filters, bind));
  if (table === 'weekly_ties') {
    // Only whole weeks come here (eventTable): the week of `from` is its first, `to` is past it.
    if (filters.from) where.push(`i.week >= ${bind(filters.from.slice(0, 10))}::DATE`);
    if (filters.to) where.push(`i.week < ${bind(filters.to.slice(0, 10))}::DATE`);
    if (filters.topic) where.push(`i.topic = ${bind(filters.topic)}`);
  } else {
    if (filters.from) where.push(`i.occurred_at >= ${bind(filters.from)}::TIMESTAMPTZ`);
    if (filters.to) where.push(`i.occurred_at < ${bind(filters.to)}::TIMESTAMPTZ`);
  }
  if (filters.topic && table === 'interactions') {
    // Any of its topics: an answer on a question tagged go and sql is help on either.
    const topic = bind(filters.topic);
    where.push(`(i.topic = ${topic} OR EXISTS (SELECT 1 FROM interaction_details d
      WHERE d.source = i.source AND d.source_id = i.source_id AND list_contains(d.topics, ${topic})))`);
  }
  if (filters.source) where.push(`i.source = ${bind(filters.source)}`);
  if (filters.kind) where.push(`i.kind = ${bind(filters.kind)}`);
  if (filters.team) {
    const team = bind(filters.team);
    where.push(`hp.team = ${team}`, `dp.team = ${team}`);
  }
  const weekly = table === 'weekly_ties';
  return {
    from: `FROM ${table} i
      JOIN ${accounts} hp ON hp.source = i.source AND hp.account_id = i.helper_account
      JOIN ${accounts} dp ON dp.source = i.source AND dp.account_id = i.helped_account
      ${weekly ? '' : `LEFT JOIN ${kindWeightTable(filters.kindWeights ?? DEFAULT_KIND_WEIGHTS)} ON kw.kind = i.kind`}
      ${joins}
      WHERE ${where.join(' AND ')}`,
    params,
    // A weekly tie's weight is already the sum of its events' WEIGHT (sql/weekly-ties.sql).
    weight: weekly ? 'i.weight' : WEIGHT,
    count: weekly ? 'sum(i.interactions)' : 'count(*)',
  };
}

/** The interaction's details (`d`), if its connector recorded any: joined where topics count. */
const DETAILS =
  'LEFT JOIN interaction_details d ON d.source = i.source AND d.source_id = i.source_id';

/** Every topic of an interaction (with DETAILS joined): its tags, else its one topic. */
const TOPICS = 'coalesce(d.topics, [i.topic])';

/** True when one of the interaction's topics (with DETAILS joined) is `search`, lower-cased. */
function topicIs(search: string): string {
  return `(lower(trim(i.topic)) = ${search}
    OR list_contains(list_transform(d.topics, t -> lower(trim(t))), ${search}))`;
}

/** An interaction counts its own weight, else its kind's weight, else 1. */
export const WEIGHT = 'COALESCE(i.weight, kw.weight, 1)';

function kindWeightTable(weights: Readonly<Record<string, number>>): string {
  const rows = Object.entries(weights).filter(([, weight]) => Number.isFinite(weight));
  if (rows.length === 0) return '(SELECT NULL::VARCHAR AS kind, NULL::DOUBLE AS weight) AS kw';
  const values = rows.map(([kind, weight]) => `('${kind.replaceAll("'", "''")}', ${weight})`);
  return `(VALUES ${values.join(', ')}) AS kw(kind, weight)`;
}

/**
 * The help network of the filters: the roster (as readRoster reads it, unless `roster` is given:
 * a read already under way) and the interactions aggregated per (helper, helped) person, in that
 * order, as typed columns that name people by their roster position. The positions are numbered
 * in SQL, over the same people in the same order as readRoster, so no person id crosses into
 * JavaScript per tie, and the two reads run at the same time.
 */
export async function readHelpNetwork(
  store: StoreReader,
  filters: Filters = {},
  roster: Promise<readonly RosterPerson[]> = readRoster(store, {
    team: filters.team,
    to: filters.to,
  }),
): Promise<HelpNetwork> {
  const params: (string | number)[] = [];
  const bind = binder(params);
  const inForce = peopleOn(chartDay(filters, bind));
  const team = filters.team ? `AND team = ${bind(filters.team)}` : '';
  const accounts = `(SELECT a.source, a.account_id, r.person_id, r.team, r.position
    FROM accounts a JOIN (
      SELECT person_id, team, (row_number() OVER (ORDER BY person_id) - 1)::INTEGER AS position
      FROM ${inForce} WHERE NOT opted_out ${team}) r ON r.person_id = a.person_id)`;
  const table = await eventTable(store, filters);
  const sql = helpEvents(filters, params, accounts, '', table);
  // NOT_SELF on the positions: the same people, cheaper to compare.
  const notSelf = 'hp.position <> dp.position';
  // steadySum costs this read, the hottest, a quarter more CPU (M benchmark, two threads: 0.57 s
  // a read → 0.72 s): only where a plain sum could vary (weightsAddExactly: 1–6 ms on M).
  const weight = weightSum(sql.weight, notSelf, await weightsAddExactly(store, filters, table));
  const [people, ties] = await Promise.all([
    roster,
    store.columns(
      `SELECT hp.position AS helper, dp.position AS helped,
              (${weight})::DOUBLE AS weight,
              (${sql.count} FILTER (WHERE ${notSelf}))::INTEGER AS interactions
       ${sql.from}
       GROUP BY hp.position, dp.position
       HAVING count(*) FILTER (WHERE ${notSelf}) > 0
       ORDER BY helper, helped`,
      sql.params,
      { helper: 'INTEGER', helped: 'INTEGER', weight: 'DOUBLE', interactions: 'INTEGER' },
    ),
  ]);
  let last = -1;
  for (let k = 0; k < ties.helped.length; k++)
    last = Math.max(last, ties.helper[k]!, ties.helped[k]!);
  // Only an import landing between the two reads can do this.
  if (last >= people.length) {
    throw new Error('readHelpNetwork: the roster changed while the ties were read; try again');
  }
  return { people, ...ties };
}

/**
 * True when the weights a read of `table` adds up are all on onExactGrid's grid, so that a plain
 * sum() gives the same bits in any order: the kind weights in force, and the weights the table
 * holds (an event's own; a weekly tie's sum, or one imported with `import weekly-ties`).
 */
export async function weightsAddExactly(
  store: StoreReader,
  filters: Pick<Filters, 'kindWeights'>,
  table: EventTable,
): Promise<boolean> {
  if (!Object.values(filters.kindWeights ?? DEFAULT_KIND_WEIGHTS).every(onExactGrid)) return false;
  const row = await store.one<{ off: boolean }>(anyOffExactGrid(table));
  return !row!.off;
}

/**
 * Ties as rows: the interactions aggregated per (helper, helped) person, heaviest first, then by
 * helper and helped (the order of the CSV export).
 */
export async function readTies(store: StoreReader, filters: Filters = {}): Promise<TieRow[]> {
  return [...tieRowsOf(await readHelpNetwork(store, filters))];
}

/**
 * Everyone who is not opted out (of one team, with `team`), with their accounts, and their team,
 * manager and title as the org chart had them on the last day before `to` (else today);
 * `leftAt` is the day they left when that is on or before it.
 */
export async function readRoster(
  store: StoreReader,
  filters: Pick<Filters, 'team' | 'to'> = {},
): Promise<RosterPerson[]> {
  const params: string[] = [];
  const bind = binder(params);
  const people = peopleOn(chartDay(filters, bind));
  let where = 'NOT p.opted_out';
  if (filters.team) where += ` AND p.team = ${bind(filters.team)}`;
  // The accounts as plain rows, grouped here: a list per person built in SQL and converted row
  // by row took twice as long for XL's 50,000 people (0.9–1.25 s against 0.5–0.65 s).
  const [rows, accounts] = await Promise.all([
    store.all<Omit<RosterPerson, 'accounts'>>(
      `SELECT p.person_id AS person, p.display_name AS name, p.team, p.manager_id AS manager,
              p.title, strftime(p.joined_at, '%Y-%m-%d') AS "joinedAt",
              strftime(p.left_at, '%Y-%m-%d') AS "leftAt"
       FROM ${people} p WHERE ${where} ORDER BY p.person_id`,
      params,
    ),
    store.all<{ person: string; account: string }>(
      `SELECT person_id AS person, source || ':' || account_id AS account
       FROM accounts ORDER BY person_id, source, account_id`,
    ),
  ]);
  const byPerson = new Map<string, string[]>();
  for (const { person, account } of accounts) {
    const list = byPerson.get(person);
    if (list) list.push(account);
    else byPerson.set(person, [account]);
  }
  return rows.map((row) => ({ ...row, accounts: byPerson.get(row.person) ?? [] }));
}

/** The sources whose help came as weekly ties computed elsewhere (`import weekly-ties`). */
export async function readImportedWeeklySources(store: StoreReader): Promise<string[]> {
  const rows = await store.all<{ source: string }>(
    'SELECT DISTINCT source FROM weekly_ties WHERE import_id IS NOT NULL ORDER BY source',
  );
  return rows.map((row) => row.source);
}

/**
 * The times of the oldest and the newest interaction (of one source, with `source`), ISO 8601,
 * or null when there is none.
 */
export async function readTimeRange(
  store: StoreReader,
  source?: string,
): Promise<{ oldest: string; newest: string } | null> {
  const row = await store.one<{ oldest: string | null; newest: string | null }>(
    `SELECT strftime(min(occurred_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS oldest,
            strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS newest
     FROM interactions ${source === undefined ? '' : 'WHERE source = $1'}`,
    source === undefined ? [] : [source],
  );
  return row?.oldest && row.newest ? { oldest: row.oldest, newest: row.newest } : null;
}

/**
 * A version of the data that changes whenever an import succeeds, someone opts out or back
 * in, or accounts are merged or split by hand: cached graphs and results are keyed by it.
 */
export async function readDataVersion(store: StoreReader): Promise<string> {
  const row = await store.one<{ version: string }>(
    `SELECT (SELECT coalesce(max(import_id), 0) FROM imports WHERE status = 'succeeded')::VARCHAR
            || '.' || (SELECT coalesce(bit_xor(hash(person_id)), 0) FROM people WHERE opted_out)::VARCHAR
            || '.' || (SELECT coalesce(max(change_id), 0) FROM identity_changes)::VARCHAR
            -- rows deleted by retention or erasure (server/store/data-epoch.ts)
            || '.' || coalesce((SELECT value FROM settings WHERE key = 'data_epoch'), '0')
            AS version`,
  );
  return row!.version;
}

/**
 * True when data version `newer` differs from `older` only by imports: no opt-out, merge or
 * split, and no deletion (retention, erasure) came between them. See readDataVersion.
 */
export function onlyImportsSince(older: string, newer: string): boolean {
  const rest = (version: string) => version.slice(version.indexOf('.'));
  return older.includes('.') && rest(older) === rest(newer);
}

/** Help given per person and label (a topic, a context), weighted. */
type LabelWeights = Record<string, Record<string, number>>;

/** Help given per person and topic (weighted), for what each community draws on. */
export function readTopicWeights(store: StoreReader, filters: Filters = {}): Promise<LabelWeights> {
  return readLabelWeights(store, filters, 'topic');
}

/**
 * Help given per person and context (weighted), to name communities whose help has no topics.
 * Direct messages are left out: where help happened privately says nothing a group shares.
 */
export function readContextWeights(
  store: StoreReader,
  filters: Filters = {},
): Promise<LabelWeights> {
  return readLabelWeights(store, filters, 'context');
}

/**
 * The topic and the context weights of the filters (readTopicWeights, readContextWeights) as the
 * communities report names its communities with both: where the two would read the same table
 * and no event has several topics, from one scan of the window's events and its two joins to the
 * people, grouped both ways at once (on XL's 90 days, 1.8 M events, one scan instead of two).
 * Each grouping set takes exactly the rows its own query would, so the sums are the same.
 */
export async function readTopicAndContextWeights(
  store: StoreReader,
  filters: Filters = {},
): Promise<{ topic: LabelWeights; context: LabelWeights }> {
  const [topicTable, contextTable] = await Promise.all([
    eventTable(store, filters, true),
    eventTable(store, filters),
  ]);
  if (
    topicTable !== contextTable ||
    (topicTable === 'interactions' && (await hasSeveralTopics(store, filters.source)))
  ) {
    const [topic, context] = await Promise.all([
      readTopicWeights(store, filters),
      readContextWeights(store, filters),
    ]);
    return { topic, context };
  }
  const sql = helpEvents(filters, [], undefined, '', topicTable);
  const dm = `$${sql.params.push(DIRECT_MESSAGE)}, $${sql.params.push(GROUP_DIRECT_MESSAGE)}`;
  const exact = await weightsAddExactly(store, filters, topicTable);
  const rows = await store.all<{ topics: boolean; person: string; label: string; weight: number }>(
    `SELECT GROUPING(i.context) = 1 AS topics, hp.person_id AS person,
            coalesce(i.topic, i.context) AS label,
            ${weightSum(sql.weight, NOT_SELF, exact)}::DOUBLE AS weight
     ${sql.from} AND (i.topic IS NOT NULL OR (i.context IS NOT NULL AND i.context NOT IN (${dm})))
     GROUP BY GROUPING SETS ((hp.person_id, i.topic), (hp.person_id, i.context))
     HAVING (GROUPING(i.context) = 1 AND i.topic IS NOT NULL
             OR GROUPING(i.topic) = 1 AND i.context IS NOT NULL AND i.context NOT IN (${dm}))
        AND count(*) FILTER (WHERE ${NOT_SELF}) > 0
     ORDER BY topics, person, label`,
    sql.params,
  );
  // In a fixed order: the community names add these up in the order of the keys.
  const weights = { topic: {} as LabelWeights, context: {} as LabelWeights };
  for (const { topics, person, label, weight } of rows) {
    ((topics ? weights.topic : weights.context)[person] ??= {})[label] = weight;
  }
  return weights;
}

async function readLabelWeights(
  store: StoreReader,
  filters: Filters,
  column: 'topic' | 'context',
): Promise<LabelWeights> {
  const table = await eventTable(store, filters, column === 'topic');
  // The weekly ties hold one topic per event: eventTable chose them only where that is all. On
  // the raw events, the details are joined only where some event has several topics: for XL's
  // 90 days (1.8 M events, none tagged) the join and the unnest took 3.2 s of CPU, the plain
  // aggregate 1.8 s.
  const details =
    column === 'topic' &&
    table === 'interactions' &&
    (await hasSeveralTopics(store, filters.source));
  const sql = helpEvents(filters, [], undefined, details ? DETAILS : '', table);
  const dm = () => `$${sql.params.push(DIRECT_MESSAGE)}, $${sql.params.push(GROUP_DIRECT_MESSAGE)}`;
  // A topic is each of an interaction's topics, weighing its share (with one topic: all of
  // it); a context is its own.
  const exact = await weightsAddExactly(store, filters, table);
  const own = (where: string) =>
    `SELECT hp.person_id AS person, i.${column} AS label,
            ${weightSum(sql.weight, NOT_SELF, exact)}::DOUBLE AS weight
     ${sql.from} AND ${where}
     GROUP BY ALL HAVING count(*) FILTER (WHERE ${NOT_SELF}) > 0
     ORDER BY person, label`;
  const query =
    column === 'context'
      ? own(`i.context IS NOT NULL AND i.context NOT IN (${dm()})`)
      : !details
        ? own('i.topic IS NOT NULL')
        : `SELECT person, label, ${steadySum('weight / n', 'not_self')}::DOUBLE AS weight
           FROM (SELECT hp.person_id AS person, unnest(${TOPICS}) AS label, len(${TOPICS}) AS n,
                        ${sql.weight} AS weight, ${NOT_SELF} AS not_self
                 ${sql.from} AND i.topic IS NOT NULL)
           GROUP BY ALL HAVING count(*) FILTER (WHERE not_self) > 0
           ORDER BY person, label`;
  const rows = await store.all<{ person: string; label: string; weight: number }>(
    query,
    sql.params,
  );
  // In a fixed order: the community names add these up in the order of the keys.
  const weights: LabelWeights = {};
  for (const { person, label, weight } of rows) (weights[person] ??= {})[label] = weight;
  return weights;
}

/**
 * Each person's main context: where most of the help they gave and received happened (weighted;
 * the first by name on a tie), for flows between contexts. Direct messages are left out, as they
 * are no shared place; people with help only there, or none, are absent.
 */
export async function readMainContexts(
  store: StoreReader,
  filters: Filters = {},
): Promise<Map<string, string>> {
  const table = await eventTable(store, filters);
  const sql = helpEvents(filters, [], undefined, '', table);
  const exact = await weightsAddExactly(store, filters, table);
  const dm = `$${sql.params.push(DIRECT_MESSAGE)}, $${sql.params.push(GROUP_DIRECT_MESSAGE)}`;
  const rows = await store.all<{ person: string; context: string }>(
    `WITH pairs AS (
       SELECT hp.person_id AS helper, dp.person_id AS helped, i.context,
              ${weightSum(sql.weight, NOT_SELF, exact)}::DOUBLE AS weight
       ${sql.from} AND i.context IS NOT NULL AND i.context NOT IN (${dm})
       GROUP BY ALL HAVING count(*) FILTER (WHERE ${NOT_SELF}) > 0),
     sides AS (
       SELECT helper AS person, context, weight FROM pairs
       UNION ALL SELECT helped, context, weight FROM pairs)
     SELECT person, context FROM (
       SELECT person, context, row_number() OVER (
                PARTITION BY person ORDER BY ${weightSum('weight', undefined, exact)} DESC, context) AS rank
       FROM sides GROUP BY person, context)
     WHERE rank = 1`,
    sql.params,
  );
  return new Map(rows.map((row) => [row.person, row.context]));
}

/**
 * Help per (topic, context, helper, helped, kind) with recency weights, for the expert finder.
 * Help in a social context (`socialContexts`, matched without case or a leading #) counts
 * `socialWeight` of its weight: `credit` says what one of the row's interactions counts for.
 */
export async function readTopicHelp(
  store: StoreReader,
  filters: Filters & {
    asOf: string;
    halfLifeDays: number;
    search?: string;
    socialContexts?: readonly string[];
    socialWeight?: number;
  },
): Promise<TopicHelpRow[]> {
  const params: (string | number)[] = [filters.asOf, filters.halfLifeDays];
  const sql = helpEvents(filters, params, undefined, DETAILS);
  if (filters.search !== undefined) {
    // The rows the expert ranking would pick anyway (analytics/experts.ts): those of a topic
    // named exactly so, when there are any, else those whose topic or context contains it.
    const text = filters.search.trim().toLowerCase();
    const probe = helpEvents(filters, [], undefined, DETAILS);
    const probeText = `$${probe.params.push(text)}`;
    const found = await store.one<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 ${probe.from}
         AND ${topicIs(probeText)}) AS found`,
      probe.params,
    );
    const search = `$${params.push(text)}`;
    sql.from += found!.found
      ? ` AND ${topicIs(search)}`
      : ` AND (contains(lower(i.topic), ${search}) OR contains(lower(i.context), ${search})
            OR len(list_filter(d.topics, t -> contains(lower(t), ${search}))) > 0)`;
  }
  const social = filters.socialContexts ?? [];
  const socialFactor =
    social.length === 0
      ? '1.0'
      : `CASE WHEN lower(ltrim(i.context, '#')) IN (${social
          .map((name) => `$${params.push(name.toLowerCase())}`)
          .join(
            ', ',
          )}) THEN $${params.push(filters.socialWeight ?? SOCIAL_WEIGHT)}::DOUBLE ELSE 1.0 END`;
  const onlyTopic = filters.topic ? `WHERE topic = $${params.push(filters.topic)}` : '';
  // Per interaction: its topics (each takes a share), and its place among its helper's replies
  // in the same thread (the n-th counts 0.5^(n − 1), so one person's many replies in a thread
  // add up to less than twice one).
  return store.all<TopicHelpRow>(
    `WITH events AS (
       SELECT i.topic, i.context, hp.person_id AS helper, dp.person_id AS helped, i.kind,
              i.occurred_at, ${NOT_SELF} AS not_self, ${TOPICS} AS topics,
              ${socialFactor} / len(${TOPICS}) *
                CASE WHEN d.thread IS NULL THEN 1.0 ELSE pow(0.5, row_number() OVER (
                  PARTITION BY i.source, d.thread, hp.person_id
                  ORDER BY i.occurred_at, i.source_id) - 1) END AS credit
       ${sql.from})
     SELECT topic, context, helper, helped, kind,
            count(*)::INTEGER AS interactions,
            strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%SZ') AS "lastAt",
            max(credit)::DOUBLE AS credit,
            ${steadySum('recency')}::DOUBLE AS "recencyWeight"
     FROM (SELECT unnest(topics) AS topic, * EXCLUDE (topic, topics),
                  credit * pow(0.5, greatest(0, epoch($1::TIMESTAMPTZ) - epoch(occurred_at))
                    / 86400.0 / $2) AS recency
           FROM events)
     ${onlyTopic}
     GROUP BY ALL
     -- a group is one pair of people, so it is all self-help or none
     HAVING count(*) FILTER (WHERE not_self) > 0
     ORDER BY ALL`,
    sql.params,
  );
}

/**
 * The known topics nearest to a search that matched nothing, by Jaro-Winkler similarity (kind
 * to prefixes and typos), most similar first, at most `limit`: every topic of an interaction
 * counts, its question's further tags too.
 */
export async function readNearestTopics(
  store: StoreReader,
  filters: Filters & { search: string },
  limit = 5,
): Promise<string[]> {
  const sql = helpEvents(filters, [], undefined, DETAILS);
  const search = `$${sql.params.push(filters.search.trim().toLowerCase())}`;
  const rows = await store.all<{ name: string }>(
    `WITH names AS (SELECT DISTINCT unnest(${TOPICS}) AS name ${sql.from})
     SELECT name FROM names
     WHERE name IS NOT NULL AND jaro_winkler_similarity(lower(name), ${search}) >= 0.7
     ORDER BY jaro_winkler_similarity(lower(name), ${search}) DESC, name
     LIMIT ${Math.max(0, Math.floor(limit))}`,
    sql.params,
  );
  return rows.map((row) => row.name);
}

export interface WeeklyTrendRow {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  /** The team, or null for the whole organisation. */
  team: string | null;
  /** People of the team (or organisation) on the roster. */
  people: number;
  /** Distinct people who helped someone that week. */
  activeHelpers: number;
  /** Distinct helper → helped pairs touching the team that week. */
  ties: number;
  /** People of the team with no tie at all that week. */
  isolated: number;
  /** Share of those ties that cross team lines (null when there are none). */
  crossTeamShare: number | null;
}

/**
 * The Monday (UTC) of an interaction's week, in microseconds since 1970: date_trunc('week', …) on
 * a TIMESTAMPTZ goes through the time zone library and costs more than the grouping it feeds.
 * 1970-01-01 was a Thursday, hence the 3 days; the double modulo keeps earlier times right.
 */
const WEEK_US = 7 * 86_400_000_000;
const WEEK = `epoch_us(i.occurred_at) - ((epoch_us(i.occurred_at) + ${3 * 86_400_000_000}) % ${WEEK_US} + ${WEEK_US}) % ${WEEK_US}`;

/**
 * Weekly series per team and for the whole organisation (`team` null). The distinct pairs of a
 * week are the one large intermediate (2.8 M on the largest benchmark), so people and teams go
 * through it as integers and the weeks as numbers, formatted only at the end; everything
 * after it is counted from three small tables (pairs per team × team, distinct helpers, distinct
 * connected people), not from each pair twice with DISTINCT counts.
 */
export async function readWeeklyTrends(
  store: StoreReader,
  filters: Filters = {},
  /** Groups whose people are left out as if absent (teams, or `noTeam` for those without). */
  without: readonly string[] = [],
  noTeam = '(no team)',
): Promise<WeeklyTrendRow[]> {
  const accounts = `(SELECT a.source, a.account_id, r.position, r.team_number
    FROM accounts a JOIN roster r ON r.person_id = a.person_id)`;
  const table = await eventTable(store, filters);
  const sql = helpEvents({ ...filters, team: undefined }, [], accounts, '', table);
  // A weekly tie's week is its Monday already.
  const week = table === 'weekly_ties' ? 'epoch_us(i.week::TIMESTAMP)' : WEEK;
  // Every week counts each person in the team they had at the end of the range.
  const people = peopleOn(chartDay(filters, binder(sql.params)));
  const teamFilter = filters.team ? `WHERE team = $${sql.params.push(filters.team)}` : '';
  const left = without.map((group) => `$${sql.params.push(group)}`);
  const absent = left.length
    ? `AND coalesce(team, $${sql.params.push(noTeam)}) NOT IN (${left.join(', ')})`
    : '';
  return store.all<WeeklyTrendRow>(
    `WITH roster AS MATERIALIZED (
       SELECT person_id, team, row_number() OVER (ORDER BY person_id)::INTEGER AS position,
              CASE WHEN team IS NOT NULL THEN dense_rank() OVER (ORDER BY team) END::INTEGER
                AS team_number
       FROM ${people} WHERE NOT opted_out ${absent}),
     pairs AS MATERIALIZED (
       SELECT ${week} AS week, hp.position AS helper,
              dp.position AS helped, hp.team_number AS helper_team, dp.team_number AS helped_team
       ${sql.from}
       GROUP BY ALL HAVING count(*) FILTER (WHERE hp.position <> dp.position) > 0),
     weeks AS (SELECT DISTINCT week FROM pairs),
     team_pairs AS (
       SELECT week, helper_team, helped_team,
              helper_team IS DISTINCT FROM helped_team AS crosses, count(*) AS n
       FROM pairs GROUP BY ALL),
     -- A team's ties are those of its helpers, and those into it from other teams.
     tie_counts AS (
       SELECT week, team, false AS whole, sum(n) AS ties,
              sum(n) FILTER (WHERE crosses) AS crossing FROM (
         SELECT week, helper_team AS team, n, crosses FROM team_pairs
         UNION ALL
         SELECT week, helped_team, n, crosses FROM team_pairs WHERE crosses)
       GROUP BY week, team
       UNION ALL
       SELECT week, NULL, true, sum(n), sum(n) FILTER (WHERE crosses)
       FROM team_pairs GROUP BY week),
     helpers AS (SELECT DISTINCT week, helper AS person, helper_team AS team FROM pairs),
     connected AS (
       SELECT week, helper AS person, helper_team AS team FROM pairs
       UNION
       SELECT week, helped, helped_team FROM pairs),
     helper_counts AS (
       SELECT week, team, GROUPING(team) = 1 AS whole, count(*) AS active
       FROM helpers GROUP BY GROUPING SETS ((week, team), (week))),
     connected_counts AS (
       SELECT week, team, GROUPING(team) = 1 AS whole, count(*) AS connected
       FROM connected GROUP BY GROUPING SETS ((week, team), (week))),
     sizes AS (
       SELECT team, any_value(team_number) AS team_number, count(*)::INTEGER AS people
       FROM roster GROUP BY team),
     grid AS (
       SELECT w.week, s.team, s.team_number, s.people, false AS whole
       FROM weeks w, sizes s WHERE s.team IS NOT NULL
       UNION ALL
       SELECT w.week, NULL, NULL, (SELECT count(*)::INTEGER FROM roster), true FROM weeks w)
     SELECT * FROM (
       SELECT strftime(make_timestamp(g.week), '%Y-%m-%d') AS week, g.team, g.people,
              coalesce(h.active, 0)::INTEGER AS "activeHelpers",
              coalesce(t.ties, 0)::INTEGER AS ties,
              (g.people - coalesce(c.connected, 0))::INTEGER AS isolated,
              CASE WHEN coalesce(t.ties, 0) = 0 THEN NULL
                   ELSE coalesce(t.crossing, 0)::DOUBLE / t.ties END AS "crossTeamShare"
       FROM grid g
       LEFT JOIN tie_counts t
         ON t.week = g.week AND t.whole = g.whole AND (g.whole OR t.team = g.team_number)
       LEFT JOIN helper_counts h
         ON h.week = g.week AND h.whole = g.whole AND (g.whole OR h.team = g.team_number)
       LEFT JOIN connected_counts c
         ON c.week = g.week AND c.whole = g.whole AND (g.whole OR c.team = g.team_number))
     ${teamFilter}
     ORDER BY week, team NULLS FIRST`,
    sql.params,
  );
}
