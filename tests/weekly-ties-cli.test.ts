/**
 * The two commands for going beyond one machine, run as a person would: `helpflow export
 * --format parquet` writes the interactions in Hive layout with the report filters, and
 * `helpflow import weekly-ties` takes weekly ties computed elsewhere, checked at the door (file,
 * line or row and field in every error; a failed file stores nothing), replacing the weeks it brings.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { importWeeklyTies } from '../server/store/weekly-ties-import.ts';
import { helpflow, helpflowJson } from './cli-helpers.ts';
import { storeWith, tempDir } from './helpers.ts';

const CHART = [
  'person,name,email,team,manager,title,joined',
  'a,Ana,ana@x.org,core,,Lead,2020-01-01',
  'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
  'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
].join('\n');

const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight',
  '1,a,b,2026-03-02T10:00:00Z,review,go,api,',
  '2,b,a,2026-03-03T10:00:00Z,reply,go,#core,',
  '3,a,c,2026-04-04T10:00:00Z,answer,sql,#data,3',
  '4,c,a,2026-04-05T10:00:00Z,reply,,,',
].join('\n');

const TIES_HEADER = 'week,helper,helped,kind,topic,context,source,interactions,weight';

/** A database file with the org chart (and the interchange events, unless `events` is false). */
async function database(events = true): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'helpflow.duckdb');
  writeFileSync(join(dir, 'org.csv'), CHART);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  expect((await helpflow('import', 'org-chart', join(dir, 'org.csv'), '--db', db)).code).toBe(0);
  if (events) {
    expect(
      (await helpflow('import', 'interactions', join(dir, 'events.csv'), '--db', db)).code,
    ).toBe(0);
  }
  return { dir, db };
}

async function readParquet(glob: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY source_id`,
    );
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('helpflow export --format parquet', () => {
  it('writes the interactions by month and source, with the report filters', async () => {
    const { dir, db } = await database();
    const out = join(dir, 'all');
    const done = await helpflow('export', '--format', 'parquet', '--out', out, '--db', db);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('Wrote 4 interactions');
    expect(readdirSync(out).sort()).toEqual(['month=2026-03', 'month=2026-04']);
    expect(readdirSync(join(out, 'month=2026-03'))).toEqual(['source=interchange']);
    const rows = await readParquet(`${out}/**/*.parquet`);
    expect(rows.map((r) => [r.source_id, r.helper, r.helped, r.kind, r.weight])).toEqual([
      ['1', 'a', 'b', 'review', null],
      ['2', 'b', 'a', 'reply', null],
      ['3', 'a', 'c', 'answer', 3],
      ['4', 'c', 'a', 'reply', null],
    ]);
    expect(rows[0]).toMatchObject({
      source: 'interchange',
      month: '2026-03',
      topic: 'go',
      context: 'api',
    });

    const replies = join(dir, 'replies');
    await helpflow(
      'export',
      '--format',
      'parquet',
      '--out',
      replies,
      '--kind',
      'reply',
      '--db',
      db,
    );
    expect((await readParquet(`${replies}/**/*.parquet`)).map((r) => r.source_id)).toEqual([
      '2',
      '4',
    ]);
    const april = join(dir, 'april');
    await helpflow(
      'export',
      '--format',
      'parquet',
      '--out',
      april,
      '--from',
      '2026-04-01',
      '--db',
      db,
    );
    expect(readdirSync(april)).toEqual(['month=2026-04']);

    // Never into a folder that holds something: two exports in one would count help twice.
    const again = await helpflow('export', '--format', 'parquet', '--out', out, '--db', db);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out} is not an empty folder`);
    const noOut = await helpflow('export', '--format', 'parquet', '--db', db);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out DIR');
  });
});

describe('helpflow import weekly-ties', () => {
  it('imports ties computed elsewhere, which the reports of whole weeks then read', async () => {
    const { dir, db } = await database(false);
    const file = join(dir, 'ties.csv');
    writeFileSync(
      file,
      [
        TIES_HEADER,
        '2026-03-02,ana@x.org,ben@x.org,review,go,api,warehouse,3,6',
        '2026-03-02,ben@x.org,ana@x.org,reply,,,warehouse,1,1',
        '2026-03-09,cy@x.org,cy@x.org,reply,,,warehouse,2,2',
      ].join('\n'),
    );
    const summary = await helpflowJson<{ counts: Record<string, number>; skipped: object }>(
      'import',
      'weekly-ties',
      file,
      '--db',
      db,
    );
    expect(summary.counts).toMatchObject({ weeklyTies: 2, interactionsStored: 4, accountsNew: 2 });
    expect(summary.skipped).toEqual({ 'self-help (helper and helped are the same)': 1 });
    const people = await helpflowJson<{ people: { person: string; helpGiven: number }[] }>(
      'report',
      'people',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-09',
      '--db',
      db,
    );
    const given = Object.fromEntries(people.people.map((p) => [p.person, p.helpGiven]));
    expect(given).toEqual({ a: 6, b: 1, c: 0 });
    // Without a window: the 13 whole weeks up to the last week of ties, not 90 days from a time.
    const byDefault = await helpflowJson<{ window: object; people: { helpGiven: number }[] }>(
      'report',
      'people',
      '--db',
      db,
    );
    expect(byDefault.window).toEqual({
      from: '2025-12-08T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
    });
    expect(byDefault.people.map((p) => p.helpGiven).sort()).toEqual([0, 1, 6]);

    // A week recomputed elsewhere comes back whole: its earlier ties go.
    const again = join(dir, 'again.csv');
    writeFileSync(
      again,
      [TIES_HEADER, '2026-03-02,cy@x.org,ana@x.org,answer,sql,,warehouse,1,2'].join('\n'),
    );
    const second = await helpflow('import', 'weekly-ties', again, '--db', db);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('they replace 1 weeks imported before');
    const store = await Store.open(db);
    try {
      const rows = await store.all(
        `SELECT helper_account, helped_account, interactions FROM weekly_ties ORDER BY ALL`,
      );
      expect(rows).toEqual([
        { helper_account: 'cy@x.org', helped_account: 'ana@x.org', interactions: 1 },
      ]);
    } finally {
      store.close();
    }
  });

  it('names the file, row and field of a bad value, and stores nothing', async () => {
    const store = await storeWith(CHART, EVENTS);
    const dir = tempDir();
    const good = '2026-03-02,ana@x.org,ben@x.org,review,go,api,warehouse,3,6';
    const cases: [string, string[], RegExp][] = [
      [
        'not-monday.csv',
        [good, '2026-03-03,a,b,reply,,,w,1,1'],
        /line 3, field "week": "2026-03-03" is not a Monday/,
      ],
      [
        'no-date.csv',
        [good, 'soon,a,b,reply,,,w,1,1'],
        /line 3, field "week": "soon" is not a date/,
      ],
      [
        'count.csv',
        ['2026-03-02,a,b,reply,,,w,1.5,1'],
        /line 2, field "interactions": "1.5" is not a whole number/,
      ],
      ['zero.csv', ['2026-03-02,a,b,reply,,,w,0,1'], /line 2, field "interactions": "0"/],
      [
        'weight.csv',
        ['2026-03-02,a,b,reply,,,w,1,-1'],
        /line 2, field "weight": "-1" is not a finite number/,
      ],
      ['nan.csv', ['2026-03-02,a,b,reply,,,w,1,NaN'], /line 2, field "weight"/],
      [
        'helper.csv',
        ['2026-03-02,,b,reply,,,w,1,1'],
        /line 2, field "helper": an empty value is empty/,
      ],
      ['twice.csv', [good, good], /line 3: is the same tie .* as line 2/],
      [
        'raw.csv',
        ['2026-03-02,a,b,reply,,,interchange,1,1'],
        /field "source": source "interchange" holds raw events/,
      ],
    ];
    for (const [name, lines, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, [TIES_HEADER, ...lines].join('\n'));
      await expect(importWeeklyTies(store, file), name).rejects.toThrow(
        new RegExp(`^${name}, ${message.source}`),
      );
    }
    const noWeight = join(dir, 'columns.csv');
    writeFileSync(noWeight, 'week,helper,helped,kind,topic,context,source,interactions\n');
    await expect(importWeeklyTies(store, noWeight)).rejects.toThrow(
      'columns.csv: has no column "weight"',
    );
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    await expect(importWeeklyTies(store, folder)).rejects.toThrow('there is no file');
    expect(
      await store.one('SELECT 1 FROM weekly_ties WHERE import_id IS NOT NULL'),
    ).toBeUndefined();
    const failed = await store.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM imports WHERE connector = 'weekly-ties' AND status = 'failed'`,
    );
    expect(failed!.n).toBe(cases.length + 2);
  });

  it('fails on the command line with the message and exit code 1', async () => {
    const { dir, db } = await database(false);
    const file = join(dir, 'ties.csv');
    writeFileSync(file, [TIES_HEADER, '2026-03-03,a,b,reply,,,w,1,1'].join('\n'));
    const result = await helpflow('import', 'weekly-ties', file, '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'import failed, nothing was stored: ties.csv, line 2, field "week": "2026-03-03" is not a Monday',
    );
  });
});

describe('a source is raw or weekly, not both', () => {
  it('refuses raw events for a source whose help came as weekly ties', async () => {
    const store = await storeWith(CHART, 'id,helper,helped,at,kind,topic,context\n');
    const ties = join(tempDir(), 'ties.csv');
    writeFileSync(ties, [TIES_HEADER, '2026-03-02,a,b,reply,,,interchange,2,2'].join('\n'));
    await importWeeklyTies(store, ties);
    const events = join(tempDir(), 'events.csv');
    writeFileSync(events, EVENTS);
    await expect(runImport(store, interactions, { path: events, options: {} })).rejects.toThrow(
      'source "interchange" has weekly ties imported from elsewhere',
    );
    expect(await store.one('SELECT 1 FROM interactions')).toBeUndefined();
    // The weekly ties of interchange name person ids: they link to the org chart's people.
    const linked = await store.all<{ account_id: string; person_id: string }>(
      `SELECT account_id, person_id FROM accounts WHERE source = 'interchange' ORDER BY 1`,
    );
    expect(linked).toEqual([
      { account_id: 'a', person_id: 'a' },
      { account_id: 'b', person_id: 'b' },
    ]);
  });
});
