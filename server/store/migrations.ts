/**
 * Numbered schema migrations, applied in order at start-up. Never edit a migration that has
 * shipped: add a new one.
 *
 * `interactions` has no declared unique key on (source, source_id): DuckDB maintains such a key
 * with an ART index that makes bulk inserts about three times slower. Uniqueness is kept by
 * the ingest pipeline instead, which deduplicates every batch and anti-joins it against the
 * stored rows (server/store/ingest.ts); a test checks it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'people, accounts, interactions, imports',
    sql: `
      CREATE TABLE people (
        person_id VARCHAR PRIMARY KEY,
        display_name VARCHAR,
        email VARCHAR,
        team VARCHAR,
        manager_id VARCHAR,
        title VARCHAR,
        location VARCHAR,
        joined_at DATE,
        opted_out BOOLEAN NOT NULL DEFAULT false,
        -- true when the person came from an org chart; false when made up for an account
        -- that matched nobody (such people are removed once their accounts are linked away)
        in_org_chart BOOLEAN NOT NULL DEFAULT false
      );
      CREATE TABLE accounts (
        source VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        person_id VARCHAR, -- NULL for bots: they are nobody
        display_name VARCHAR,
        email VARCHAR,
        is_bot BOOLEAN NOT NULL DEFAULT false,
        PRIMARY KEY (source, account_id)
      );
      CREATE TABLE aliases (
        source VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        person_id VARCHAR NOT NULL,
        PRIMARY KEY (source, account_id)
      );
      CREATE SEQUENCE import_ids START 1;
      CREATE TABLE imports (
        import_id INTEGER PRIMARY KEY,
        connector VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        status VARCHAR NOT NULL,
        counts JSON,
        skipped JSON,
        error VARCHAR
      );
      CREATE TABLE interactions (
        source VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL,
        helper_account VARCHAR NOT NULL,
        helped_account VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        context VARCHAR,
        topic VARCHAR,
        weight DOUBLE,
        import_id INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'api tokens, audit log, settings',
    sql: `
      -- Only a hash of each token's secret is kept: the token is shown once, when it is made.
      CREATE TABLE api_tokens (
        token_id VARCHAR PRIMARY KEY,
        secret_hash VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        person_id VARCHAR,
        label VARCHAR,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_used_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ
      );
      CREATE SEQUENCE audit_ids START 1;
      CREATE TABLE audit_log (
        audit_id INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
        viewed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        token_id VARCHAR,
        role VARCHAR NOT NULL,
        viewer_person_id VARCHAR,
        action VARCHAR NOT NULL,
        subject_person_id VARCHAR,
        detail VARCHAR
      );
      CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'sync cursors',
    // One cursor per (connector, origin), written in the transaction of the import that read up
    // to it: a failed import leaves it where the last good one put it.
    sql: `
      CREATE TABLE sync_cursors (
        connector VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        cursor JSON NOT NULL,
        import_id INTEGER NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (connector, origin)
      );
    `,
  },
  {
    version: 4,
    name: 'identity links, merges and splits',
    sql: `
      -- how the account got its person: alias, merge, email, person id, shared email,
      -- noreply, split or auto (server/store/identity.ts); NULL for bots
      ALTER TABLE accounts ADD COLUMN linked_by VARCHAR;
      -- accounts split off by hand: each is a person of its own, whatever it shares with others
      CREATE TABLE detached_accounts (
        source VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        PRIMARY KEY (source, account_id)
      );
      CREATE SEQUENCE identity_change_ids START 1;
      -- every merge and split by hand, with what the account had before, so it can be undone
      CREATE TABLE identity_changes (
        change_id INTEGER PRIMARY KEY,
        action VARCHAR NOT NULL, -- merge | split
        source VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        person_before VARCHAR,
        person_after VARCHAR,
        alias_before VARCHAR,
        note VARCHAR,
        changed_by VARCHAR NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        undone_by INTEGER -- the split that reversed this merge
      );
    `,
  },
  {
    version: 20,
    name: "activity that is not help, and each source's coverage",
    // activity: presence that is not help (docs/activity.md), unique on (source, source_id) like
    // interactions, and kept so by the ingest pipeline for the same reason (no ART index).
    // source_coverage: the first and last event (help or activity) of each source, kept by every
    // import, so that a report can say which sources cover its window without scanning them.
    sql: `
      CREATE TABLE activity (
        source VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL,
        account VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        context VARCHAR,
        import_id INTEGER NOT NULL
      );
      CREATE TABLE source_coverage (
        source VARCHAR PRIMARY KEY,
        first_at TIMESTAMPTZ NOT NULL,
        last_at TIMESTAMPTZ NOT NULL
      );
      INSERT INTO source_coverage
      SELECT source, min(occurred_at), max(occurred_at) FROM interactions GROUP BY source;
    `,
  },
  {
    version: 30,
    name: 'imports record what integrity on open removed',
    // An import is logged as `running` before its data is written and marked `succeeded` by the
    // last statement of its transaction; on open, rows of any other import are removed and the
    // run is marked `interrupted`, with what was removed per table (server/store/integrity.ts).
    sql: `ALTER TABLE imports ADD COLUMN removed JSON;`,
  },
  {
    version: 40,
    name: 'forgotten people',
    // Erasure (helpflow people forget): only salted hashes of the person id, account ids and
    // e-mail addresses of someone forgotten, so a re-import can recognise and drop them
    // without the database keeping who they were. The salt is in settings (forget_salt).
    sql: `
      CREATE TABLE forgotten (
        hash VARCHAR PRIMARY KEY,
        forgotten_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 41,
    name: 'sign-in sessions',
    // Single sign-on (server/plugins/sso.ts): the cookie holds a random secret, this table its
    // SHA-256, so a copy of the database signs nobody in. The role is decided at sign-in from
    // the org chart and the configured groups, and kept until the session expires.
    sql: `
      CREATE TABLE sessions (
        session_hash VARCHAR PRIMARY KEY,
        person_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        expires_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 60,
    name: 'interaction details: the thread and every topic of an interaction',
    sql: `
      -- What the expert evidence needs beyond one topic: every tag of a question (each counts a
      -- share), and the thread a reply belongs to (further replies by one person count less).
      -- Only for interactions whose connector reports them; metadata, never text.
      CREATE TABLE interaction_details (
        source VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        thread VARCHAR,
        topics VARCHAR[],
        PRIMARY KEY (source, source_id)
      );
    `,
  },
  {
    version: 70,
    name: 'stable people and org-chart history',
    // people.created_at: when several made-up people turn out to be one, the oldest id is kept
    // (server/store/identity.ts). org_chart_history: every org-chart import is a snapshot in
    // force from its effective date (--as-of); a person missing from a later snapshot gets a
    // `left_org` row at that date. Reports read the state in force at their window's end
    // (server/store/org-chart-history.ts); people keeps the state in force today. Charts
    // imported before this migration count from 1970, so every later chart is newer.
    sql: `
      -- No DEFAULT now(): DuckDB 1.5 cannot replay such a column default from its WAL
      -- ("GetDefaultDatabase with no default database set"); inserts set it.
      ALTER TABLE people ADD COLUMN created_at TIMESTAMPTZ;
      UPDATE people SET created_at = now();
      ALTER TABLE people ADD COLUMN left_at DATE;
      CREATE TABLE org_chart_history (
        person_id VARCHAR NOT NULL,
        valid_from DATE NOT NULL,
        left_org BOOLEAN NOT NULL,
        team VARCHAR,
        manager_id VARCHAR,
        title VARCHAR,
        import_id INTEGER NOT NULL
      );
      INSERT INTO org_chart_history
      SELECT person_id, DATE '1970-01-01', false, team, manager_id, title,
             coalesce((SELECT max(import_id) FROM imports
                       WHERE connector = 'org-chart' AND status = 'succeeded'),
                      (SELECT max(import_id) FROM imports WHERE status = 'succeeded'), 0)
      FROM people WHERE in_org_chart;
      `,
  },
  {
    version: 80,
    name: 'weekly ties: the aggregate reports of whole weeks read',
    // The weekly tie aggregate (sql/weekly-ties.sql, docs/weekly-ties.md), per account as the
    // interactions are, so that merging or splitting identities never rewrites it. Rows with no
    // import_id are computed here from `interactions` (server/store/weekly-ties.ts keeps them in
    // step with every import and deletion); rows with one came from `helpflow import
    // weekly-ties`, ties computed elsewhere from events helpflow never held.
    sql: `
      CREATE TABLE weekly_ties (
        week DATE NOT NULL,
        source VARCHAR NOT NULL,
        helper_account VARCHAR NOT NULL,
        helped_account VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        topic VARCHAR,
        context VARCHAR,
        interactions INTEGER NOT NULL,
        weight DOUBLE NOT NULL,
        import_id INTEGER
      );
    `,
  },
];
