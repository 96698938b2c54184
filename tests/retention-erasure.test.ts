/**
 * Retention and a person's rights: old events and audit entries go (in every event table,
 * found by its columns), a forgotten person is gone for good and stays gone after a re-import,
 * and an export holds everything stored about someone. Through the store, the API and the CLI.
 */
import { statSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { readDataVersion } from '../server/store/analytics-queries.ts';
import type { Store } from '../server/store/database.ts';
import { forgetPerson } from '../server/store/erasure.ts';
import { runImport } from '../server/store/ingest.ts';
import { exportPerson } from '../server/store/person-export.ts';
import { applyRetention, planRetention } from '../server/store/retention.ts';
import { startServer, type TestServer } from './api-server.ts';
import { helpflow } from './cli-helpers.ts';
import { openStore, tempDir, writeTemp } from './helpers.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const ORG = [
  'person,name,email,team,manager,title,joined',
  'ann,Ann Lee,ann@example.com,core,,Lead,2020-01-01',
  'bob,Bob Roe,bob@example.com,core,ann,Engineer,2020-01-01',
  'cat,Cat Poe,cat@example.com,core,bob,Engineer,2020-01-01',
].join('\n');
const EVENTS = [
  'id,helper,helped,at,kind,topic,context',
  `1,ann@example.com,bob@example.com,${daysAgo(1000)},reply,go,#go`,
  `2,bob@example.com,cat@example.com,${daysAgo(10)},reply,go,#go`,
  `3,ann@example.com,cat@example.com,${daysAgo(5)},reply,go,#go`,
  `4,cat@example.com,ann@example.com,${daysAgo(800)},reply,go,#go`,
].join('\n');

async function seed(store: Store, dir = tempDir()): Promise<{ org: string; events: string }> {
  const org = join(dir, 'org.csv');
  const events = join(dir, 'events.csv');
  writeFileSync(org, ORG);
  writeFileSync(events, EVENTS);
  await runImport(store, orgChart, { path: org, options: {} });
  await runImport(store, interactions, { path: events, options: {} });
  // An event table of another kind (activity, say), with an `account` column: retention and
  // erasure must find it by its columns.
  await store.run(
    `CREATE TABLE test_activity (source VARCHAR, source_id VARCHAR, occurred_at TIMESTAMPTZ, account VARCHAR)`,
  );
  await store.run(
    `INSERT INTO test_activity VALUES ('interchange', 'a1', $1::TIMESTAMPTZ, 'bob@example.com'),
                                      ('interchange', 'a2', $2::TIMESTAMPTZ, 'ann@example.com')`,
    [daysAgo(900), daysAgo(3)],
  );
  // And the real activity table (presence that is not help).
  await store.run(
    `INSERT INTO activity VALUES
       ('interchange', 'b1', $1::TIMESTAMPTZ, 'bob@example.com', 'message', NULL, 1),
       ('interchange', 'b2', $2::TIMESTAMPTZ, 'ann@example.com', 'message', NULL, 1)`,
    [daysAgo(900), daysAgo(2)],
  );
  return { org, events };
}

async function ids(store: Store, table: string, column = 'source_id'): Promise<string[]> {
  const rows = await store.all<{ id: string }>(
    `SELECT ${column} AS id FROM ${table} ORDER BY ${column}`,
  );
  return rows.map((row) => row.id);
}

describe('retention', () => {
  it('says what would go, then deletes events and audit entries older than the policy', async () => {
    const store = await openStore();
    await seed(store);
    await store.run(
      `INSERT INTO audit_log (viewed_at, role, action, subject_person_id)
       VALUES ($1::TIMESTAMPTZ, 'admin', 'view', 'ann'), (now(), 'admin', 'view', 'bob')`,
      [daysAgo(400)],
    );
    const policy = { days: 730, auditDays: 365 };
    const plan = await planRetention(store, policy);
    // The two old events were in weeks of their own: their weekly ties go with them.
    expect(plan.tables).toEqual({
      activity: 1,
      interactions: 2,
      test_activity: 1,
      audit_log: 1,
      weekly_ties: 2,
    });
    expect(await ids(store, 'interactions')).toEqual(['1', '2', '3', '4']);

    const version = await readDataVersion(store);
    const done = await applyRetention(store, policy);
    expect(done.tables).toEqual(plan.tables);
    expect(await ids(store, 'interactions')).toEqual(['2', '3']);
    expect(await ids(store, 'test_activity')).toEqual(['a2']);
    expect(await ids(store, 'activity')).toEqual(['b2']);
    expect(await ids(store, 'audit_log', 'subject_person_id')).toEqual(['bob']);
    // Reports cached under the old data version must not be served again.
    expect(await readDataVersion(store)).not.toBe(version);

    const keepAll = await applyRetention(store, { days: 0, auditDays: 0 });
    expect(keepAll).toMatchObject({ before: null, auditBefore: null, tables: {} });
    expect(await planRetention(store, policy)).toMatchObject({
      tables: { interactions: 0, test_activity: 0, audit_log: 0 },
    });
  });
});

describe('retention while serving', () => {
  let served: TestServer | undefined;
  afterEach(async () => served?.close());

  it('runs at start and after every upload', async () => {
    served = await startServer(async (store, dir) => void (await seed(store, dir)), {
      retention: { days: 730, auditDays: 730 },
    });
    await served.app.imports.drain();
    expect(await ids(served.store, 'interactions')).toEqual(['2', '3']);
    const admin = await served.token('admin');
    const form = new FormData();
    const old = `5,ann@example.com,cat@example.com,${daysAgo(2000)},reply,go,#go`;
    const fresh = `6,ann@example.com,cat@example.com,${daysAgo(1)},reply,go,#go`;
    form.append(
      'file',
      new Blob([`id,helper,helped,at,kind,topic,context\n${old}\n${fresh}\n`]),
      'more.csv',
    );
    const upload = await served.request('/api/v1/imports?connector=interactions', admin, {
      method: 'POST',
      body: form,
    });
    expect(upload.status).toBe(202);
    await served.app.imports.drain();
    expect(await ids(served.store, 'interactions')).toEqual(['2', '3', '6']);
  });

  it('computes nothing before the retention pass it starts with: no report shows what it deletes', async () => {
    // One analytics worker, booted before the request (its first question needs no turn).
    served = await startServer(async (store, dir) => void (await seed(store, dir)), {
      analyticsWorkers: 1,
    });
    const app = served.app;
    const admin = await served.token('admin');
    // The pass `helpflow serve` starts with, held until the first request is in.
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    const pass = app.imports.exclusive(async () => {
      await held;
      await applyRetention(app.imports.connection, { days: 730, auditDays: 730 });
      app.caches.dataChanged();
    });
    app.analytics.warmUp(pass);
    await app.analytics.quick.scope({});
    const answer = served.request('/api/v1/export?format=csv&from=2000-01-01', admin);
    // Time enough for a computation that did not wait to read the events the pass deletes.
    await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, 500))]);
    open();
    const csv = await answer;
    expect(csv.status).toBe(200);
    const ties = (csv.body as string).trim().split('\n').slice(1);
    // Events 1 (ann → bob) and 4 (cat → ann) are older than 730 days; 2 and 3 are kept.
    expect(ties.map((line) => line.split(',').slice(0, 2).join(' → ')).sort()).toEqual([
      'ann → cat',
      'bob → cat',
    ]);
  });
});

describe('a person forgotten', () => {
  it('loses accounts, events, tokens and audit trail, and a re-import does not bring them back', async () => {
    const store = await openStore();
    const files = await seed(store);
    const { token } = await createToken(store, { role: 'member', personId: 'bob' });
    const tokenId = token.split('_')[1]!;
    await store.run(
      `INSERT INTO audit_log (token_id, role, viewer_person_id, action, subject_person_id)
       VALUES ($1, 'member', 'bob', 'view', 'bob'), (NULL, 'admin', NULL, 'view', 'ann')`,
      [tokenId],
    );

    const result = await forgetPerson(store, 'bob', { tokenId: null, role: 'admin', viewer: null });
    expect(result).toEqual({
      person: 'bob',
      accounts: 1,
      events: { activity: 1, interactions: 2, test_activity: 1 },
      auditRedacted: 1,
    });
    const gone = async () => {
      expect(await ids(store, 'people', 'person_id')).toEqual(['ann', 'cat']);
      expect(await ids(store, 'interactions')).toEqual(['3', '4']);
      expect(await ids(store, 'test_activity')).toEqual(['a2']);
      expect(await ids(store, 'activity')).toEqual(['b2']);
      expect(await ids(store, 'accounts', 'account_id')).toEqual([
        'ann@example.com',
        'cat@example.com',
      ]);
      expect(await store.all('SELECT * FROM api_tokens')).toEqual([]);
      // Their report keeps a manager no longer named.
      expect(await store.one(`SELECT manager_id FROM people WHERE person_id = 'cat'`)).toEqual({
        manager_id: null,
      });
      // No table holds anything that names them, in plain text or as a bare hash.
      const bare = createHash('sha256').update('bob').digest('hex');
      for (const table of [
        'people',
        'accounts',
        'aliases',
        'audit_log',
        'identity_changes',
        'forgotten',
        'settings',
      ]) {
        const text = JSON.stringify(await store.all(`SELECT * FROM ${table}`));
        for (const trace of ['bob', 'Bob Roe', tokenId, bare]) {
          expect(text.includes(trace), `${table} holds ${trace}`).toBe(false);
        }
      }
    };
    await gone();
    const audit = await store.all<{ action: string; detail: string | null }>(
      'SELECT action, detail FROM audit_log ORDER BY audit_id',
    );
    expect(audit.map((row) => row.action)).toEqual(['view', 'view', 'forget person']);
    expect(audit[0]!.detail).toContain('erased');

    // The org chart and the events still list them: importing both again changes nothing.
    await runImport(store, orgChart, { path: files.org, options: {} });
    await runImport(store, interactions, { path: files.events, options: {} });
    await gone();
    await expect(
      forgetPerson(store, 'bob', { tokenId: null, role: 'admin', viewer: null }),
    ).rejects.toThrow('no person "bob"');
  });

  it('exports everything stored about a person, and audits the export', async () => {
    const store = await openStore();
    await seed(store);
    const data = await exportPerson(store, 'cat', { tokenId: 't1', role: 'admin', viewer: null });
    expect(data.person).toMatchObject({
      person_id: 'cat',
      email: 'cat@example.com',
      manager_id: 'bob',
    });
    expect(data.accounts.map((a) => a.account_id)).toEqual(['cat@example.com']);
    expect(data.events.interactions!.map((e) => e.source_id)).toEqual(['2', '3', '4']);
    expect(data.events.test_activity).toEqual([]);
    expect(data.audit).toEqual([
      expect.objectContaining({
        action: 'export person',
        subject_person_id: 'cat',
        token_id: 't1',
      }),
    ]);
  });
});

describe('a person’s rights over the API', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('lets only an admin export and erase, and audits both', async () => {
    server = await startServer(async (store, dir) => void (await seed(store, dir)));
    const admin = await server.token('admin');
    const analyst = await server.token('analyst');
    expect((await server.request('/api/v1/people/bob/export', analyst)).status).toBe(403);
    expect((await server.request('/api/v1/people/bob', analyst, { method: 'DELETE' })).status).toBe(
      403,
    );
    const exported = await server.request('/api/v1/people/bob/export', admin);
    expect(exported.status).toBe(200);
    expect(exported.body.person.person_id).toBe('bob');
    expect(exported.body.events.interactions).toHaveLength(2);
    // Warm the cache with bob in it: the erasure must drop it.
    expect((await server.request('/api/v1/people/bob', admin)).status).toBe(200);

    const erased = await server.request('/api/v1/people/bob', admin, { method: 'DELETE' });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      person: 'bob',
      accounts: 1,
      events: { activity: 1, interactions: 2, test_activity: 1 },
      auditRedacted: 2,
    });
    expect((await server.request('/api/v1/people/bob', admin)).status).toBe(404);
    expect((await server.request('/api/v1/people/bob', admin, { method: 'DELETE' })).status).toBe(
      404,
    );
    expect((await server.request('/api/v1/people/zed/export', admin)).status).toBe(404);
    await server.app.audit.flush();
    const actions = await server.store.all<{ action: string; subject: string | null }>(
      'SELECT action, subject_person_id AS subject FROM audit_log ORDER BY audit_id',
    );
    expect(actions).toEqual([
      { action: 'export person', subject: null },
      { action: 'view person', subject: null },
      { action: 'forget person', subject: null },
    ]);
  });
});

describe('the commands', () => {
  it('retention, people forget and people export', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.duckdb');
    writeFileSync(join(dir, 'org.csv'), ORG);
    writeFileSync(join(dir, 'events.csv'), EVENTS);
    const config = writeTemp('helpflow.config.json', '{ "retention": { "days": 900 } }');
    await helpflow('import', 'org-chart', join(dir, 'org.csv'), '--db', db, '--config', config);
    const imported = await helpflow(
      'import',
      'interactions',
      join(dir, 'events.csv'),
      '--db',
      db,
      '--config',
      config,
    );
    expect(imported.stdout).toContain('retention deleted 1 from interactions');

    const dry = await helpflow('retention', '--db', db);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Policy: events 730 days, audit entries 730 days');
    expect(dry.stdout).toContain('retention would delete 1 from interactions');
    const bad = writeTemp('bad.json', '{ "retention": { "days": -1 } }');
    const refused = await helpflow('retention', '--db', db, '--config', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"retention.days": expected a whole number of days');

    const out = join(dir, 'bob.json');
    const exported = await helpflow('people', 'export', 'bob', '--out', out, '--db', db);
    expect(exported.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).person.display_name).toBe('Bob Roe');

    const unsure = await helpflow('people', 'forget', 'bob', '--db', db);
    expect(unsure.code).toBe(2);
    expect(unsure.stderr).toContain('cannot be undone: add --yes');
    const forgot = await helpflow('people', 'forget', 'bob', '--yes', '--db', db);
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toContain('bob is forgotten: 1 accounts and 1 events deleted');
    const list = await helpflow('people', 'list', '--db', db);
    expect(list.stdout).not.toContain('Bob');
  }, 300_000);
});
