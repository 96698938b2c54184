import type { Store } from './database.ts';

/**
 * Links every account to a person, in this order of evidence:
 * 1. an alias (`helpflow import aliases`): the person named for (source, account);
 * 2. the e-mail address, case-insensitive, of a person from the org chart;
 * 3. for the interchange source, whose accounts are person references, the person id itself;
 * 4. otherwise a person of its own, `source:account` (for example `slack:U123`), named from the
 *    source. Such made-up people are removed again once no account points at them.
 * Bots belong to no person. Interactions point at accounts, so relinking never rewrites them.
 */
export async function relinkAccounts(store: Store): Promise<void> {
  await store.run(`
    CREATE OR REPLACE TEMP TABLE account_links AS
    SELECT a.source, a.account_id,
           CASE WHEN a.is_bot THEN NULL
                ELSE COALESCE(al.person_id, by_email.person_id, by_id.person_id,
                              a.source || ':' || a.account_id) END AS person_id
    FROM accounts a
    LEFT JOIN aliases al ON al.source = a.source AND al.account_id = a.account_id
    LEFT JOIN (SELECT lower(email) AS email, min(person_id) AS person_id
               FROM people WHERE in_org_chart AND email IS NOT NULL AND email <> ''
               GROUP BY 1) by_email ON by_email.email = lower(a.email)
    LEFT JOIN people by_id
           ON a.source = 'interchange' AND by_id.in_org_chart AND by_id.person_id = a.account_id`);
  await store.run(`
    UPDATE accounts SET person_id = l.person_id
    FROM account_links l
    WHERE accounts.source = l.source AND accounts.account_id = l.account_id
      AND accounts.person_id IS DISTINCT FROM l.person_id`);
  await store.run(`
    INSERT INTO people (person_id, display_name, email, in_org_chart)
    SELECT a.person_id, min(COALESCE(a.display_name, a.account_id)), min(a.email), false
    FROM accounts a
    WHERE a.person_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM people p WHERE p.person_id = a.person_id)
    GROUP BY a.person_id`);
  await store.run(`
    DELETE FROM people p
    WHERE NOT p.in_org_chart
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.person_id)`);
  await store.run('DROP TABLE account_links');
}
