import { DEFAULT_IDENTITY, type IdentityOptions } from '../config.ts';
import type { Store } from './database.ts';

/** GitHub's own addresses for a login, `12345+login@…` or `login@…`: they name the account. */
const NOREPLY = String.raw`^(?:[0-9]+\+)?([a-z0-9][a-z0-9-]*)@users\.noreply\.github\.com$`;

/** A list of strings as a SQL literal (an empty one too, which `IN ()` cannot say). */
export function sqlList(values: readonly string[]): string {
  return `[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]::VARCHAR[]`;
}

/** The source id of GitHub accounts, whose account ids are logins. */
export const GITHUB_SOURCE = 'github';

/**
 * Links every account to a person. First by the account's own evidence, in this order:
 * 1. an alias, from the aliases file or a merge by hand (`helpflow identities merge`);
 * 2. a verified e-mail address (see IdentityOptions) that is an org-chart person's, ignoring case;
 * 3. for the interchange source, whose accounts are person references, the person id itself.
 * Then accounts without such evidence follow the others of their group: accounts sharing a
 * verified address, and a GitHub login with the accounts whose address is that login's noreply
 * address. A group nobody vouches for is one made-up person: the one its accounts already had
 * (the oldest, when they had several), so a person's id never changes as sources are added in
 * any order; else `source:account` of its first account (for example `email:ana@example.com`).
 * A made-up person is removed once no account points at it, handing on its opt-out (handOn).
 * Accounts split off by hand stay on their own. Bots belong to no person. Interactions point at
 * accounts, so relinking never rewrites them.
 */
export async function relinkAccounts(
  store: Store,
  options: Partial<IdentityOptions> = {},
): Promise<void> {
  const { selfDeclaredEmailSources } = { ...DEFAULT_IDENTITY, ...options };
  const declared = sqlList(selfDeclaredEmailSources);
  await store.run(`
    CREATE OR REPLACE TEMP TABLE identity_base AS
    WITH addressed AS (
      SELECT *, lower(trim(coalesce(nullif(trim(email), ''),
                                    CASE WHEN account_id LIKE '%_@_%' THEN account_id END))) AS address
      FROM accounts)
    SELECT a.source, a.account_id, a.is_bot, a.address,
           -- the person the account has now, kept by its group when it was made up for it
           CASE WHEN a.linked_by IS NULL OR list_contains(${sqlList(AUTOMATIC)}, a.linked_by)
                THEN a.person_id END AS held,
           d.account_id IS NOT NULL AS detached,
           NOT list_contains(${declared}, a.source) AS verified,
           nullif(regexp_extract(a.address, '${NOREPLY}', 1), '') AS noreply_login,
           -- join keys of their own: a constant in a LEFT JOIN's condition makes DuckDB loop
           CASE WHEN a.source = '${GITHUB_SOURCE}' THEN lower(a.account_id) END AS login,
           CASE WHEN a.source = 'interchange' THEN a.account_id END AS person_ref,
           al.person_id AS alias_person,
           m.change_id IS NOT NULL AS by_merge
    FROM addressed a
    LEFT JOIN aliases al ON al.source = a.source AND al.account_id = a.account_id
    LEFT JOIN detached_accounts d ON d.source = a.source AND d.account_id = a.account_id
    LEFT JOIN (SELECT source, account_id, person_after, max(change_id) AS change_id
               FROM identity_changes WHERE action = 'merge' AND undone_by IS NULL
               GROUP BY ALL) m
           ON m.source = a.source AND m.account_id = a.account_id
          AND m.person_after = al.person_id`);
  // A GitHub login's group is its own verified address, when it has one, else the login.
  await store.run(`
    CREATE OR REPLACE TEMP TABLE identity_logins AS
    SELECT lower(account_id) AS login,
           min(CASE WHEN verified AND address IS NOT NULL AND noreply_login IS NULL
                    THEN 'addr:' || address ELSE 'gh:' || lower(account_id) END) AS group_key
    FROM identity_base
    WHERE source = '${GITHUB_SOURCE}' AND NOT is_bot AND NOT detached
    GROUP BY 1`);
  await store.run(`
    CREATE OR REPLACE TEMP TABLE identity_keyed AS
    SELECT b.* EXCLUDE (login, person_ref),
           CASE WHEN b.is_bot OR b.detached THEN NULL
                WHEN b.source = '${GITHUB_SOURCE}' THEN own.group_key
                WHEN b.noreply_login IS NOT NULL THEN coalesce(nr.group_key, 'gh:' || b.noreply_login)
                WHEN b.verified AND b.address IS NOT NULL THEN 'addr:' || b.address
           END AS group_key,
           CASE WHEN b.is_bot THEN NULL
                WHEN b.alias_person IS NOT NULL THEN b.alias_person
                WHEN b.detached THEN NULL
                WHEN b.verified AND by_email.person_id IS NOT NULL THEN by_email.person_id
                WHEN by_id.person_id IS NOT NULL THEN by_id.person_id
           END AS anchor,
           CASE WHEN b.is_bot THEN NULL
                WHEN b.alias_person IS NOT NULL THEN CASE WHEN b.by_merge THEN 'merge' ELSE 'alias' END
                WHEN b.detached THEN NULL
                WHEN b.verified AND by_email.person_id IS NOT NULL THEN 'email'
                WHEN by_id.person_id IS NOT NULL THEN 'person id'
           END AS anchor_rule
    FROM identity_base b
    LEFT JOIN identity_logins own ON own.login = b.login
    LEFT JOIN identity_logins nr ON nr.login = b.noreply_login
    LEFT JOIN (SELECT lower(email) AS email, min(person_id) AS person_id
               FROM people WHERE in_org_chart AND email IS NOT NULL AND email <> ''
               GROUP BY 1) by_email ON by_email.email = b.address
    LEFT JOIN (SELECT person_id FROM people WHERE in_org_chart) by_id
           ON by_id.person_id = b.person_ref`);
  // A group follows its strongest evidence (an alias before an org-chart address before a
  // person id), the first person id on a tie, so the outcome never depends on the order of rows.
  await store.run(`
    CREATE OR REPLACE TEMP TABLE identity_links AS
    WITH grouped AS (
      SELECT k.group_key,
             first(k.anchor ORDER BY CASE k.anchor_rule WHEN 'merge' THEN 1 WHEN 'alias' THEN 1
                                                        WHEN 'email' THEN 2 ELSE 3 END, k.anchor)
               FILTER (WHERE k.anchor IS NOT NULL) AS anchor,
             first(k.held ORDER BY p.created_at NULLS LAST, k.held)
               FILTER (WHERE k.held IS NOT NULL AND NOT coalesce(p.in_org_chart, true)) AS held,
             min(k.source || ':' || k.account_id) AS made_up,
             count(*) AS members
      FROM identity_keyed k LEFT JOIN people p ON p.person_id = k.held
      WHERE k.group_key IS NOT NULL GROUP BY 1),
    -- A made-up person stays with one group: the first, should two groups hold them.
    groups AS (
      SELECT * EXCLUDE (held),
             CASE WHEN row_number() OVER (PARTITION BY held ORDER BY group_key) = 1 THEN held
             END AS held
      FROM grouped)
    SELECT k.source, k.account_id,
           CASE WHEN k.is_bot THEN NULL
                ELSE coalesce(k.anchor, g.anchor, g.held, g.made_up, k.source || ':' || k.account_id)
           END AS person_id,
           CASE WHEN k.is_bot THEN NULL
                WHEN k.anchor IS NOT NULL THEN k.anchor_rule
                WHEN k.detached THEN 'split'
                WHEN g.members > 1 AND (k.noreply_login IS NOT NULL OR k.group_key LIKE 'gh:%')
                  THEN 'noreply'
                WHEN g.members > 1 THEN 'shared email'
                ELSE 'auto'
           END AS linked_by
    FROM identity_keyed k LEFT JOIN groups g USING (group_key)`);
  // Whose accounts go to whom: a person left without accounts hands on their opt-out.
  await store.run(`
    CREATE OR REPLACE TEMP TABLE identity_moves AS
    SELECT DISTINCT a.person_id AS old, l.person_id AS new
    FROM accounts a JOIN identity_links l USING (source, account_id)
    WHERE a.person_id IS NOT NULL AND l.person_id IS NOT NULL AND a.person_id <> l.person_id`);
  await store.run(`
    UPDATE accounts SET person_id = l.person_id, linked_by = l.linked_by
    FROM identity_links l
    WHERE accounts.source = l.source AND accounts.account_id = l.account_id
      AND (accounts.person_id IS DISTINCT FROM l.person_id
           OR accounts.linked_by IS DISTINCT FROM l.linked_by)`);
  await store.run(`
    INSERT INTO people (person_id, display_name, email, in_org_chart, created_at)
    SELECT a.person_id, min(COALESCE(a.display_name, a.account_id)), min(a.email), false, now()
    FROM accounts a
    WHERE a.person_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM people p WHERE p.person_id = a.person_id)
    GROUP BY a.person_id`);
  await handOn(store);
  const absorbed = await moveAliasesOfAbsorbed(store);
  await store.run(`
    DELETE FROM people p
    WHERE NOT p.in_org_chart
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.person_id)`);
  for (const table of [
    'identity_moves',
    'identity_links',
    'identity_keyed',
    'identity_logins',
    'identity_base',
  ]) {
    await store.run(`DROP TABLE ${table}`);
  }
  // The accounts merged into an absorbed person follow their aliases: once, as nothing else moves.
  if (absorbed) await relinkAccounts(store, options);
}

/**
 * A made-up person whose own accounts all went to another person keeps only accounts merged
 * into them by hand (aliases): those merges now name the person they became, so one person does
 * not stay two. True when an alias moved (the accounts are then linked again).
 */
async function moveAliasesOfAbsorbed(store: Store): Promise<boolean> {
  const absorbed = `(SELECT m.old, min(m.new) AS new
    FROM identity_moves m JOIN people p ON p.person_id = m.old
    WHERE NOT p.in_org_chart
      AND EXISTS (SELECT 1 FROM aliases al WHERE al.person_id = m.old)
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.old
                      AND NOT list_contains(['alias', 'merge'], a.linked_by))
    GROUP BY m.old)`;
  const any = await store.one(`SELECT 1 FROM ${absorbed} LIMIT 1`);
  if (!any) return false;
  // A merge still names the person its account is with, so a split can undo it.
  await store.run(`UPDATE identity_changes SET person_after = g.new FROM ${absorbed} g
                   WHERE identity_changes.action = 'merge' AND identity_changes.undone_by IS NULL
                     AND identity_changes.person_after = g.old`);
  await store.run(`UPDATE aliases SET person_id = g.new FROM ${absorbed} g
                   WHERE aliases.person_id = g.old`);
  return true;
}

/** Links the rules make on their own, which a group may keep (see relinkAccounts). */
const AUTOMATIC = ['auto', 'shared email', 'noreply'];

/**
 * A made-up person whose accounts all went to others (sources showed them to be someone else)
 * is removed: their opt-out goes with their accounts, so it is never lost, and the aliases,
 * tokens and sessions that named them name the person they became (the oldest, should their
 * accounts have gone to several).
 */
async function handOn(store: Store): Promise<void> {
  const gone = `(SELECT m.old, min(m.new) AS new, bool_or(p.opted_out) AS opted_out
    FROM identity_moves m JOIN people p ON p.person_id = m.old
    WHERE NOT p.in_org_chart
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.old)
    GROUP BY m.old)`;
  const any = await store.one(`SELECT 1 FROM ${gone} LIMIT 1`);
  if (!any) return;
  await store.run(`
    UPDATE people SET opted_out = true
    WHERE NOT opted_out AND person_id IN (
      SELECT m.new FROM identity_moves m JOIN people o ON o.person_id = m.old
      WHERE o.opted_out AND NOT o.in_org_chart
        AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.old))`);
  for (const table of ['aliases', 'api_tokens', 'sessions']) {
    await store.run(`UPDATE ${table} SET person_id = g.new FROM ${gone} g
                     WHERE ${table}.person_id = g.old`);
  }
}

/**
 * Relinks when some account has a person but no `linked_by`: a database made before identity
 * links were recorded (migration 4) keeps the old links until its next import. True when it did.
 */
export async function relinkIfStale(
  store: Store,
  options: Partial<IdentityOptions> = {},
): Promise<boolean> {
  const stale = await store.one(
    'SELECT 1 FROM accounts WHERE person_id IS NOT NULL AND linked_by IS NULL LIMIT 1',
  );
  if (!stale) return false;
  await store.transaction(() => relinkAccounts(store, options));
  return true;
}
