/**
 * sql/weekly-ties.sql is portable: the file, unchanged, gives the same weekly ties on DuckDB and
 * on a real PostgreSQL 15 (Debian's package, started in a temporary folder), from the same
 * interchange rows: weeks that start on Monday in UTC whatever the session's time zone, events
 * given in other offsets, on the stroke of midnight, before 1970 and across daylight saving
 * changes, unknown kinds, explicit weights, missing topics and contexts, and self-help.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';
import { postgresMissing, startPostgres, type Postgres } from './postgres.ts';

const SQL_FILE = join(ROOT, 'sql/weekly-ties.sql');

const COLUMNS = `source VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL, helper VARCHAR NOT NULL,
  helped VARCHAR NOT NULL, kind VARCHAR NOT NULL, topic VARCHAR, context VARCHAR,
  weight DOUBLE PRECISION`;

/** A small seeded generator, so that every run loads the same rows. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Interchange rows as CSV (no field is an empty string: CSV readers differ on those). */
function interchangeCsv(): { csv: string; rows: number } {
  const next = random(15);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const people = Array.from({ length: 40 }, (_, k) => `p${k}`);
  const kinds = ['reply', 'reaction', 'review', 'answer', 'accepted-answer', 'comment', 'pairing'];
  const offsets = ['Z', '+05:45', '-03:30', '+14:00', '-11:00'];
  const lines = ['source,source_id,occurred_at,helper,helped,kind,topic,context,weight'];
  // Two different people: the one self-help row is added on purpose, below.
  const pair = () => {
    const helper = Math.floor(next() * people.length);
    const helped = (helper + 1 + Math.floor(next() * (people.length - 1))) % people.length;
    return [people[helper]!, people[helped]!] as const;
  };
  const add = (at: string, [helper, helped] = pair()) => {
    const topic = next() < 0.2 ? '' : pick(['go', 'sql', 'k8s, helm', 'ünïcode']);
    const context = next() < 0.2 ? '' : pick(['#help', 'repo-a', 'list@example.org']);
    const weight = next() < 0.15 ? String(pick([0, 0.1, 2.5, 7])) : '';
    const quote = (text: string) => (text === '' ? '' : `"${text}"`);
    lines.push(
      [
        pick(['slack', 'github', 'interchange']),
        `e${lines.length}`,
        at,
        helper,
        helped,
        pick(kinds),
        quote(topic),
        quote(context),
        weight,
      ].join(','),
    );
  };
  // Three years, across daylight saving changes, in several offsets.
  const start = Date.UTC(2023, 0, 1);
  for (let k = 0; k < 20_000; k++) {
    const at = new Date(start + Math.floor(next() * 3 * 365 * 86_400_000));
    const offset = pick(offsets);
    const text = at.toISOString().slice(0, 19);
    add(offset === 'Z' ? `${text}Z` : localIn(at, offset));
  }
  // The edges of a week, in UTC and in offsets that put them on another day locally.
  for (const at of [
    '2026-03-02T00:00:00Z',
    '2026-03-01T23:59:59.999Z',
    '2026-03-01T20:00:00-04:00',
    '2026-03-02T05:44:59+05:45',
    '1969-12-29T00:00:00Z',
    '1969-12-28T23:59:59Z',
  ]) {
    add(at, ['p1', 'p2']);
    add(at, ['p1', 'p2']);
  }
  add('2026-03-03T10:00:00Z', ['p3', 'p3']); // self-help
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

/** The same instant written in a local time at `offset` (±HH:MM). */
function localIn(at: Date, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(at.getTime() + sign * (hours! * 60 + minutes!) * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offset}`;
}

interface Tie {
  key: string;
  interactions: number;
  weight: number;
}

function sorted(ties: Tie[]): Tie[] {
  return [...ties].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const keyOf = (row: Record<string, unknown>) =>
  JSON.stringify(
    ['week', 'helper', 'helped', 'kind', 'topic', 'context', 'source'].map((c) => row[c] ?? null),
  );

async function onDuckDb(csvPath: string): Promise<Tie[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // A session time zone far from UTC: the file's weeks must not depend on it.
    await connection.run("SET TimeZone = 'Asia/Kathmandu'");
    await connection.run(`CREATE TABLE interchange (${COLUMNS})`);
    await connection.run(
      `INSERT INTO interchange SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
      [csvPath],
    );
    const reader = await connection.runAndReadAll(readFileSync(SQL_FILE, 'utf8'));
    return sorted(
      reader.getRowObjectsJson().map((row) => ({
        key: keyOf(row),
        interactions: Number(row.interactions),
        weight: Number(row.weight),
      })),
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function onPostgres(postgres: Postgres, csvPath: string): Tie[] {
  postgres.psql(
    `CREATE TABLE interchange (${COLUMNS.replaceAll('VARCHAR', 'text')});
     \\copy interchange FROM '${csvPath}' WITH (FORMAT csv, HEADER true)`,
  );
  // The file as it is, through psql's CSV output; a session time zone far from UTC.
  const out = postgres.psql(`\\pset format csv\n\\pset tuples_only off\n\\i ${SQL_FILE}\n`, {
    PGTZ: 'America/St_Johns',
  });
  const [header, ...lines] = out.trimEnd().split('\n');
  const names = header!.split(',');
  return sorted(
    lines.map((line) => {
      const row: Record<string, unknown> = {};
      parseCsvLine(line).forEach((value, k) => (row[names[k]!] = value));
      return {
        key: keyOf(row),
        interactions: Number(row.interactions),
        weight: Number(row.weight),
      };
    }),
  );
}

/** One line of psql's CSV: quoted fields may hold commas; an empty unquoted field is NULL. */
function parseCsvLine(line: string): (string | null)[] {
  const fields: (string | null)[] = [];
  const pattern = /(?:"((?:[^"]|"")*)"|([^,]*))(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    fields.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2] || null);
    if (match[3] === '') break;
  }
  return fields;
}

const missing = postgresMissing();
// Outside CI, a machine without PostgreSQL skips this file, for the reason in `missing`; CI
// installs it (.ci/run), and there a missing PostgreSQL fails the test instead.
const skip = missing !== null && !process.env.CI;

describe.skipIf(skip)('sql/weekly-ties.sql on DuckDB and PostgreSQL 15', () => {
  let postgres: Postgres;
  beforeAll(() => {
    postgres = startPostgres();
  }, 60_000);
  afterAll(() => postgres?.stop());

  it('gives the same weekly ties from the same interchange rows', async () => {
    const { csv, rows } = interchangeCsv();
    const path = join(tempDir(), 'interchange.csv');
    writeFileSync(path, csv);
    expect(postgres.psql('SHOW server_version_num').trim()).toMatch(/^15\d{4}$/);

    const duck = await onDuckDb(path);
    const pg = onPostgres(postgres, path);
    expect(pg.length).toBeGreaterThan(1000);
    expect(pg.map((t) => t.key)).toEqual(duck.map((t) => t.key));
    expect(pg.map((t) => t.interactions)).toEqual(duck.map((t) => t.interactions));
    // Sums of doubles in another order may differ in the last bits, not more.
    for (let k = 0; k < pg.length; k++) {
      expect(pg[k]!.weight).toBeCloseTo(duck[k]!.weight, 9);
    }
    // Every event but the self-help is in some tie.
    expect(duck.reduce((sum, t) => sum + t.interactions, 0)).toBe(rows - 1);

    // The week edges: Monday 00:00 UTC starts a week, whatever the offset it was written in.
    const edge = (week: string) =>
      duck.filter((t) => {
        const [w, helper, helped] = JSON.parse(t.key) as string[];
        return w === week && helper === 'p1' && helped === 'p2';
      });
    const total = (ties: Tie[]) => ties.reduce((sum, t) => sum + t.interactions, 0);
    expect(total(edge('2026-03-02'))).toBe(4);
    expect(total(edge('2026-02-23'))).toBe(4);
    expect(total(edge('1969-12-29'))).toBe(2);
    expect(total(edge('1969-12-22'))).toBe(2);
  });
});
