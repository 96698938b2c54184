import { DEFAULT_IDENTITY } from '../config.ts';
import type { Store } from './database.ts';
import { sqlList } from './identity.ts';

/**
 * Merges worth a look (`helpflow identities suggest`), each with a confidence and the evidence
 * in words. Nothing is applied: a person accepts one with `helpflow identities merge`. A shared
 * display name alone is never evidence: two people may well share a name.
 */

export interface MergeSuggestion {
  /** What would move: a person (all their accounts), or one account `source:account_id`. */
  from: string;
  into: string;
  /** 0..1: how likely the two are one person. */
  confidence: number;
  evidence: string[];
  /** The command that accepts it. */
  command: string;
}

export interface SuggestOptions {
  selfDeclaredEmailSources: readonly string[];
  /** Confidence when one account's profile lists an address another person is known by. */
  listedAddress: number;
  /** Confidence when the names (of two words or more) and the teams match. */
  sameNameAndTeam: number;
  /** The same, for a one-word name (a first name, a handle): far more often shared. */
  sameWordAndTeam: number;
  /** Fewest help partners, and the share of them, that make a team someone's team. */
  teamMinPartners: number;
}

export const SUGGEST_DEFAULTS: Readonly<SuggestOptions> = {
  selfDeclaredEmailSources: DEFAULT_IDENTITY.selfDeclaredEmailSources,
  listedAddress: 0.9,
  sameNameAndTeam: 0.6,
  sameWordAndTeam: 0.4,
  teamMinPartners: 2,
};

interface Evidence {
  from: string;
  into: string;
  confidence: number;
  evidence: string;
}

export async function suggestMerges(
  store: Store,
  options: Partial<SuggestOptions> = {},
): Promise<MergeSuggestion[]> {
  const settings: SuggestOptions = { ...SUGGEST_DEFAULTS, ...options };
  const found = [
    ...(await listedAddresses(store, settings)),
    ...(await sameNameAndTeam(store, settings)),
  ];
  const refused = new Set(
    (
      await store.all<{ pair: string }>(
        `SELECT DISTINCT unnest([a.person_id, a.source || ':' || a.account_id]) || '|'
                         || c.person_before AS pair
         FROM identity_changes c JOIN accounts a USING (source, account_id)
         WHERE c.action = 'split' AND a.person_id IS NOT NULL AND c.person_before IS NOT NULL`,
      )
    ).map((row) => row.pair),
  );
  const byPair = new Map<string, MergeSuggestion>();
  for (const item of found) {
    const key = `${item.from}|${item.into}`;
    const reverse = `${item.into}|${item.from}`;
    // A split by hand said these two are different people.
    if (refused.has(key) || refused.has(reverse)) continue;
    const known = byPair.get(key) ?? byPair.get(reverse);
    if (!known) {
      byPair.set(key, {
        from: item.from,
        into: item.into,
        confidence: item.confidence,
        evidence: [item.evidence],
        command: `helpflow identities merge ${item.from} --into ${item.into}`,
      });
    } else if (!known.evidence.includes(item.evidence)) {
      // Independent pieces of evidence: the pair is one person unless every piece misleads.
      known.confidence = 1 - (1 - known.confidence) * (1 - item.confidence);
      known.evidence.push(item.evidence);
    }
  }
  return [...byPair.values()]
    .map((s) => ({ ...s, confidence: Math.round(s.confidence * 100) / 100 }))
    .sort(
      (a, b) =>
        b.confidence - a.confidence || a.into.localeCompare(b.into) || a.from.localeCompare(b.from),
    );
}

const ADDRESS = `lower(trim(coalesce(nullif(trim(email), ''),
                                      CASE WHEN account_id LIKE '%_@_%' THEN account_id END)))`;

/**
 * An account of a source whose addresses are self-declared (a GitHub profile) lists an address
 * that is an org-chart person's, or a verified account's of another person.
 */
async function listedAddresses(store: Store, settings: SuggestOptions): Promise<Evidence[]> {
  const declared = sqlList(settings.selfDeclaredEmailSources);
  const rows = await store.all<{
    from: string;
    into: string;
    account: string;
    address: string;
    whose: string;
  }>(
    `WITH addressed AS (
       SELECT source, account_id, person_id, ${ADDRESS} AS address
       FROM accounts WHERE NOT is_bot AND person_id IS NOT NULL),
     owners AS (
       SELECT lower(email) AS address, person_id, 'the org-chart e-mail of ' || person_id AS whose
       FROM people WHERE in_org_chart AND coalesce(email, '') <> ''
       UNION
       SELECT address, person_id, 'the verified address of ' || source || ':' || account_id
       FROM addressed WHERE NOT list_contains(${declared}, source) AND address IS NOT NULL)
     -- one piece of evidence per address, however many ways the other person is known by it
     -- an org-chart person keeps their other accounts: only the listing account would move
     SELECT CASE WHEN fp.in_org_chart THEN l.source || ':' || l.account_id ELSE l.person_id END
              AS "from",
            o.person_id AS "into",
            l.source || ':' || l.account_id AS account, l.address,
            string_agg(o.whose, ' and ' ORDER BY o.whose) AS whose
     FROM addressed l JOIN owners o ON o.address = l.address
     JOIN people fp ON fp.person_id = l.person_id
     WHERE list_contains(${declared}, l.source) AND o.person_id <> l.person_id
     GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((row) => ({
    from: row.from,
    into: row.into,
    confidence: settings.listedAddress,
    evidence: `${row.account}'s profile lists ${row.address}, ${row.whose}`,
  }));
}

interface NamePair {
  p: string;
  q: string;
  p_name: string;
  q_name: string;
  words: number;
  team: string;
  p_chart: boolean;
  p_team_from: string;
  q_team_from: string;
}

/**
 * Two people with the same name (ignoring case, accents, punctuation and word order) in the
 * same team, where not both come from the org chart: the org chart lists two people when there
 * are two. A person off the org chart is in a team when most of their help partners are.
 */
async function sameNameAndTeam(store: Store, settings: SuggestOptions): Promise<Evidence[]> {
  await store.run(`
    CREATE OR REPLACE TEMP TABLE suggest_names AS
    WITH names AS (
      SELECT person_id, display_name AS name FROM people
      WHERE in_org_chart AND display_name IS NOT NULL
      UNION
      SELECT person_id, display_name FROM accounts
      WHERE person_id IS NOT NULL AND NOT is_bot AND display_name IS NOT NULL),
    keyed AS (
      SELECT person_id, name,
             list_sort(string_split(trim(regexp_replace(lower(strip_accents(name)),
                                                        '[^a-z0-9]+', ' ', 'g')), ' ')) AS words
      FROM names)
    SELECT person_id, min(name) AS name, array_to_string(words, ' ') AS key, len(words) AS words
    FROM keyed WHERE words <> [''] GROUP BY ALL`);
  await store.run(`
    CREATE OR REPLACE TEMP TABLE suggest_people AS
    SELECT DISTINCT n.person_id, p.team, p.in_org_chart
    FROM suggest_names n JOIN people p USING (person_id)
    WHERE n.key IN (SELECT key FROM suggest_names GROUP BY key
                    HAVING count(DISTINCT person_id) > 1)`);
  // Help partners of the people off the org chart, in either direction, one row per pair.
  await store.run(
    `
    CREATE OR REPLACE TEMP TABLE suggest_teams AS
    WITH own AS (
      SELECT a.source, a.account_id, a.person_id FROM accounts a
      JOIN suggest_people s ON s.person_id = a.person_id AND s.team IS NULL),
    partners AS (
      SELECT o.person_id, other.person_id AS partner FROM interactions i
      JOIN own o ON o.source = i.source AND o.account_id = i.helper_account
      JOIN accounts other ON other.source = i.source AND other.account_id = i.helped_account
      UNION
      SELECT o.person_id, other.person_id FROM interactions i
      JOIN own o ON o.source = i.source AND o.account_id = i.helped_account
      JOIN accounts other ON other.source = i.source AND other.account_id = i.helper_account),
    counted AS (
      SELECT r.person_id, t.team, count(*) AS n,
             sum(count(*)) OVER (PARTITION BY r.person_id) AS known
      FROM partners r JOIN people t ON t.person_id = r.partner AND t.team IS NOT NULL
      WHERE r.partner IS DISTINCT FROM r.person_id
      GROUP BY r.person_id, t.team)
    SELECT person_id, team, n::INTEGER AS n, known::INTEGER AS known FROM counted
    WHERE n >= $1 AND n * 2 > known
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY n DESC, team) = 1`,
    [settings.teamMinPartners],
  );
  const pairs = await store.all<NamePair>(`
    WITH teamed AS (
      SELECT s.person_id, s.in_org_chart,
             coalesce(s.team, t.team) AS team,
             CASE WHEN s.team IS NOT NULL
                  THEN 'by the org chart'
                  WHEN t.n = t.known THEN 'for all ' || t.n || ' people they helped or were helped by'
                  ELSE 'for ' || t.n || ' of the ' || t.known || ' people they helped or were helped by'
             END AS team_from
      FROM suggest_people s LEFT JOIN suggest_teams t USING (person_id)
      WHERE coalesce(s.team, t.team) IS NOT NULL)
    SELECT DISTINCT ON (a.person_id, b.person_id)
           a.person_id AS p, b.person_id AS q, na.name AS p_name, nb.name AS q_name,
           na.words::INTEGER AS words, a.team, a.in_org_chart AS p_chart,
           a.team_from AS p_team_from, b.team_from AS q_team_from
    FROM suggest_names na
    JOIN suggest_names nb ON nb.key = na.key AND nb.person_id > na.person_id
    JOIN teamed a ON a.person_id = na.person_id
    JOIN teamed b ON b.person_id = nb.person_id AND b.team = a.team
    WHERE NOT (a.in_org_chart AND b.in_org_chart)
    ORDER BY a.person_id, b.person_id, na.words DESC`);
  for (const table of ['suggest_names', 'suggest_people', 'suggest_teams']) {
    await store.run(`DROP TABLE ${table}`);
  }
  return pairs.map((pair) => {
    // Into the org-chart person when there is one: that is the person the others stand for.
    const [from, into] = pair.p_chart ? [pair.q, pair.p] : [pair.p, pair.q];
    const names =
      pair.p_name === pair.q_name
        ? `both are named "${pair.p_name}"`
        : `"${pair.p_name}" and "${pair.q_name}" are the same name`;
    return {
      from,
      into,
      confidence: pair.words > 1 ? settings.sameNameAndTeam : settings.sameWordAndTeam,
      evidence:
        `${names}, and both are in team ${pair.team} ` +
        `(${pair.p} ${pair.p_team_from}, ${pair.q} ${pair.q_team_from})`,
    };
  });
}
