import { randomBytes } from 'node:crypto';
import { updateCoverage } from './coverage.ts';
import { bumpDataEpoch } from './data-epoch.ts';
import type { Store } from './database.ts';
import { removeOrphanDetails } from './interaction-details.ts';

/**
 * A person's right to erasure (GDPR art. 17): `forgetPerson` deletes the person, their
 * accounts, aliases, tokens, sign-in sessions, identity history and org-chart history, and every
 * event they took part in (in any
 * table with a `source` and account columns: interactions, activity, tables added later), and
 * redacts them from the audit log. What is kept is only a salted SHA-256 of their person id,
 * account ids and e-mail addresses, so that `purgeForgotten`, run inside every import, drops
 * them again when a source still holds them.
 */

export interface ForgetResult {
  person: string;
  accounts: number;
  /** Rows deleted per event table. */
  events: Record<string, number>;
  auditRedacted: number;
}

export class ErasureError extends Error {
  override name = 'ErasureError';
}

const REDACTED = 'erased at the request of the person';

async function salt(store: Store): Promise<string> {
  await store.run(`INSERT INTO settings VALUES ('forget_salt', $1) ON CONFLICT (key) DO NOTHING`, [
    randomBytes(32).toString('hex'),
  ]);
  return (await store.one<{ value: string }>(
    `SELECT value FROM settings WHERE key = 'forget_salt'`,
  ))!.value;
}

/** SQL for the hash of `kind:value` under the salt in $salt (a named parameter). */
function hashed(kind: 'person' | 'account' | 'email', value: string): string {
  return `sha256($salt || '${kind}:' || ${value})`;
}

/**
 * Tables of events and the account columns in them: every table with a `source` column and
 * a column `account` or `…_account` (interactions: helper_account, helped_account). The weekly
 * ties are not events but sums of them: they go too, uncounted (purgeWith).
 */
async function eventTables(store: Store): Promise<Map<string, string[]>> {
  const rows = await store.all<{ table: string; column: string }>(
    `SELECT c.table_name AS "table", c.column_name AS "column" FROM duckdb_columns() c
     WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal
       AND (c.column_name = 'account' OR c.column_name LIKE '%\\_account' ESCAPE '\\')
       AND EXISTS (SELECT 1 FROM duckdb_columns() s WHERE s.table_oid = c.table_oid
                   AND s.column_name = 'source')
       AND c.table_name <> 'weekly_ties'
     ORDER BY 1, 2`,
  );
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows) tables.set(table, [...(tables.get(table) ?? []), column]);
  return tables;
}

/** Forgets `personId`, in one transaction. `by` says who asked, for the audit log. */
export async function forgetPerson(
  store: Store,
  personId: string,
  by: { tokenId: string | null; role: string; viewer: string | null },
): Promise<ForgetResult> {
  return store.transaction(async () => {
    const person = await store.one<{ email: string | null }>(
      'SELECT email FROM people WHERE person_id = $1',
      [personId],
    );
    if (!person) throw new ErasureError(`there is no person "${personId}"`);
    const s = await salt(store);
    // Every identifier of theirs goes into forgotten, hashed; purgeForgotten does the rest.
    await store.run(
      `INSERT INTO forgotten (hash)
       SELECT DISTINCT h FROM (
         SELECT ${hashed('person', '$person')} AS h
         UNION ALL SELECT ${hashed('email', 'lower(email)')} FROM people
           WHERE person_id = $person AND email IS NOT NULL
         UNION ALL SELECT ${hashed('account', "source || ':' || account_id")} FROM accounts
           WHERE person_id = $person
         UNION ALL SELECT ${hashed('email', 'lower(email)')} FROM accounts
           WHERE person_id = $person AND email IS NOT NULL
         UNION ALL SELECT ${hashed('account', "source || ':' || account_id")} FROM aliases
           WHERE person_id = $person
       ) ON CONFLICT DO NOTHING`,
      { salt: s, person: personId },
    );
    // The audit log keeps that a view happened, not of whom or by whom.
    const theirs = `subject_person_id = $person OR viewer_person_id = $person
      OR token_id IN (SELECT token_id FROM api_tokens WHERE person_id = $person)`;
    const redacted = (await store.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM audit_log WHERE ${theirs}`,
      { person: personId },
    ))!.n;
    await store.run(
      `UPDATE audit_log SET
         subject_person_id = CASE WHEN subject_person_id = $person THEN NULL ELSE subject_person_id END,
         viewer_person_id = CASE WHEN viewer_person_id = $person THEN NULL ELSE viewer_person_id END,
         token_id = CASE WHEN token_id IN (SELECT token_id FROM api_tokens WHERE person_id = $person)
                    THEN NULL ELSE token_id END,
         detail = $redacted
       WHERE ${theirs}`,
      { person: personId, redacted: REDACTED },
    );
    const purged = await purgeWith(store, s);
    await store.run(
      `INSERT INTO audit_log (token_id, role, viewer_person_id, action, detail)
       VALUES ($1, $2, $3, 'forget person', $4)`,
      [
        by.tokenId,
        by.role,
        by.viewer === personId ? null : by.viewer,
        `a person was erased: ${purged.accounts} accounts, ${Object.values(purged.events).reduce((a, b) => a + b, 0)} events`,
      ],
    );
    // A source's first or last event may have been theirs: its dates must not outlive it.
    await updateCoverage(store);
    await bumpDataEpoch(store);
    return { person: personId, ...purged, auditRedacted: redacted };
  });
}

/**
 * Drops whatever belongs to a forgotten person: run inside every import's transaction, so a
 * source that still lists them can never bring them back. Costs nothing when nobody was.
 */
export async function purgeForgotten(store: Store): Promise<void> {
  const any = await store.one('SELECT 1 FROM forgotten LIMIT 1');
  if (!any) return;
  const s = (await store.one<{ value: string }>(
    `SELECT value FROM settings WHERE key = 'forget_salt'`,
  ))!.value;
  const purged = await purgeWith(store, s);
  if (purged.accounts > 0 || Object.values(purged.events).some((n) => n > 0)) {
    await bumpDataEpoch(store);
  }
}

async function purgeWith(store: Store, s: string) {
  const isForgotten = (sql: string) => `${sql} IN (SELECT hash FROM forgotten)`;
  const people = `(SELECT person_id FROM people
     WHERE ${isForgotten(hashed('person', 'person_id'))}
        OR (email IS NOT NULL AND ${isForgotten(hashed('email', 'lower(email)'))}))`;
  await store.run(
    `CREATE OR REPLACE TEMP TABLE forgotten_accounts AS
     SELECT source, account_id FROM accounts
     WHERE ${isForgotten(hashed('account', "source || ':' || account_id"))}
        OR (email IS NOT NULL AND ${isForgotten(hashed('email', 'lower(email)'))})
        OR (person_id IS NOT NULL AND ${isForgotten(hashed('person', 'person_id'))})
        OR person_id IN ${people}
     UNION
     SELECT source, account_id FROM aliases
     WHERE ${isForgotten(hashed('account', "source || ':' || account_id"))}
        OR ${isForgotten(hashed('person', 'person_id'))} OR person_id IN ${people}`,
    { salt: s },
  );
  try {
    const accounts = (await store.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM forgotten_accounts',
    ))!.n;
    const events: Record<string, number> = {};
    for (const [table, columns] of await eventTables(store)) {
      const match = columns
        .map(
          (column) =>
            `EXISTS (SELECT 1 FROM forgotten_accounts f
                     WHERE f.source = "${table}".source AND f.account_id = "${table}"."${column}")`,
        )
        .join(' OR ');
      const row = await store.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM "${table}" WHERE ${match}`,
      );
      events[table] = row!.n;
      if (row!.n > 0) await store.run(`DELETE FROM "${table}" WHERE ${match}`);
    }
    // Details have no account of their own: they go with their interactions.
    const details = (events.interactions ?? 0) > 0 ? await removeOrphanDetails(store) : 0;
    if (details > 0) events.interaction_details = details;
    // A weekly tie is one pair of accounts: those of a forgotten one sum only their events.
    await store.run(
      `DELETE FROM weekly_ties w WHERE EXISTS (SELECT 1 FROM forgotten_accounts f
         WHERE f.source = w.source AND f.account_id IN (w.helper_account, w.helped_account))`,
    );
    for (const table of ['identity_changes', 'detached_accounts', 'aliases', 'accounts']) {
      await store.run(
        `DELETE FROM ${table} WHERE EXISTS (SELECT 1 FROM forgotten_accounts f
           WHERE f.source = ${table}.source AND f.account_id = ${table}.account_id)`,
      );
    }
    const gone = `${isForgotten(hashed('person', 'person_id'))}`;
    await store.run(`DELETE FROM api_tokens WHERE person_id IS NOT NULL AND ${gone}`, {
      salt: s,
    });
    await store.run(`DELETE FROM sessions WHERE ${gone}`, { salt: s });
    await store.run(
      `UPDATE identity_changes SET
         person_before = CASE WHEN ${isForgotten(hashed('person', 'person_before'))} THEN NULL ELSE person_before END,
         person_after = CASE WHEN ${isForgotten(hashed('person', 'person_after'))} THEN NULL ELSE person_after END
       WHERE ${isForgotten(hashed('person', 'person_before'))} OR ${isForgotten(hashed('person', 'person_after'))}`,
      { salt: s },
    );
    await store.run(
      `UPDATE people SET manager_id = NULL
       WHERE manager_id IS NOT NULL AND ${isForgotten(hashed('person', 'manager_id'))}`,
      { salt: s },
    );
    // Their place in every org chart goes; others keep theirs, without them as manager.
    await store.run(
      `UPDATE org_chart_history SET manager_id = NULL
       WHERE manager_id IS NOT NULL AND ${isForgotten(hashed('person', 'manager_id'))}`,
      { salt: s },
    );
    await store.run(
      `DELETE FROM org_chart_history
       WHERE ${isForgotten(hashed('person', 'person_id'))} OR person_id IN ${people}`,
      { salt: s },
    );
    await store.run(`DELETE FROM people WHERE person_id IN ${people}`, { salt: s });
    return { accounts, events };
  } finally {
    await store.run('DROP TABLE IF EXISTS forgotten_accounts');
  }
}
