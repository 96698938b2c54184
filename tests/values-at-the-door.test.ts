/**
 * Values checked at the door, and loss never silent: weights and dates that would poison reports
 * fail the import with line and field (or, asked to, out-of-range dates are skipped and
 * counted); reader errors say DuckDB's reason and the line without quoting the row; NDJSON line
 * numbers are the file's; invalid UTF-8 fails; an over-long last line is never dropped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { mattermost } from '../connectors/mattermost/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { readStats } from '../server/store/queries.ts';
import { helpflow } from './cli-helpers.ts';
import { expectFailedImport } from './connector-helpers.ts';
import { ROOT, openStore, tempDir } from './helpers.ts';
import { readFileSync } from 'node:fs';

const HEADER = 'id,helper,helped,at,kind,topic,context,weight';
const SECRET = 'PLANTED-ROW-TEXT-7f3a';
const row = (id: string, at = '2026-03-01T09:00:00Z', weight = '') =>
  `${id},ana@x.org,bo@x.org,${at},reply,go,${SECRET},${weight}`;
const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

function file(name: string, content: string | Buffer) {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return { path, options: {} };
}

const nextYear = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;

describe('values checked at the door', () => {
  const bad: [string, string, RegExp][] = [
    [
      'a NaN weight',
      csv(row('a1'), row('a2', undefined, 'NaN')),
      /line 3, field "weight": "NaN" is not a finite number/,
    ],
    [
      'an infinite weight',
      csv(row('a1', undefined, 'inf')),
      /line 2, field "weight": "inf" is not a finite/,
    ],
    [
      'a negative infinite weight',
      csv(row('a1', undefined, '-Infinity')),
      /line 2, field "weight"/,
    ],
    [
      'a date in 2099',
      csv(row('a1'), row('a2'), row('a3', '2099-01-01T00:00:00Z')),
      /line 4, field "at": "2099-01-01T00:00:00Z" is before 1990-01-01 or after .* \(now plus 1d\)/,
    ],
    [
      'a date before 1990',
      csv(row('a1', '1989-12-31T23:00:00Z')),
      /line 2, field "at": "1989-12-31T23:00:00Z" is before 1990-01-01/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`fails on ${name}, naming line and field`, async () => {
      const store = await openStore();
      await runImport(store, interactions, file('good.csv', csv(row('g1'))));
      await expectFailedImport(store, interactions, file('events.csv', text), {
        message,
        secret: SECRET,
      });
    });
  }

  it('an NDJSON weight or date out of range fails with the line in the file, blank lines counted', async () => {
    const store = await openStore();
    const line = (id: string, extra: object = {}) =>
      JSON.stringify({
        id,
        helper: 'a@x.org',
        helped: 'b@x.org',
        at: '2026-03-01T09:00:00Z',
        kind: 'reply',
        topic: '',
        context: '',
        ...extra,
      });
    const text = [
      line('n1'),
      '',
      '   ',
      line('n2'),
      line('n3', { at: '2099-05-05T00:00:00Z' }),
    ].join('\n');
    await expectFailedImport(store, interactions, file('x.ndjson', `${text}\n`), {
      message: /x\.ndjson, line 5, field "at": "2099-05-05T00:00:00Z" is before 1990/,
    });
  });

  it('skips and counts dates out of range when asked, and takes a tolerance', async () => {
    const store = await openStore();
    const soon = new Date(Date.now() + 3 * 3600_000).toISOString();
    const text = csv(
      row('a1'),
      row('a2', '2099-01-01T00:00:00Z'),
      row('a3', '1970-01-01T00:00:00Z'),
      row('a4', soon),
    );
    const summary = await runImport(store, interactions, file('e.csv', text), {
      checks: { outOfRangeDates: 'skip', futureToleranceMs: 3600_000 },
    });
    expect(summary.counts.interactionsStored).toBe(1);
    const reasons = Object.entries(summary.skipped);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]![0]).toMatch(/^dated before 1990-01-01 or after .* \(now plus 1h\)$/);
    expect(reasons[0]![1]).toBe(3);
    // With a day of tolerance (the default), the event three hours ahead is kept.
    const store2 = await openStore();
    const again = await runImport(store2, interactions, file('e.csv', text), {
      checks: { outOfRangeDates: 'skip' },
    });
    expect(again.counts.interactionsStored).toBe(2);
  });

  it('the CLI takes --out-of-range-dates skip and --date-tolerance, and refuses nonsense', async () => {
    const db = join(tempDir(), 'h.duckdb');
    const path = file('e.csv', csv(row('a1'), row('a2', nextYear))).path;
    const failed = await helpflow('import', 'interactions', path, '--db', db);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/e\.csv, line 3, field "at"/);
    const skipped = await helpflow(
      'import',
      'interactions',
      path,
      '--db',
      db,
      '--out-of-range-dates',
      'skip',
      '--json',
    );
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).counts.interactionsStored).toBe(1);
    const wrong = await helpflow(
      'import',
      'interactions',
      path,
      '--db',
      db,
      '--date-tolerance',
      'soon',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--date-tolerance: "soon" is not a duration/);
  });

  it('a record-stream connector (Mattermost) fails on a post dated 2099, naming the item', async () => {
    const store = await openStore();
    const lines = readFileSync(join(ROOT, 'tests/fixtures/mattermost/export.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    const index = lines.findIndex((l) => l.includes('"type":"post"'));
    lines[index] = lines[index]!.replaceAll(
      /"create_at":\d+/g,
      `"create_at":${Date.UTC(2099, 0, 1)}`,
    );
    await expectFailedImport(store, mattermost, file('export.jsonl', `${lines.join('\n')}\n`), {
      message:
        /export\.jsonl, mattermost item ".*", field "occurred_at": "2099-01-01.*" is before 1990-01-01 or after/,
    });
  });
});

describe('loss is never silent, and reader errors are precise', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    [
      'a row with too few fields',
      csv(row('a1'), 'a2,ana@x.org,bo@x.org'),
      /e\.csv, line 3: has 3 fields where the header has 8/,
    ],
    [
      'an unterminated quote',
      csv(row('a1'), `a2,ana@x.org,"bo@x.org,2026-03-01,reply,go,${SECRET},`, row('a3')),
      /e\.csv, line 3: has a quoted value that is never closed/,
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from(csv(row('a1'))),
        Buffer.from('a2,an\xff\xfea@x.org,bo@x.org,2026-03-01,reply,go,x,\n', 'latin1'),
      ]),
      /e\.csv, line 3: is not valid UTF-8/,
    ],
    [
      'an over-long last line',
      csv(row('a1'), row('a2'), `${row('a3')}${'x'.repeat(3 * 1024 ** 2)}`),
      /e\.csv, line 4: longer than the 1 MB limit on one line or record \(raise it with --max-record-size/,
    ],
    [
      'an over-long line in the middle',
      csv(row('a1'), `${row('a2')}${'x'.repeat(3 * 1024 ** 2)}`, row('a3')),
      /e\.csv, line 3: longer than the 1 MB limit/,
    ],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: the reason and the line, never the row`, async () => {
      const store = await openStore();
      await expectFailedImport(store, interactions, file('e.csv', text), {
        message,
        secret: SECRET,
      });
    });
  }

  it('a raised --max-record-size reads the long line, stored whole', async () => {
    const store = await openStore();
    const long = `${row('a3').replace(SECRET, 'x'.repeat(3 * 1024 ** 2))}`;
    const input = file('e.csv', csv(row('a1'), row('a2'), long));
    const summary = await runImport(store, interactions, {
      ...input,
      options: { 'max-record-size': '8MB' },
    });
    expect(summary.counts.interactionsStored).toBe(3);
    expect((await readStats(store)).interactions).toBe(3);
  });

  it('NDJSON: malformed JSON and invalid UTF-8 name the line in the file', async () => {
    const store = await openStore();
    const good = JSON.stringify({
      id: 'n1',
      helper: 'a',
      helped: 'b',
      at: '2026-03-01',
      kind: 'reply',
    });
    await expectFailedImport(store, interactions, file('x.ndjson', `${good}\n\n\n{"id": oops}\n`), {
      message:
        /x\.ndjson, line 4: is not valid JSON \(unexpected character\), at byte \d+ of the line/,
    });
    const utf8 = Buffer.concat([
      Buffer.from(`${good}\n`),
      Buffer.from(
        '{"id":"n2","helper":"a\xff","helped":"b","at":"2026-03-01","kind":"r"}\n',
        'latin1',
      ),
    ]);
    await expectFailedImport(store, interactions, file('y.ndjson', utf8), {
      message: /y\.ndjson, line 2: is not valid UTF-8/,
    });
  });
});
