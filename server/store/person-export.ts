import type { Row, Store } from './database.ts';

/**
 * Everything stored about one person (GDPR art. 15, right of access): their org chart row,
 * accounts and aliases, their org-chart history, every event they took part in (every table with a `source` and
 * account columns), their API tokens (never the secret's hash), identity changes, and the
 * audit entries about them or by them.
 */
export interface PersonExport {
  exportedAt: string;
  person: Row;
  accounts: Row[];
  aliases: Row[];
  events: Record<string, Row[]>;
  apiTokens: Row[];
  identityChanges: Row[];
  /** Their rows of the org chart's history: teams, managers, titles and leaving, by date. */
  orgChartHistory: Row[];
  audit: Row[];
}

export class PersonNotFoundError extends Error {
  override name = 'PersonNotFoundError';
}

/** The export, written to the audit log as `export person` by `by`. */
export async function exportPerson(
  store: Store,
  personId: string,
  by: { tokenId: string | null; role: string; viewer: string | null },
): Promise<PersonExport> {
  const person = await store.one('SELECT * FROM people WHERE person_id = $1', [personId]);
  if (!person) throw new PersonNotFoundError(`there is no person "${personId}"`);
  await store.run(
    `INSERT INTO audit_log (token_id, role, viewer_person_id, action, subject_person_id)
     VALUES ($1, $2, $3, 'export person', $4)`,
    [by.tokenId, by.role, by.viewer, personId],
  );
  const theirAccounts = `(SELECT source, account_id FROM accounts WHERE person_id = $person
                          UNION SELECT source, account_id FROM aliases WHERE person_id = $person)`;
  const params = { person: personId };
  const events: Record<string, Row[]> = {};
  const columns = await store.all<{ table: string; column: string }>(
    `SELECT c.table_name AS "table", c.column_name AS "column" FROM duckdb_columns() c
     WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal
       AND (c.column_name = 'account' OR c.column_name LIKE '%\\_account' ESCAPE '\\')
       AND EXISTS (SELECT 1 FROM duckdb_columns() s WHERE s.table_oid = c.table_oid
                   AND s.column_name = 'source')
     ORDER BY 1, 2`,
  );
  for (const table of new Set(columns.map((c) => c.table))) {
    const match = columns
      .filter((c) => c.table === table)
      .map(
        (c) => `EXISTS (SELECT 1 FROM ${theirAccounts} a
                        WHERE a.source = t.source AND a.account_id = t."${c.column}")`,
      )
      .join(' OR ');
    events[table] = await store.all(
      `SELECT * FROM "${table}" t WHERE ${match} ORDER BY ALL`,
      params,
    );
  }
  return {
    exportedAt: new Date().toISOString(),
    person,
    accounts: await store.all(
      'SELECT * FROM accounts WHERE person_id = $person ORDER BY ALL',
      params,
    ),
    aliases: await store.all(
      'SELECT * FROM aliases WHERE person_id = $person ORDER BY ALL',
      params,
    ),
    events,
    apiTokens: await store.all(
      `SELECT token_id, role, label, created_at, last_used_at, revoked_at FROM api_tokens
       WHERE person_id = $person ORDER BY created_at`,
      params,
    ),
    identityChanges: await store.all(
      `SELECT * FROM identity_changes
       WHERE person_before = $person OR person_after = $person
          OR EXISTS (SELECT 1 FROM ${theirAccounts} a
                     WHERE a.source = identity_changes.source AND a.account_id = identity_changes.account_id)
       ORDER BY change_id`,
      params,
    ),
    orgChartHistory: await store.all(
      `SELECT person_id, strftime(valid_from, '%Y-%m-%d') AS valid_from, left_org, team,
              manager_id, title, import_id
       FROM org_chart_history WHERE person_id = $person ORDER BY valid_from`,
      params,
    ),
    audit: await store.all(
      `SELECT * FROM audit_log WHERE subject_person_id = $person OR viewer_person_id = $person
       ORDER BY audit_id`,
      params,
    ),
  };
}
