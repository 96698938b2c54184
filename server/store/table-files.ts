import { open } from 'node:fs/promises';
import { ImportError } from '../../connectors/errors.ts';
import { checkLineLengths, lineOfRecord } from '../../connectors/shared/line-scan.ts';
import type { TableFileRecord } from '../../connectors/types.ts';
import type { Store } from './database.ts';
import { ACTIVITY_KINDS } from '../../connectors/types.ts';
import {
  mergeAccounts,
  mergeActivity,
  mergeInteractions,
  type BatchSize,
  type ImportContext,
} from './merge.ts';
import { newestSnapshot, recordOrgChart, todayUtc } from './org-chart-history.ts';
import { dateBounds } from './value-checks.ts';

/**
 * Loads interchange files with DuckDB's own readers (read_csv, read_json) into a staging table,
 * checks every row in SQL, and merges. Millions of rows never pass through JavaScript.
 */

export interface Check {
  field: string;
  /** SQL that is true when the row's field is wrong. */
  wrong: string;
  problem: string;
  /** A date out of range: skipped and counted instead when the import says so. */
  dateRange?: boolean;
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
    file: TableFileRecord,
  ): Promise<void>;
  /** Work on the staged rows before the transaction (tables it makes are named `${raw}_…`). */
  prepare?(store: Store, stats: Record<string, number>, raw: string): Promise<void>;
}

/** Stand for the staging table of a file, and the date bounds, in the checks' SQL. */
const RAW = '__raw__';
const EARLIEST = '__earliest__';
const LATEST = '__latest__';
const BOUNDS = '__bounds__';

const blank = (column: string): string => `coalesce(trim(${column}), '') = ''`;
const present = (column: string): string => `coalesce(trim(${column}), '') <> ''`;

/** The `at` of an event: a date-time, within the import's date bounds. */
const AT_CHECKS: Check[] = [
  {
    field: 'at',
    wrong: `try_cast(trim("at") AS TIMESTAMPTZ) IS NULL`,
    problem: 'is not an ISO 8601 date-time (like 2026-03-01T09:30:00Z)',
  },
  {
    field: 'at',
    wrong: `try_cast(trim("at") AS TIMESTAMPTZ) NOT BETWEEN ${EARLIEST} AND ${LATEST}`,
    problem: `is ${BOUNDS}`,
    dateRange: true,
  },
];

const SPECS: Record<TableFileRecord['entity'], EntitySpec> = {
  interactions: {
    required: ['id', 'helper', 'helped', 'at', 'kind', 'topic', 'context'],
    optional: ['weight'],
    checks: [
      { field: 'id', wrong: blank('id'), problem: 'is empty' },
      { field: 'helper', wrong: blank('helper'), problem: 'is empty' },
      { field: 'helped', wrong: blank('helped'), problem: 'is empty' },
      { field: 'kind', wrong: blank('kind'), problem: 'is empty' },
      ...AT_CHECKS,
      {
        field: 'weight',
        // NaN and infinity cast to DOUBLE, and NaN compares greater than every number.
        wrong: `${present('weight')} AND NOT coalesce(isfinite(try_cast(trim(weight) AS DOUBLE))
                  AND try_cast(trim(weight) AS DOUBLE) >= 0, false)`,
        problem: 'is not a finite number of zero or more',
      },
    ],
    stats: {
      self: `count(*) FILTER (WHERE trim(helper) = trim(helped))`,
      rows: `count(*) FILTER (WHERE trim(helper) <> trim(helped))`,
      distinct: `count(DISTINCT trim(id)) FILTER (WHERE trim(helper) <> trim(helped))`,
    },
    async merge(store, context, stats, raw) {
      const size: BatchSize = { rows: stats.rows!, distinct: stats.distinct! };
      context.skip('self-help (helper and helped are the same)', stats.self);
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
  activity: {
    required: ['id', 'person', 'at', 'kind'],
    optional: ['context'],
    checks: [
      { field: 'id', wrong: blank('id'), problem: 'is empty' },
      { field: 'person', wrong: blank('person'), problem: 'is empty' },
      {
        field: 'kind',
        wrong: `coalesce(trim(kind), '') NOT IN (${ACTIVITY_KINDS.map((k) => `'${k}'`).join(', ')})`,
        problem: `is not one of ${ACTIVITY_KINDS.join(', ')}`,
      },
      ...AT_CHECKS,
    ],
    async merge(store, context, _stats, raw) {
      // The same source as the interactions file, so that a person's help and activity meet on
      // one account.
      await mergeActivity(
        store,
        context,
        `(SELECT 'interchange' AS source, trim(id) AS source_id, trim("at") AS occurred_at,
                 trim(person) AS account, trim(kind) AS kind, nullif(trim(context), '') AS context
          FROM ${raw})`,
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
    async merge(store, context, _stats, raw, file) {
      const row = await store.one<{ known: number }>(
        `SELECT count(*)::INTEGER AS known FROM ${raw} r
         JOIN people p ON p.person_id = trim(r.person) AND p.in_org_chart`,
      );
      context.counts.peopleUpdated += row!.known;
      const asOf = file.asOf ?? todayUtc();
      // Names, addresses and dates come from the newest chart: an older one imported late
      // adds its people and its past teams, and changes nobody's name.
      const newest = await newestSnapshot(store);
      const latest = newest === null || asOf >= newest;
      const take = (column: string, value: string) =>
        `${column} = ${latest ? value : `coalesce(${column}, ${value})`}`;
      await store.run(
        `INSERT INTO people (person_id, display_name, email, team, manager_id, title, location,
                             joined_at, in_org_chart, created_at)
         SELECT trim(person), nullif(trim(name), ''), nullif(lower(trim(email)), ''),
                nullif(trim(team), ''), nullif(trim(manager), ''), nullif(trim(title), ''),
                nullif(trim(location), ''), try_cast(nullif(trim(joined), '') AS DATE), true,
                now()
         FROM ${raw}
         ON CONFLICT (person_id) DO UPDATE SET
           ${take('display_name', 'excluded.display_name')}, ${take('email', 'excluded.email')},
           ${take('location', 'excluded.location')}, ${take('joined_at', 'excluded.joined_at')},
           in_org_chart = true`,
      );
      // Team, manager, title and who left: from the history, as of today.
      await recordOrgChart(store, raw, asOf, context.importId);
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
  /** Help events left to load directly, in the transaction (direct-load.ts): nothing staged. */
  direct?: boolean;
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
  context: ImportContext,
): Promise<StagedFile> {
  const spec = SPECS[file.entity];
  // DuckDB's CSV reader drops a last line longer than its max_line_size without a word, and
  // both readers hold a whole line: lines over the limit fail here first, read as bytes.
  await checkLineLengths(file.path, file.path, file.maxLineBytes);
  context.phase('line lengths');
  await readIntoStaging(store, file, spec, table);
  context.phase('read file');
  const stats = await checkRows(store, file, spec, table, context);
  context.phase('check rows');
  await spec.prepare?.(store, stats, table);
  context.phase('prepare');
  return { file, table, stats };
}

/** Merges a staged file into the store (inside the import's transaction). */
export async function mergeTableFile(
  store: Store,
  staged: StagedFile,
  context: ImportContext,
): Promise<void> {
  await SPECS[staged.file.entity].merge(store, context, staged.stats, staged.table, staged.file);
}

/** A DuckDB reader of a table file, as SQL, and the columns it gives. */
export async function tableReader(
  file: TableFileRecord,
  columns: string[],
): Promise<{ sql: string; columns: string[] }> {
  const path = file.path.replaceAll("'", "''");
  // NDJSON: the columns are named, so unknown keys are ignored and missing keys read as NULL.
  const struct = (names: string[]) =>
    `{${names.map((name) => `'${name.replaceAll("'", "''")}': 'VARCHAR'`).join(', ')}}`;
  if (file.format === 'csv') {
    // The header line, read here, decides the columns: DuckDB's sniffer would otherwise take a
    // row with extra fields for the header and report every column as missing.
    const { names, delimiter } = await readHeader(file.path, file.path);
    // Lines are already checked against the limit; DuckDB's own must be above it, and its
    // buffer must hold a line.
    const maxLine = Math.max(2 * 1024 ** 2, file.maxLineBytes + 1024);
    const sql = `read_csv('${path}', header = true, auto_detect = false, delim = '${delimiter}',
      quote = '"', escape = '"', columns = ${struct(names)}, max_line_size = ${maxLine},
      buffer_size = ${Math.max(32 * 1024 ** 2, 2 * maxLine)})`;
    return { sql, columns: names };
  }
  const maxObject = Math.max(16 * 1024 ** 2, file.maxLineBytes + 1024);
  const sql = `read_json('${path}', format = 'newline_delimited', columns = ${struct(columns)},
      maximum_object_size = ${maxObject})`;
  return { sql, columns };
}

async function readIntoStaging(
  store: Store,
  file: TableFileRecord,
  spec: EntitySpec,
  table: string,
): Promise<void> {
  const name = file.path;
  const reader = (await tableReader(file, [...spec.required, ...spec.optional])).sql;
  try {
    // CREATE TABLE AS keeps the file's order, so rowid gives the line back.
    await store.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${reader}`);
  } catch (error) {
    const { problem, line } = await readerProblem(file, (error as Error).message);
    throw new ImportError(name, problem, line === undefined ? {} : { record: `line ${line}` });
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
  context: ImportContext,
): Promise<Record<string, number>> {
  const bounds = dateBounds(context.checks, context.startedAt);
  const sql = (text: string) => bindChecks(text, table, bounds);
  // Asked to, rows dated out of range are skipped and counted: taken out of the staging table
  // before the checks and figures (it is temporary, and this happens before the transaction).
  if (context.checks.outOfRangeDates === 'skip') {
    for (const check of spec.checks.filter((c) => c.dateRange)) {
      const wrong = `coalesce(${sql(check.wrong)}, false)`;
      const found = await store.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${wrong}`,
      );
      if (found!.n === 0) continue;
      await store.run(`DELETE FROM ${table} WHERE ${wrong}`);
      context.skip(`dated ${bounds.describe}`, found!.n);
    }
  }
  const checks = spec.checks.filter(
    (check) => !(check.dateRange && context.checks.outOfRangeDates === 'skip'),
  );
  const flags = checks.map((check, index) => `(${sql(check.wrong)}) AS wrong${index}`);
  const firsts = checks.map(
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
  checks.forEach((_check, index) => {
    const first = row[`first${index}`];
    if (first === null || first === undefined) return;
    const rid = BigInt(first);
    if (!bad || rid < bad.rid) bad = { rid, check: index };
  });
  if (bad) {
    const check = checks[bad.check]!;
    await reportBadRow(store, file, { ...check, problem: sql(check.problem) }, bad.rid, table);
  }
  return Object.fromEntries(Object.keys(spec.stats ?? {}).map((key) => [key, Number(row[key])]));
}

/** A check's SQL with its stand-ins replaced: the table, and the date bounds in force. */
export function bindChecks(
  text: string,
  table: string,
  bounds: ReturnType<typeof dateBounds>,
): string {
  return text
    .replaceAll(RAW, table)
    .replaceAll(EARLIEST, bounds.earliest)
    .replaceAll(LATEST, bounds.latest)
    .replaceAll(BOUNDS, bounds.describe);
}

/** The checks of a file of help events, on the columns as read (all text). */
export const INTERACTION_CHECKS: readonly Check[] = SPECS.interactions.checks;

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
  // NDJSON readers skip blank lines, so the record's position is found back in the file.
  const line = file.format === 'csv' ? position + 2 : await lineOfRecord(file.path, position);
  throw new ImportError(
    file.path,
    `${value === null || value === undefined || value.trim() === '' ? 'the value' : JSON.stringify(value)} ${check.problem}`,
    { record: `line ${line}`, field: check.field },
  );
}

/**
 * What went wrong in DuckDB's reader, in a sentence, and the line: never the row itself (DuckDB's
 * message quotes it, and a row may hold what must not be shown).
 */
async function readerProblem(
  file: TableFileRecord,
  message: string,
): Promise<{ problem: string; line?: number }> {
  if (file.format === 'ndjson') {
    // DuckDB numbers the bad record one past its count of the records up to it, and leaves
    // blank lines out: the record is found back in the file.
    const json = /Malformed JSON in file ".*", at byte (\d+) in line (\d+): ([^\n]*?)\.?\s*$/m.exec(
      message,
    );
    if (json) {
      const line = await lineOfRecord(file.path, Number(json[2]) - 2);
      const what = json[3]!.includes('UTF-8')
        ? 'is not valid UTF-8'
        : `is not valid JSON (${json[3]})`;
      return { problem: `${what}, at byte ${json[1]} of the line`, ...(line > 0 ? { line } : {}) };
    }
  }
  const csv = /CSV Error on Line: (\d+)/.exec(message);
  if (csv) {
    const reasons: [RegExp, (m: RegExpExecArray) => string][] = [
      [
        /Expected Number of Columns: (\d+) Found: (\d+)/,
        // DuckDB stops counting one past the header's number.
        (m) =>
          Number(m[2]) > Number(m[1])
            ? `has more fields than the ${m[1]} of the header`
            : `has ${m[2]} fields where the header has ${m[1]}`,
      ],
      [/unterminated quote/, () => 'has a quoted value that is never closed'],
      [/Invalid unicode|not utf-8 encoded/i, () => 'is not valid UTF-8'],
      [/unescaped quote/i, () => 'has a quote inside a value that is not doubled ("")'],
      [/Maximum line size/i, () => 'is longer than the reader accepts'],
    ];
    for (const [pattern, say] of reasons) {
      const found = pattern.exec(message);
      if (found) return { problem: say(found), line: Number(csv[1]) };
    }
    return { problem: 'cannot be read as CSV', line: Number(csv[1]) };
  }
  const firstLine = message.split('\n')[0] ?? message;
  return { problem: `cannot be read: ${firstLine.replace(/^[A-Za-z ]+Error: /, '')}` };
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
