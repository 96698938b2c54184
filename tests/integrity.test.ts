/**
 * Integrity on open, with the damage a crash leaves built by hand: rows of a run logged as
 * running, rows whose import was never logged (a half-replayed commit), a failed run with rows
 * left over, in `interactions`, `sync_cursors` and a table added after this code was written.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import type { Connector } from '../connectors/types.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports } from '../server/store/queries.ts';
import { helpflowJson, helpflow } from './cli-helpers.ts';
import { createToken } from '../server/access/tokens.ts';
import { buildApp } from '../server/app.ts';
import { tempDir, writeTemp } from './helpers.ts';

const EVENTS = [
  'id,helper,helped,at,kind,topic,context',
  'e1,ana@x.org,bo@x.org,2026-03-01T10:00:00Z,reply,go,chat',
  'e2,bo@x.org,ana@x.org,2026-03-02T10:00:00Z,reply,go,chat',
].join('\n');

/** A database with one good import (#1), then the leftovers of crashed and failed runs. */
async function damagedDatabase(): Promise<string> {
  const path = join(tempDir(), 'helpflow.duckdb');
  const store = await Store.open(path);
  await runImport(store, interactions, { path: writeTemp('e.csv', EVENTS), options: {} });
  const row = (id: string, importId: number) =>
    `('interchange', '${id}', TIMESTAMPTZ '2026-03-03', 'ana@x.org', 'bo@x.org', 'reply', NULL, NULL, NULL, ${importId})`;
  await store.run(`INSERT INTO imports (import_id, connector, origin, started_at, status)
                   VALUES (nextval('import_ids'), 'interactions', 'crashed.csv', now(), 'running'),
                          (nextval('import_ids'), 'interactions', 'bad.csv', now(), 'failed')`);
  await store.run(`INSERT INTO interactions VALUES ${row('c1', 2)}, ${row('c2', 2)}, ${row('f1', 3)},
                   ${row('o1', 9)}, ${row('o2', 9)}, ${row('o3', 9)}`);
  await store.run(`INSERT INTO sync_cursors VALUES ('github', 'o/r', '{}', 2, now())`);
  // A table another part of helpflow may add later: found by its import_id column.
  await store.run(`CREATE TABLE later_rows (import_id INTEGER, what VARCHAR)`);
  await store.run(`INSERT INTO later_rows VALUES (1, 'kept'), (2, 'crashed'), (9, 'orphan')`);
  store.close();
  return path;
}

describe('integrity on open', () => {
  it('removes the rows of every import not recorded as succeeded, in every import_id table', async () => {
    const path = await damagedDatabase();
    const store = await Store.open(path);
    try {
      expect(store.recovered).toEqual(
        expect.arrayContaining([
          { importId: 2, removed: { interactions: 2, later_rows: 1, sync_cursors: 1 } },
          { importId: 3, removed: { interactions: 1 } },
          { importId: 9, removed: { interactions: 3, later_rows: 1 } },
        ]),
      );
      const ids = await store.all<{ id: string }>(
        'SELECT source_id AS id FROM interactions ORDER BY 1',
      );
      expect(ids.map((r) => r.id)).toEqual(['e1', 'e2']);
      expect(await store.all('SELECT * FROM later_rows')).toEqual([{ import_id: 1, what: 'kept' }]);
      expect(await store.all('SELECT * FROM sync_cursors')).toEqual([]);
      const runs = await readImports(store);
      expect(runs.map((r) => [r.importId, r.status, r.connector])).toEqual([
        [1, 'succeeded', 'interactions'],
        [2, 'interrupted', 'interactions'],
        [3, 'failed', 'interactions'],
        [9, 'interrupted', 'unknown'],
      ]);
      expect(runs[1]!.error).toMatch(/interrupted/);
      expect(runs[1]!.removed).toEqual({ interactions: 2, later_rows: 1, sync_cursors: 1 });
      // The next import takes the next id, after the interrupted ones.
      const next = await runImport(store, interactions, {
        path: writeTemp('e2.csv', EVENTS.replace('e1,', 'n1,').replace('e2,', 'n2,')),
        options: {},
      });
      expect(next.importId).toBe(4);
    } finally {
      store.close();
    }
    const again = await Store.open(path);
    expect(again.recovered).toEqual([]);
    again.close();
  });

  it('shows interrupted runs and what was removed in `helpflow imports` and the API', async () => {
    const path = await damagedDatabase();
    const text = await helpflow('imports', '--db', path);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/#2 .* interactions interrupted: crashed\.csv/);
    expect(text.stdout).toMatch(/removed on open: 2 rows of interactions/);
    const json = await helpflowJson<{ importId: number; status: string; removed: object }[]>(
      'imports',
      '--db',
      path,
    );
    expect(json.find((r) => r.importId === 9)).toMatchObject({
      status: 'interrupted',
      removed: { interactions: 3, later_rows: 1 },
    });

    const store = await Store.open(await damagedDatabase());
    const app = await buildApp({ store, config: { rateLimit: 0 } });
    try {
      const { token } = await createToken(store, { role: 'admin' });
      const response = await app.inject({
        url: '/api/v1/imports',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      const listed = response.json<{ imports: { importId: number; status: string }[] }>();
      expect(listed.imports.find((r) => r.importId === 2)).toMatchObject({
        status: 'interrupted',
        removed: { interactions: 2, later_rows: 1, sync_cursors: 1 },
      });
    } finally {
      await app.close();
      store.close();
    }
  });

  it('logs a run as running before its data, and as succeeded or failed after', async () => {
    const store = await Store.open(join(tempDir(), 'helpflow.duckdb'));
    const reader = await store.connect();
    try {
      // A connector that looks at the log, from another connection, before yielding anything.
      let during: string | undefined;
      const watched: Connector = {
        ...interactions,
        async *read(input) {
          during = (await reader.one<{ s: string }>('SELECT status AS s FROM imports'))!.s;
          yield* interactions.read(input);
        },
      };
      await runImport(store, watched, { path: writeTemp('e.csv', EVENTS), options: {} });
      expect(during).toBe('running');
      await expect(
        runImport(store, interactions, {
          path: writeTemp('bad.csv', 'id,helper\n1,2\n'),
          options: {},
        }),
      ).rejects.toThrow(/missing column/);
      const statuses = await reader.all<{ s: string }>(
        'SELECT status AS s FROM imports ORDER BY import_id',
      );
      expect(statuses.map((r) => r.s)).toEqual(['succeeded', 'failed']);
    } finally {
      reader.close();
      store.close();
    }
  });
});
