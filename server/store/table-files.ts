import { open } from 'node:fs/promises';
import { ImportError } from '../../connectors/errors.ts';
import type { TableFileRecord } from '../../connectors/types.ts';
import type { Store } from './database.ts';
import { mergeAccounts, mergeInteractions, type BatchSize, type ImportContext } from './ingest.ts';

/**
 * Loads interchange files with DuckDB's own readers (read_csv, read_json) into a staging table,
 * checks every row in SQL, and merges. Millions of rows never pass through JavaScript.
 */

interface Check {
  field: string;
  /** SQL that is true when the row's field is wrong. */
  wrong: string;
  problem: string;
}

interface EntitySpec {
  required: string[];
  optional: string[];
  checks: Check[];
  /** Figures computed in the same scan as the checks (SQL aggregates), handed to `merge`. */
  stats?: Record<string, string>;
  merge(
    store: Store,
    context: ImportContext,
    stats: Record<string, number>,
    raw: string,
  ): Promise<void>;
  /** Work on the staged rows before the transaction (tables it makes are named `${raw}_…`). */
  prepare?(store: Store, stats: Record<string, number>, raw: string): Promise<void>;
}

/** Stands for the staging table of a file in the checks' SQL. */
const RAW = '__raw__';

const blank = (column: string): string => `coalesce(trim(${column}), '') = ''`;
const present = (column: string): string => `coalesce(trim(${column}), '') <> ''`;

const SPECS: Record<TableFileRecord['entity'], EntitySpec> = {
  interactions: {
    required: ['id', 'helper', 'helped', 'at', 'kind', 'topic', 'context'],
    optional: ['weight'],
    checks: [
      { field: 'id', wrong: blank('id'), problem: 'is empty' },
      { field: 'helper', wrong: blank('helper'), problem: 'is empty' },
      { field: 'helped', wrong: blank('helped'), problem: 'is empty' },
      { field: 'kind', wrong: blank('kind'), problem: 'is empty' },
      {
        field: 'at',
        wrong: `try_cast(trim("at") AS TIMESTAMPTZ) IS NULL`,
        problem: 'is not an ISO 8601 date-time (like 2026-03-01T09:30:00Z)',
      },
      {
        field: 'weight',
        wrong: `${present('weight')} AND coalesce(try_cast(trim(weight) AS DOUBLE) < 0, true)`,
        problem: 'is not a number of zero or more',
      },
    ],
    stats: {
      self: `count(*) FILTER (WHERE trim(helper) = trim(helped))`,
      rows: `count(*) FILTER (WHERE trim(helper) <> trim(helped))`,
      distinct: `count(DISTINCT trim(id)) FILTER (WHERE trim(helper) <> trim(helped))`,
    },
    async merge(store, context, stats, raw) {
      const size: BatchSize = { rows: stats.rows!, distinct: stats.distinct! };
      context.skip('self-help (helper and helped are the same)', stats.self!);
      const from = stats.self! === 0 ? raw : `${raw}_clean`;
      const typed = `SELECT 'interchange' AS source, trim(id) AS source_id,
                trim("at")::TIMESTAMPTZ AS occurred_at, trim(helper) AS helper_account,
                trim(helped) AS helped_account, trim(kind) AS kind,
                nullif(trim(context), '') AS context, nullif(trim(topic), '') AS topic,
                try_cast(nullif(trim(weight), '') AS DOUBLE) AS weight
         FROM ${from}`;
      await mergeInteractions(store, typed, context, size);
    },
    // A filter, or deleted rows, in the table an INSERT reads from make DuckDB's bulk insert
    // about twice as slow; so self-help is left behind in a copy, made while staging and only
    // when there is some.
    async prepare(store, stats, raw) {
      if (stats.self! === 0) return;
      await store.run(
        `CREATE OR REPLACE TEMP TABLE ${raw}_clean AS
         SELECT * FROM ${raw} WHERE trim(helper) <> trim(helped)`,
      );
    },
  },
  people: {
    required: ['person', 'name', 'email', 'team', 'manager', 'title', 'joined'],
    optional: ['location'],
    checks: [
      { field: 'person', wrong: blank('person'), problem: 'is empty' },
      {
        field: 'email',
        wrong: `${present('email')} AND NOT trim(email) LIKE '%_@_%'`,
        problem: 'is not an e-mail address',
      },
      {
        field: 'joined',
        wrong: `${present('joined')} AND try_cast(trim(joined) AS DATE) IS NULL`,
        problem: 'is not an ISO date (like 2024-09-01)',
      },
      {
        field: 'manager',
        wrong: `trim(manager) = trim(person)`,
        problem: 'names the person themselves',
      },
      {
        field: 'manager',
        wrong: `${present('manager')}
          AND trim(manager) NOT IN (SELECT trim(person) FROM ${RAW} WHERE person IS NOT NULL)
          AND trim(manager) NOT IN (SELECT person_id FROM people WHERE in_org_chart)`,
        problem: 'is not a person in this file or in the database',
      },
      {
        field: 'person',
        wrong: `count(*) OVER (PARTITION BY trim(person)) > 1`,
        problem: 'appears more than once in the file',
      },
    ],
    async merge(store, context, _stats, raw) {
      const row = await store.one<{ known: number }>(
        `SELECT count(*)::INTEGER AS known FROM ${raw} r
         JOIN people p ON p.person_id = trim(r.person) AND p.in_org_chart`,
      );
      context.counts.peopleUpdated += row!.known;
      await store.run(
        `INSERT INTO people (person_id, display_name, email, team, manager_id, title, location,
                             joined_at, in_org_chart)
         SELECT trim(person), nullif(trim(name), ''), nullif(lower(trim(email)), ''),
                nullif(trim(team), ''), nullif(trim(manager), ''), nullif(trim(title), ''),
                nullif(trim(location), ''), try_cast(nullif(trim(joined), '') AS DATE), true
         FROM ${raw}
         ON CONFLICT (person_id) DO UPDATE SET
           display_name = excluded.display_name, email = excluded.email, team = excluded.team,
           manager_id = excluded.manager_id, title = excluded.title,
           location = excluded.location, joined_at = excluded.joined_at, in_org_chart = true`,
      );
    },
  },
  aliases: {
    required: ['person', 'source', 'account'],
    optional: [],
    checks: [
      { field: 'person', wrong: blank('person'), problem: 'is empty' },
      { field: 'source', wrong: blank('source'), problem: 'is empty' },
      { field: 'account', wrong: blank('account'), problem: 'is empty' },
      {
        field: 'person',
        wrong: `trim(person) NOT IN (SELECT person_id FROM people)`,
        problem: 'is not a person in the database (import the org chart first)',
      },
      {
        field: 'account',
        wrong: `count(DISTINCT trim(person)) OVER (PARTITION BY trim(source), trim(account)) > 1`,
        problem: 'is given to two different people in the file',
      },
    ],
    async merge(store, context, _stats, raw) {
      await mergeAccounts(
        store,
        `(SELECT DISTINCT trim(source) AS source, trim(account) AS account_id,
                 NULL::VARCHAR AS display_name,
                 CASE WHEN trim(account) LIKE '%_@_%' THEN trim(account) END AS email,
                 false AS is_bot
          FROM ${raw} r
          WHERE NOT EXISTS (SELECT 1 FROM accounts a
                            WHERE a.source = trim(r.source) AND a.account_id = trim(r.account)))`,
        context.counts,
      );
      await store.run(
        `INSERT INTO aliases (source, account_id, person_id)
         SELECT DISTINCT trim(source), trim(account), trim(person) FROM ${raw}
         ON CONFLICT (source, account_id) DO UPDATE SET person_id = excluded.person_id`,
      );
      const row = await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${raw}`);
      context.counts.aliases += row!.n;
    },
  },
};

/** A file read into its staging table and checked, ready to merge. */
export interface StagedFile {
  file: TableFileRecord;
  table: string;
  stats: Record<string, number>;
}

/**
 * Reads a file into a temporary staging table and checks every row; throws an ImportError
 * naming the file, line and field of the first bad row. Runs before the import's transaction:
 * DuckDB scans a temporary table made inside an open transaction two to four times slower.
 */
export async function stageTableFile(
  store: Store,
  file: TableFileRecord,
  table: string,
): Promise<StagedFile> {
  const spec = SPECS[file.entity];
  await readIntoStaging(store, file, spec, table);
  const stats = await checkRows(store, file, spec, table);
  await spec.prepare?.(store, stats, table);
  return { file, table, stats };
}

/** Merges a staged file into the store (inside the import's transaction). */
export async function mergeTableFile(
  store: Store,
  staged: StagedFile,
  context: ImportContext,
): Promise<void> {
  await SPECS[staged.file.entity].merge(store, context, staged.stats, staged.table);
}

async function readIntoStaging(
  store: Store,
  file: TableFileRecord,
  spec: EntitySpec,
  table: string,
): Promise<void> {
  const name = file.path;
  const path = file.path.replaceAll("'", "''");
  const columns = [...spec.required, ...spec.optional];
  // NDJSON: the columns are named, so unknown keys are ignored and missing keys read as NULL.
  const struct = (names: string[]) =>
    `{${names.map((name) => `'${name.replaceAll("'", "''")}': 'VARCHAR'`).join(', ')}}`;
  let reader: string;
  if (file.format === 'csv') {
    // The header line, read here, decides the columns: DuckDB's sniffer would otherwise take a
    // row with extra fields for the header and report every column as missing.
    const { names, delimiter } = await readHeader(file.path, name);
    reader = `read_csv('${path}', header = true, auto_detect = false, delim = '${delimiter}',
      quote = '"', escape = '"', columns = ${struct(names)})`;
  } else {
    reader = `read_json('${path}', format = 'newline_delimited', columns = ${struct(columns)})`;
  }
  try {
    // CREATE TABLE AS keeps the file's order, so rowid gives the line back.
    await store.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw new ImportError(name, readerProblem((error as Error).message));
  }
  const described = await store.all<{ column_name: string }>(`DESCRIBE ${table}`);
  const have = new Set(described.map((row) => row.column_name));
  const missing = spec.required.filter((column) => !have.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      name,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ` +
        `(the header has ${[...have].map((h) => `"${h}"`).join(', ')}; ` +
        `expected ${spec.required.join(',')}${spec.optional.length ? ` and optionally ${spec.optional.join(',')}` : ''})`,
    );
  }
  for (const column of spec.optional) {
    if (!have.has(column)) await store.run(`ALTER TABLE ${table} ADD COLUMN "${column}" VARCHAR`);
  }
}

/**
 * One scan checks every row and computes the spec's figures: for each check the first row that
 * fails it, so the error names the earliest bad line (and, on that line, the first check).
 */
async function checkRows(
  store: Store,
  file: TableFileRecord,
  spec: EntitySpec,
  table: string,
): Promise<Record<string, number>> {
  const flags = spec.checks.map(
    (check, index) => `(${check.wrong.replaceAll(RAW, table)}) AS wrong${index}`,
  );
  const firsts = spec.checks.map(
    (_check, index) => `min(rid) FILTER (WHERE wrong${index})::VARCHAR AS first${index}`,
  );
  const stats = Object.entries(spec.stats ?? {}).map(
    ([key, aggregate]) => `(${aggregate})::INTEGER AS "${key}"`,
  );
  const row = (await store.one<Record<string, string | number | null>>(
    `SELECT ${[...firsts, ...stats].join(', ')}
     FROM (SELECT rowid AS rid, *, ${flags.join(', ')} FROM ${table})`,
  ))!;
  let bad: { rid: bigint; check: number } | undefined;
  spec.checks.forEach((_check, index) => {
    const first = row[`first${index}`];
    if (first === null || first === undefined) return;
    const rid = BigInt(first);
    if (!bad || rid < bad.rid) bad = { rid, check: index };
  });
  if (bad) await reportBadRow(store, file, spec.checks[bad.check]!, bad.rid, table);
  return Object.fromEntries(Object.keys(spec.stats ?? {}).map((key) => [key, Number(row[key])]));
}

async function reportBadRow(
  store: Store,
  file: TableFileRecord,
  check: Check,
  rid: bigint,
  table: string,
): Promise<never> {
  const found = await store.one<{ position: number; value: string | null }>(
    `SELECT ($1::BIGINT - (SELECT min(rowid) FROM ${table}))::INTEGER AS position,
            "${check.field}" AS value
     FROM ${table} WHERE rowid = $1::BIGINT`,
    [rid.toString()],
  );
  const { position, value } = found!;
  const line = position + (file.format === 'csv' ? 2 : 1);
  throw new ImportError(
    file.path,
    `${value === null || value === undefined || value.trim() === '' ? 'the value' : JSON.stringify(value)} ${check.problem}`,
    { record: `line ${line}`, field: check.field },
  );
}

/** DuckDB's reader errors are long; keep the first sentence and its line number. */
function readerProblem(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return `cannot be read: ${firstLine.replace(/^[A-Za-z ]+Error: /, '')}`;
}

/** The column names of a CSV file's first line, and its delimiter (a comma, or a tab). */
async function readHeader(
  path: string,
  name: string,
): Promise<{ names: string[]; delimiter: string }> {
  const handle = await open(path);
  let first: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    first = buffer
      .toString('utf8', 0, bytesRead)
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!;
  } finally {
    await handle.close();
  }
  const delimiter = first.includes('\t') && !first.includes(',') ? '\t' : ',';
  const names = first.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  const blankAt = names.findIndex((cell) => cell === '');
  if (blankAt >= 0) {
    throw new ImportError(
      name,
      `the header (line 1) has an empty column name at column ${blankAt + 1}`,
      {
        record: 'line 1',
      },
    );
  }
  return { names, delimiter };
}
