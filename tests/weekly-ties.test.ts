/**
 * The weekly tie aggregate helpflow keeps (docs/weekly-ties.md): every report over windows of
 * whole weeks is the same whether it reads the weekly ties or the raw events, on the demo and
 * with each filter; the aggregate stays equal to sql/weekly-ties.sql run from scratch after
 * imports, retention, erasure and integrity on open; and the file's kind weights are helpflow's.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { DEFAULT_KIND_WEIGHTS } from '../server/config.ts';
import { exportInteractionsParquet } from '../server/export/parquet.ts';
import type { DemoManifest } from '../demo/generate.ts';
import { Reports, type ReportQuery } from '../server/reports/reports.ts';
import { eventTable, isWeekStart } from '../server/store/analytics-queries.ts';
import { Store } from '../server/store/database.ts';
import { forgetPerson } from '../server/store/erasure.ts';
import { runImport } from '../server/store/ingest.ts';
import { applyRetention } from '../server/store/retention.ts';
import { importWeeklyTies } from '../server/store/weekly-ties-import.ts';
import { openStore, ROOT, writeTemp } from './helpers.ts';
import {
  everyReport,
  importDemo,
  keptWeeklyTies,
  newestInteraction,
  weeklyTiesFromScratch,
  wholeWeeks,
} from './weekly-ties-demo.ts';

let dir: string;
let store: Store;
let manifest: DemoManifest;

beforeAll(async () => {
  ({ dir, store, manifest } = await importDemo());
});

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the weekly tie aggregate', () => {
  it('holds what sql/weekly-ties.sql computes from the raw events', async () => {
    const kept = await keptWeeklyTies(store);
    expect(kept.length).toBeGreaterThan(1000);
    expect(kept).toEqual(await weeklyTiesFromScratch(store));
    // Fewer rows than events: that is what it is for.
    const events = await store.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM interactions',
    );
    const sum = await store.one<{ n: number }>(
      'SELECT sum(interactions)::INTEGER AS n FROM weekly_ties',
    );
    expect(sum!.n).toBe(events!.n);
    expect(kept.length).toBeLessThan(events!.n);
  });

  it("uses helpflow's default kind weights in the portable file", () => {
    const text = readFileSync(join(ROOT, 'sql/weekly-ties.sql'), 'utf8');
    const pairs = [...text.matchAll(/\('([a-z-]+)', ([0-9.]+)\)/g)].map(([, kind, weight]) => [
      kind,
      Number(weight),
    ]);
    expect(Object.fromEntries(pairs)).toEqual(DEFAULT_KIND_WEIGHTS);
  });

  it('is read for whole weeks only, and not where an event has several topics', async () => {
    expect(isWeekStart('2026-03-02T00:00:00.000Z')).toBe(true);
    expect(isWeekStart('2026-03-01T00:00:00.000Z')).toBe(false);
    expect(isWeekStart('2026-03-02T00:00:01.000Z')).toBe(false);
    const week = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' };
    expect(await eventTable(store, week)).toBe('weekly_ties');
    expect(await eventTable(store, { ...week, to: '2026-03-15T00:00:00.000Z' })).toBe(
      'interactions',
    );
    expect(await eventTable(store, { ...week, kindWeights: { reply: 3 } })).toBe('interactions');
    expect(await eventTable(store, { ...week, rawEvents: true })).toBe('interactions');
    // The demo's events have one topic each: topics can be read from the aggregate.
    expect(await eventTable(store, week, true)).toBe('weekly_ties');
  });
});

describe('weights off the grid', () => {
  it('are summed smallest first, so the same events keep the same bits on every import', async () => {
    const own = await openStore();
    const week = '2026-03-02T10:00:00Z';
    const csv = (rows: string[]) =>
      writeTemp(
        'weights.csv',
        ['id,helper,helped,at,kind,topic,context,weight', ...rows].join('\n'),
      );
    // In file order (or its reverse) a plain sum gives 1e-16 + 1 + 1e-16 = 1; smallest first,
    // 1 + 2e-16.
    await runImport(own, interactions, {
      path: csv([
        `w1,ann@example.com,bob@example.com,${week},help,,,1e-16`,
        `w2,ann@example.com,bob@example.com,${week},help,,,1`,
        `w3,ann@example.com,bob@example.com,${week},help,,,1e-16`,
      ]),
      options: {},
    });
    const stored = async () =>
      (await own.one<{ weight: number }>('SELECT weight FROM weekly_ties'))!.weight;
    expect(await stored()).toBe([1e-16, 1e-16, 1].reduce((sum, w) => sum + w));
    expect(await stored()).not.toBe(1);
    // A second import into the same week recomputes it from the stored events, the same way.
    await runImport(own, interactions, {
      path: csv([`w4,ann@example.com,bob@example.com,${week},help,,,1e-16`]),
      options: {},
    });
    expect(await stored()).toBe([1e-16, 1e-16, 1e-16, 1].reduce((sum, w) => sum + w));
  });
});

describe('every report on whole weeks, from the weekly ties and from the raw events', () => {
  // The topic the demo's help is most often about.
  const commonTopic = async () =>
    (await store.one<{ topic: string }>(
      `SELECT topic FROM interactions WHERE topic IS NOT NULL
       GROUP BY topic ORDER BY count(*) DESC, topic LIMIT 1`,
    ))!.topic;
  const cases: [string, number, () => Promise<ReportQuery>][] = [
    ['13 weeks', 13, async () => ({})],
    ['4 weeks', 4, async () => ({})],
    ['a year', 52, async () => ({})],
    ['13 weeks, one team', 13, async () => ({ team: manifest.teams[0]!.name })],
    ['13 weeks, one topic', 13, async () => ({ topic: await commonTopic() })],
    ['26 weeks, one source and kind', 26, async () => ({ source: 'slack', kind: 'reply' })],
  ];
  for (const [name, weeks, filters] of cases) {
    it(`are the same: ${name}`, async () => {
      const window = wholeWeeks(await newestInteraction(store), weeks);
      const query = { ...window, ...(await filters()) };
      const topic = manifest.experts[0]!.topic;
      const weekly = await everyReport(new Reports(store), query, topic);
      const raw = await everyReport(new Reports(store, { weeklyTies: false }), query, topic);
      expect(await eventTable(store, query)).toBe('weekly_ties');
      expect(weekly.people.people.some((p) => p.helpGiven > 0)).toBe(true);
      expect(weekly).toEqual(raw);
    });
  }
});

describe('kept in step with every change to the events', () => {
  it('after a second import, retention, an erasure and integrity on open', async () => {
    const newest = await newestInteraction(store);
    const people = await store.all<{ email: string; person_id: string }>(
      `SELECT email, person_id FROM people WHERE email IS NOT NULL ORDER BY person_id LIMIT 3`,
    );
    const [a, b, c] = people.map((p) => p.email);
    // Events in weeks the Slack help already fills, and in a week of their own.
    const at = (days: number) => new Date(Date.parse(newest) - days * 86_400_000).toISOString();
    const csv = join(dir, 'more.csv');
    writeFileSync(
      csv,
      [
        'id,helper,helped,at,kind,topic,context,weight',
        `m1,${a},${b},${at(1)},answer,sql,#data,`,
        `m2,${a},${b},${at(1.5)},answer,sql,#data,3`,
        `m3,${b},${c},${at(20)},review,,repo,`,
        `m4,${c},${a},${at(400)},help,sql,,`,
      ].join('\n'),
    );
    await runImport(store, interactions, { path: csv, options: {} });
    expect(await keptWeeklyTies(store)).toEqual(await weeklyTiesFromScratch(store));

    // Retention at a cutoff inside a week: whole weeks before it go, its own is recomputed.
    const cutoffDays = Math.round((Date.now() - Date.parse(at(300))) / 86_400_000);
    const result = await applyRetention(store, { days: cutoffDays, auditDays: 0 });
    expect(result.tables.interactions).toBeGreaterThan(0);
    expect(result.tables.weekly_ties).toBeGreaterThan(0);
    expect(await keptWeeklyTies(store)).toEqual(await weeklyTiesFromScratch(store));

    await forgetPerson(store, people[1]!.person_id, { tokenId: null, role: 'admin', viewer: null });
    expect(await keptWeeklyTies(store)).toEqual(await weeklyTiesFromScratch(store));

    // A run killed before its commit could be replayed in part: its rows go on the next open,
    // and the weekly ties are rebuilt without them.
    await store.run(
      `INSERT INTO imports (import_id, connector, origin, started_at, status)
       VALUES (nextval('import_ids'), 'interactions', 'killed.csv', now(), 'running')`,
    );
    await store.run(
      `INSERT INTO interactions SELECT 'interchange', 'k' || i, $1::TIMESTAMPTZ, $2, $3, 'reply',
              NULL, NULL, NULL, currval('import_ids') FROM range(5) t(i)`,
      [at(2), a!, c!],
    );
    await store.run(
      `INSERT INTO weekly_ties VALUES ($1::TIMESTAMPTZ::DATE, 'interchange', $2, $3, 'reply',
              NULL, NULL, 5, 5, NULL)`,
      [at(2), a!, c!],
    );
    const path = store.path;
    store.close();
    store = await Store.open(path);
    expect(store.recovered).toHaveLength(1);
    expect(await keptWeeklyTies(store)).toEqual(await weeklyTiesFromScratch(store));
  });
});

describe('outgrowing one machine: raw events out as Parquet, weekly ties back in', () => {
  it('gives the same reports on imported weekly ties as on the raw events, for whole weeks', async () => {
    const out = join(dir, 'warehouse');
    const exported = await exportInteractionsParquet(store, join(out, 'interactions'), {});
    const events = await store.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM interactions',
    );
    expect(exported.rows).toBe(events!.n);
    expect(exported.files).toBeGreaterThan(3);
    expect(readdirSync(join(out, 'interactions')).every((d) => /^month=\d{4}-\d{2}$/.test(d))).toBe(
      true,
    );

    // Elsewhere: another engine (here a DuckDB of its own) reads the Hive layout and runs the file.
    const parquet = join(out, 'weekly-ties.parquet');
    const csv = join(out, 'weekly-ties.csv');
    await computeElsewhere(join(out, 'interactions'), parquet, csv);

    // A database without the raw events: the identities helpflow holds (people, accounts), and
    // the weekly ties computed elsewhere.
    const fresh = await Store.open(join(out, 'fresh.duckdb'));
    try {
      const identities = join(out, 'identities');
      mkdirSync(identities);
      for (const table of ['people', 'accounts', 'aliases']) {
        const file = join(identities, `${table}.parquet`);
        await store.run(`COPY ${table} TO '${file}' (FORMAT parquet)`);
        await fresh.run(`INSERT INTO ${table} SELECT * FROM read_parquet('${file}')`);
      }
      const summary = await importWeeklyTies(fresh, parquet);
      expect(summary.counts.interactionsStored).toBe(events!.n);
      expect(await fresh.one('SELECT 1 FROM interactions LIMIT 1')).toBeUndefined();
      const run = await fresh.one<{ status: string; connector: string }>(
        'SELECT status, connector FROM imports WHERE import_id = $1',
        [summary.importId],
      );
      expect(run).toEqual({ status: 'succeeded', connector: 'weekly-ties' });

      const newest = await newestInteraction(store);
      const raw = new Reports(store, { weeklyTies: false });
      const imported = new Reports(fresh);
      const queries: ReportQuery[] = [
        wholeWeeks(newest, 13),
        wholeWeeks(newest, 52),
        { ...wholeWeeks(newest, 13), team: manifest.teams[1]!.name },
        { ...wholeWeeks(newest, 26), kind: 'reply' },
      ];
      for (const query of queries) {
        const fromRaw = await graphReports(raw, query);
        const fromTies = await graphReports(imported, query);
        expect(fromTies.people.people.filter((p) => p.helpGiven > 0).length).toBeGreaterThan(10);
        expect(fromTies).toEqual(fromRaw);
      }
    } finally {
      fresh.close();
    }

    // The same ties as CSV make the same database.
    const fromCsv = await Store.open(join(out, 'from-csv.duckdb'));
    try {
      await importWeeklyTies(fromCsv, csv);
      const ties = (s: Store) =>
        s.all(`SELECT * EXCLUDE (import_id) FROM weekly_ties ORDER BY ALL`);
      const fromParquet = await Store.open(join(out, 'fresh.duckdb'));
      try {
        expect(await ties(fromCsv)).toEqual(await ties(fromParquet));
      } finally {
        fromParquet.close();
      }
    } finally {
      fromCsv.close();
    }
  });
});

/** sql/weekly-ties.sql, unchanged, on the exported Parquet files, written as Parquet and CSV. */
async function computeElsewhere(interactions: string, parquet: string, csv: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `CREATE VIEW interchange AS SELECT * FROM read_parquet('${interactions}/**/*.parquet',
         hive_partitioning = true)`,
    );
    const sql = readFileSync(join(ROOT, 'sql/weekly-ties.sql'), 'utf8');
    await connection.run(`COPY (${sql}) TO '${parquet}' (FORMAT parquet)`);
    await connection.run(`COPY (${sql}) TO '${csv}' (FORMAT csv, HEADER true)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The reports weekly ties can give (docs/weekly-ties.md): those of the help network. What a
 * source covers is said from its weeks there, not its first and last event, so coverage is left
 * out; isolation and expert evidence need the events themselves.
 */
async function graphReports(reports: Reports, query: ReportQuery) {
  const drop = <T extends { coverage: unknown }>({ coverage: _, ...rest }: T) => rest;
  return {
    people: drop(await reports.people(query)),
    communities: drop(await reports.communities(query)),
    flowsByTeam: drop(await reports.flows({ ...query, by: 'team' })),
    flowsByCommunity: drop(await reports.flows({ ...query, by: 'community' })),
    flowsByContext: drop(await reports.flows({ ...query, by: 'context' })),
    trends: drop(await reports.trends(query)),
  };
}
