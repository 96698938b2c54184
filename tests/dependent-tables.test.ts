import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orgChart } from '../connectors/org-chart/index.ts';
import type { ConnectorRecord } from '../connectors/types.ts';
import { Store } from '../server/store/database.ts';
import { forgetPerson } from '../server/store/erasure.ts';
import { runImport } from '../server/store/ingest.ts';
import { exportPerson } from '../server/store/person-export.ts';
import { applyRetention } from '../server/store/retention.ts';
import { account, importRecords } from './identity-fixtures.ts';
import { tempDir, writeTemp } from './helpers.ts';

/**
 * Issue 13: retention, erasure, the person export and integrity on open cover every table that
 * holds a person's data: `activity` (migration 20), `interaction_details` (migration 60, which
 * has no date, account or import of its own) and `org_chart_history` (migration 70).
 */

const HEADER = 'person,name,email,team,manager,title,joined';
const chart = (rows: string[]) => [HEADER, ...rows].join('\n');

async function importChart(store: Store, rows: string[], asOf: string): Promise<void> {
  await runImport(store, orgChart, {
    path: writeTemp('org.csv', chart(rows)),
    options: { 'as-of': asOf },
  });
}

function helpOn(id: string, helper: string, helped: string, at: string): ConnectorRecord {
  return {
    type: 'interaction',
    source: 'email',
    sourceId: id,
    occurredAt: at,
    helper,
    helped,
    kind: 'reply',
    context: 'list',
    topic: 'go',
    weight: null,
    thread: `thread-${id}`,
    topics: ['go', 'sql'],
  };
}

function activityOn(id: string, who: string, at: string): ConnectorRecord {
  return {
    type: 'activity',
    source: 'email',
    sourceId: id,
    occurredAt: at,
    account: who,
    kind: 'thread',
    context: 'list',
  };
}

const ANA = 'ana@example.org';
const BOB = 'bob@example.org';
const CARA = 'cara@example.org';
const OLD = '2023-03-01T10:00:00Z';
const RECENT = '2026-06-01T10:00:00Z';

/** Three charts (2024-01, 2024-06, 2026-01), help old and recent with details, activity. */
async function build(path?: string): Promise<Store> {
  const store = await Store.open(path ?? join(tempDir(), 'helpflow.duckdb'));
  const p1 = `p1,Ana,${ANA},a,,Lead,2020-01-01`;
  await importChart(
    store,
    [p1, `p2,Bob,${BOB},a,p1,Dev,2020-01-01`, `p3,Cara,${CARA},b,,Dev,2020-01-01`],
    '2024-01-01',
  );
  await importChart(
    store,
    [p1, `p2,Bob,${BOB},a,p1,Dev,2020-01-01`, `p3,Cara,${CARA},a,p1,Dev,2020-01-01`],
    '2024-06-01',
  );
  await importChart(
    store,
    [p1, `p2,Bob,${BOB},b,p1,Dev,2020-01-01`, `p3,Cara,${CARA},a,p1,Dev,2020-01-01`],
    '2026-01-01',
  );
  await importRecords(store, 'email', [
    account('email', ANA, { email: ANA }),
    account('email', BOB, { email: BOB }),
    account('email', CARA, { email: CARA }),
    helpOn('o1', BOB, ANA, OLD),
    helpOn('o2', CARA, BOB, OLD),
    helpOn('r1', ANA, BOB, RECENT),
    helpOn('r2', CARA, ANA, RECENT),
    activityOn('a-old', ANA, OLD),
    activityOn('a-new', BOB, RECENT),
  ]);
  return store;
}

const column = async (store: Store, sql: string) =>
  (await store.all<{ v: string }>(sql)).map((row) => row.v);
const interactionIds = (store: Store) =>
  column(store, 'SELECT source_id AS v FROM interactions ORDER BY 1');
const detailIds = (store: Store) =>
  column(store, 'SELECT source_id AS v FROM interaction_details ORDER BY 1');
const activityIds = (store: Store) =>
  column(store, 'SELECT source_id AS v FROM activity ORDER BY 1');
const history = (store: Store) =>
  column(
    store,
    `SELECT person_id || '@' || strftime(valid_from, '%Y-%m-%d') || ':' || coalesce(team, '-')
            || ':' || coalesce(manager_id, '-') AS v
     FROM org_chart_history ORDER BY 1`,
  );

describe('tables that hang off people and interactions', () => {
  it('retention removes old activity, the details of old interactions and superseded chart rows', async () => {
    const store = await build();
    try {
      expect(await detailIds(store)).toEqual(['o1', 'o2', 'r1', 'r2']);
      const result = await applyRetention(
        store,
        { days: 730, auditDays: 0 },
        new Date('2026-12-01T00:00:00Z'),
      );
      expect(result.tables).toMatchObject({
        interactions: 2,
        interaction_details: 2,
        activity: 1,
        // the 2024-01-01 rows were superseded on 2024-06-01, before the cutoff (2024-12-01)
        org_chart_history: 3,
      });
      expect(await interactionIds(store)).toEqual(['r1', 'r2']);
      expect(await detailIds(store)).toEqual(['r1', 'r2']);
      expect(await activityIds(store)).toEqual(['a-new']);
      expect(await history(store)).toEqual([
        'p1@2024-06-01:a:-',
        'p1@2026-01-01:a:-',
        'p2@2024-06-01:a:p1',
        'p2@2026-01-01:b:p1',
        'p3@2024-06-01:a:p1',
        'p3@2026-01-01:a:p1',
      ]);
    } finally {
      store.close();
    }
  });

  it('erasure removes a person’s activity, details and chart history; the export shows them first', async () => {
    const store = await build();
    const by = { tokenId: null, role: 'admin', viewer: null };
    try {
      const exported = await exportPerson(store, 'p1', by);
      expect(exported.orgChartHistory.map((row) => row.valid_from)).toEqual([
        '2024-01-01',
        '2024-06-01',
        '2026-01-01',
      ]);
      expect(exported.events.activity!.map((row) => row.source_id)).toEqual(['a-old']);
      expect(exported.events.interactions!.map((row) => row.source_id).sort()).toEqual([
        'o1',
        'r1',
        'r2',
      ]);

      const forgotten = await forgetPerson(store, 'p1', by);
      expect(forgotten.events).toMatchObject({
        interactions: 3,
        interaction_details: 3,
        activity: 1,
      });
      expect(await interactionIds(store)).toEqual(['o2']);
      expect(await detailIds(store)).toEqual(['o2']);
      expect(await activityIds(store)).toEqual(['a-new']);
      // Nobody's history names them, as a person or as a manager.
      const rows = await history(store);
      expect(rows.filter((row) => row.startsWith('p1@'))).toEqual([]);
      expect(rows.some((row) => row.endsWith(':p1'))).toBe(false);
      expect(rows).toContain('p2@2026-01-01:b:-');
    } finally {
      store.close();
    }
  });

  it('integrity on open removes an interrupted import’s details, activity and chart history', async () => {
    const path = join(tempDir(), 'helpflow.duckdb');
    const store = await build(path);
    const before = {
      interactions: await interactionIds(store),
      details: await detailIds(store),
      activity: await activityIds(store),
      history: await history(store),
    };
    await importRecords(store, 'email', [
      helpOn('n1', ANA, CARA, RECENT),
      activityOn('n-act', CARA, RECENT),
    ]);
    await importChart(
      store,
      [
        `p1,Ana,${ANA},a,,Lead,2020-01-01`,
        `p2,Bob,${BOB},b,p1,Dev,2020-01-01`,
        `p3,Cara,${CARA},c,p1,Dev,2020-01-01`,
      ],
      '2026-02-01',
    );
    const [records, chartRun] = (
      await store.all<{ id: number }>(
        'SELECT import_id AS id FROM imports ORDER BY import_id DESC LIMIT 2',
      )
    )
      .map((row) => row.id)
      .reverse();
    expect(await detailIds(store)).toContain('n1');
    // What a process killed before either commit finished leaves behind (tests/crash.test.ts
    // kills real imports; here the state is made directly, to reach every table at once).
    await store.run(`UPDATE imports SET status = 'running' WHERE import_id IN ($1, $2)`, [
      records!,
      chartRun!,
    ]);
    store.close();

    const reopened = await Store.open(path);
    try {
      expect(reopened.recovered).toEqual(
        expect.arrayContaining([
          {
            importId: records,
            removed: { interactions: 1, interaction_details: 1, activity: 1 },
          },
          { importId: chartRun, removed: { org_chart_history: 3 } },
        ]),
      );
      expect(await interactionIds(reopened)).toEqual(before.interactions);
      expect(await detailIds(reopened)).toEqual(before.details);
      expect(await activityIds(reopened)).toEqual(before.activity);
      expect(await history(reopened)).toEqual(before.history);
    } finally {
      reopened.close();
    }
  });
});
