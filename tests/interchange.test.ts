import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { readStats } from '../server/store/queries.ts';
import { expectFailedImport, expectNothingNew } from './connector-helpers.ts';
import { openStore, tempDir, writeTemp } from './helpers.ts';

const HEADER = 'id,helper,helped,at,kind,topic,context';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

const GOOD = csv(
  'a1,ana@example.com,ben@example.com,2026-03-01T09:00:00Z,answer,kubernetes,#help',
  'a2,ana@example.com,ben@example.com,2026-03-02T10:00:00+02:00,reply,kubernetes,#help',
  'a3,ben@example.com,cy@example.com,2026-03-03,review,go,api-repo',
  'a4,cy@example.com,cy@example.com,2026-03-04T00:00:00Z,reply,go,#help',
);

const file = (text: string, name = 'interactions.csv') => ({
  path: writeTemp(name, text),
  options: {},
});

describe('interchange connector (interactions)', () => {
  it('stores one interaction per row, skips self-help and makes people of unknown accounts', async () => {
    const store = await openStore();
    const summary = await runImport(store, interactions, file(GOOD));
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.interactionsStored).toBe(3);
    expect(summary.skipped).toEqual({ 'self-help (helper and helped are the same)': 1 });
    const stored = await store.all<{ source_id: string; at: string; kind: string }>(
      `SELECT source_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS at, kind
       FROM interactions ORDER BY source_id`,
    );
    expect(stored).toEqual([
      { source_id: 'a1', at: '2026-03-01T09:00:00Z', kind: 'answer' },
      // the offset is honoured: 10:00 at +02:00 is 08:00 UTC
      { source_id: 'a2', at: '2026-03-02T08:00:00Z', kind: 'reply' },
      { source_id: 'a3', at: '2026-03-03T00:00:00Z', kind: 'review' },
    ]);
    expect(await readStats(store)).toMatchObject({ people: 3, accounts: 3, interactions: 3 });
  });

  it('is idempotent: importing the same file twice changes nothing', async () => {
    const store = await openStore();
    const input = file(GOOD);
    await runImport(store, interactions, input);
    await expectNothingNew(store, interactions, input, 3);
  });

  it('stores a bulk-sized file (beyond one DuckDB row group) and sees it at once', async () => {
    const store = await openStore();
    const path = join(tempDir(), 'bulk.csv');
    const rows = 150_000;
    await store.run(`COPY (
      SELECT 'b' || i AS id, 'p' || (i % 97) AS helper, 'p' || (i % 89 + 100) AS helped,
             '2026-03-01T00:00:00Z' AS "at", 'reply' AS kind, 'go' AS topic, '#go' AS context
      FROM range(${rows}) t(i)) TO '${path}' (HEADER)`);
    const summary = await runImport(store, interactions, { path, options: {} });
    expect(summary.counts.interactionsStored).toBe(rows);
    expect((await readStats(store)).interactions).toBe(rows);
    const ties = await readTies(store);
    expect(ties.reduce((sum, tie) => sum + tie.interactions, 0)).toBe(rows);
    const again = await runImport(store, interactions, { path, options: {} });
    expect(again.counts.interactionsAlreadyPresent).toBe(rows);
    expect((await readStats(store)).interactions).toBe(rows);
  });

  it('loads a clean file in one pass, and gives way to the staging path for one that needs care, with the same rows', async () => {
    const phasesOf = async (store: Awaited<ReturnType<typeof openStore>>, text: string) => {
      const phases: string[] = [];
      const summary = await runImport(store, interactions, file(text), {
        onPhase: (phase) => phases.push(phase),
      });
      return { summary, phases };
    };
    const rowsOf = (store: Awaited<ReturnType<typeof openStore>>) =>
      store.all(
        `SELECT source, source_id, occurred_at::VARCHAR AS at, helper_account, helped_account,
                kind, context, topic, weight FROM interactions ORDER BY source_id`,
      );
    const clean =
      [
        'id,helper,helped,at,kind,topic,context,weight',
        ...GOOD.split('\n')
          .slice(1, -1)
          .map((row, i) => `${row},${i === 0 ? ' 2.5 ' : ''}`),
      ].join('\n') + '\n';
    const direct = await openStore();
    const first = await phasesOf(direct, clean);
    expect(first.phases).toContain('load directly');
    expect(first.phases).not.toContain('read file');
    // A row twice: the staging path keeps the first, as always.
    const careful = await openStore();
    const lines = clean.split('\n');
    const second = await phasesOf(careful, [...lines.slice(0, 2), ...lines.slice(1)].join('\n'));
    expect(second.phases).toContain('read file');
    expect(second.phases).not.toContain('load directly');
    expect(await rowsOf(careful)).toEqual(await rowsOf(direct));
    expect(second.summary.counts).toEqual({
      ...first.summary.counts,
      interactionsRead: first.summary.counts.interactionsRead + 1,
    });
    expect(second.summary.skipped).toEqual({
      ...first.summary.skipped,
      'same id twice in the input (first kept)': 1,
    });
    // Rows already stored are left alone on the direct path too.
    const more = await phasesOf(
      direct,
      csv(
        'a3,ben@example.com,cy@example.com,2026-03-03,review,go,api-repo',
        'a5,cy@example.com,ana@example.com,2026-03-05T00:00:00Z,reply,go,#help',
      ),
    );
    expect(more.phases).toContain('load directly');
    expect(more.summary.counts).toMatchObject({
      interactionsRead: 2,
      interactionsStored: 1,
      interactionsAlreadyPresent: 1,
    });
    expect((await rowsOf(direct)).map((row) => (row as { source_id: string }).source_id)).toEqual([
      'a1',
      'a2',
      'a3',
      'a5',
    ]);
  });

  it('keeps the first of two rows with the same id and says so', async () => {
    const store = await openStore();
    const summary = await runImport(
      store,
      interactions,
      file(
        csv(
          'x,ana@example.com,ben@example.com,2026-03-01T09:00:00Z,answer,k8s,#help',
          'x,ana@example.com,ben@example.com,2026-03-05T09:00:00Z,answer,k8s,#help',
        ),
      ),
    );
    expect(summary.counts.interactionsStored).toBe(1);
    expect(Object.values(summary.skipped)).toEqual([1]);
    const rows = await store.all('SELECT source_id FROM interactions');
    expect(rows).toHaveLength(1);
  });

  it('reads NDJSON with the same meaning as CSV, including an explicit weight', async () => {
    const store = await openStore();
    const lines = [
      {
        id: 'n1',
        helper: 'p1',
        helped: 'p2',
        at: '2026-03-01T09:00:00Z',
        kind: 'answer',
        topic: 'go',
        context: 'qa',
        weight: 3,
      },
      {
        id: 'n2',
        helper: 'p2',
        helped: 'p1',
        at: '2026-03-02T09:00:00Z',
        kind: 'reply',
        topic: null,
        context: null,
      },
    ];
    await runImport(
      store,
      interactions,
      file(lines.map((l) => JSON.stringify(l)).join('\n'), 'x.ndjson'),
    );
    const ties = await readTies(store);
    expect(ties).toEqual([
      { helper: 'interchange:p1', helped: 'interchange:p2', weight: 3, interactions: 1 },
      { helper: 'interchange:p2', helped: 'interchange:p1', weight: 1, interactions: 1 },
    ]);
  });

  it('links helper and helped to org-chart people by person id or e-mail, case-insensitive', async () => {
    const store = await openStore();
    await runImport(store, interactions, file(GOOD));
    expect((await readStats(store)).people).toBe(3);
    const chart = [
      'person,name,email,team,manager,title,joined',
      'p1,Ana Alves,Ana@Example.com,core,,Lead,2020-01-06',
      'p2,Ben Bauer,ben@example.com,core,p1,Engineer,2021-05-01',
    ].join('\n');
    const summary = await runImport(store, orgChart, file(chart, 'org.csv'));
    expect(summary.counts.peopleNew).toBe(2);
    // ana and ben were people made up from their addresses; now they are p1 and p2
    expect(summary.counts.peopleMerged).toBe(2);
    const ties = await readTies(store);
    expect(ties.map((t) => [t.helper, t.helped])).toEqual([
      ['p1', 'p2'],
      ['p2', 'interchange:cy@example.com'],
    ]);
    // a person id in the interchange file links too
    await runImport(
      store,
      interactions,
      file(csv('z1,p2,p1,2026-03-09T09:00:00Z,reply,go,#help'), 'more.csv'),
    );
    expect(
      (await readTies(store)).find((t) => t.helper === 'p2' && t.helped === 'p1'),
    ).toBeTruthy();
  });

  describe('bad input: a clear error and an unchanged database', () => {
    const cases: [string, string, RegExp][] = [
      [
        'a missing column',
        'id,helper,helped,at,kind,topic\n1,a,b,2026-01-01,reply,go\n',
        /interactions\.csv: missing column "context"/,
      ],
      [
        'an unparseable date',
        csv('a1,a,b,2026-03-01T09:00:00Z,reply,go,#help', 'a2,a,b,2026-13-45,reply,go,#help'),
        /interactions\.csv, line 3, field "at": "2026-13-45" is not an ISO 8601 date-time/,
      ],
      [
        'an empty helper',
        csv('a1,,b,2026-03-01T09:00:00Z,reply,go,#help'),
        /interactions\.csv, line 2, field "helper": the value is empty/,
      ],
      [
        'a negative weight',
        'id,helper,helped,at,kind,topic,context,weight\na1,a,b,2026-03-01,reply,go,x,-2\n',
        /line 2, field "weight": "-2" is not a finite number of zero or more/,
      ],
      [
        'a row with too many fields',
        csv('a1,a,b,2026-03-01T09:00:00Z,reply,go,#help,extra,more'),
        /interactions\.csv, line 2: has more fields than the 7 of the header/,
      ],
    ];
    for (const [name, text, message] of cases) {
      it(name, async () => {
        const store = await openStore();
        await runImport(store, interactions, file(GOOD));
        await expectFailedImport(store, interactions, file(text), { message });
        const leftovers = await store.all(`SELECT table_name FROM duckdb_tables() WHERE temporary`);
        expect(leftovers).toEqual([]);
      });
    }

    it('a file that does not exist, or has no known extension', async () => {
      const store = await openStore();
      await expect(
        runImport(store, interactions, { path: '/nonexistent/x.csv', options: {} }),
      ).rejects.toThrow(/x\.csv: no such file/);
      await expect(runImport(store, interactions, file('whatever', 'notes.txt'))).rejects.toThrow(
        /cannot tell the format; expected a CSV file \(\.csv\) or an NDJSON file/,
      );
    });

    it('an NDJSON line that is not JSON', async () => {
      const store = await openStore();
      const text = `${JSON.stringify({ id: 'n1', helper: 'a', helped: 'b', at: '2026-03-01', kind: 'reply' })}\n{"id": "n2", "helper": \n`;
      await expect(runImport(store, interactions, file(text, 'x.ndjson'))).rejects.toThrow(
        /x\.ndjson, line 2: is not valid JSON/,
      );
      expect((await readStats(store)).interactions).toBe(0);
    });
  });
});
