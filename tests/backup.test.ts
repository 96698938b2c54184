/**
 * Backups: every table round-trips through `backup` and `restore`, even from a folder that was
 * moved; damage and misuse are clear errors; and `helpflow backup` works while serving.
 */
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditWriter } from '../server/access/audit.ts';
import { createToken } from '../server/access/tokens.ts';
import { Viewer } from '../server/access/viewer.ts';
import { backupDatabase, MANIFEST, restoreDatabase, tableNames } from '../server/store/backup.ts';
import { Store } from '../server/store/database.ts';
import { helpflow } from './cli-helpers.ts';
import { storeWith, tempDir } from './helpers.ts';
import { startServe } from './serve-process.ts';

const ORG = [
  'person,name,email,team,manager,title,joined',
  'ann,Ann Lee,ann@example.com,core,,Lead,2020-01-01',
  "bob,Bob O'Roe,bob@example.com,core,ann,Engineer,2020-01-01",
].join('\n');
const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight',
  '1,ann@example.com,bob@example.com,2026-01-05T10:00:00Z,reply,go,#go,1.5',
  '2,bob@example.com,ann@example.com,2026-01-06T11:30:00Z,review,go,api,',
].join('\n');

/** A store with a row in every table helpflow has today. */
async function fullStore(): Promise<Store> {
  const store = await storeWith(ORG, EVENTS);
  await createToken(store, { role: 'manager', personId: 'ann', label: 'Ann' });
  const audit = new AuditWriter(store);
  audit.write({
    tokenId: null,
    role: 'admin',
    viewer: null,
    action: 'view',
    subject: 'bob',
    detail: null,
  });
  await audit.flush();
  // An analyst's view makes the pseudonym key, kept in settings.
  await Viewer.of(store, { role: 'analyst', tokenId: null, person: null });
  await store.run(`INSERT INTO detached_accounts VALUES ('email', 'bob@example.com')`);
  await store.run(
    `INSERT INTO identity_changes (change_id, action, source, account_id, person_before, person_after, changed_by)
     VALUES (nextval('identity_change_ids'), 'split', 'email', 'bob@example.com', 'bob', 'bob', 'test')`,
  );
  await store.run(
    `INSERT INTO sync_cursors VALUES ('github', 'acme', '{"since": "2026-01-01"}', 1, now())`,
  );
  return store;
}

async function everyRow(store: Store): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const name of await tableNames(store)) {
    rows[name] = JSON.stringify(await store.all(`SELECT * FROM "${name}" ORDER BY ALL`));
  }
  return rows;
}

async function nextIds(store: Store) {
  return store.one(
    `SELECT nextval('import_ids')::INTEGER AS imports, nextval('audit_ids')::INTEGER AS audit,
            nextval('identity_change_ids')::INTEGER AS changes`,
  );
}

describe('backup and restore', () => {
  it('bring back every table, row for row, and the sequences where they were', async () => {
    const store = await fullStore();
    const before = await everyRow(store);
    for (const table of [
      'people',
      'accounts',
      'interactions',
      'imports',
      'api_tokens',
      'audit_log',
      'settings',
      'identity_changes',
      'detached_accounts',
      'sync_cursors',
      'schema_migrations',
    ]) {
      expect(before[table], table).not.toBe('[]');
    }
    const made = join(tempDir(), 'backup');
    const manifest = await backupDatabase(store, made);
    expect(Object.keys(manifest.tables)).toEqual(Object.keys(before));
    expect(manifest.tables.interactions).toBe(2);
    // Backups get copied elsewhere: the restore must not depend on where it was written.
    const moved = join(tempDir(), 'moved');
    renameSync(made, moved);
    const target = join(tempDir(), 'restored.duckdb');
    await restoreDatabase(moved, target);
    expect(existsSync(`${target}.restoring`)).toBe(false);
    const restored = await Store.open(target);
    try {
      expect(await everyRow(restored)).toEqual(before);
      expect(await nextIds(restored)).toEqual(await nextIds(store));
    } finally {
      restored.close();
    }
  });

  it('refuse a folder in use, an existing database, a folder that is no backup, and damage', async () => {
    const store = await fullStore();
    const used = tempDir();
    writeFileSync(join(used, 'notes.txt'), 'mine');
    await expect(backupDatabase(store, used)).rejects.toThrow(`${used} is not empty`);

    const dir = join(tempDir(), 'backup');
    await backupDatabase(store, dir);
    const existing = join(tempDir(), 'existing.duckdb');
    writeFileSync(existing, '');
    await expect(restoreDatabase(dir, existing)).rejects.toThrow('exists: restore into a new');
    await expect(restoreDatabase(tempDir(), join(tempDir(), 'a.duckdb'))).rejects.toThrow(
      `is not a helpflow backup: it has no ${MANIFEST}`,
    );

    // A table file from another backup: the row counts no longer agree, and nothing is left.
    const other = join(tempDir(), 'other');
    await store.run(`DELETE FROM interactions WHERE source_id = '1'`);
    await backupDatabase(store, other);
    const damaged = join(tempDir(), 'damaged');
    cpSync(dir, damaged, { recursive: true });
    cpSync(join(other, 'interactions.parquet'), join(damaged, 'interactions.parquet'));
    const target = join(tempDir(), 'b.duckdb');
    await expect(restoreDatabase(damaged, target)).rejects.toThrow(
      'table interactions has 1 rows, the manifest says 2',
    );
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.restoring`)).toBe(false);

    const newer = join(tempDir(), 'newer');
    cpSync(dir, newer, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(newer, MANIFEST), 'utf8'));
    writeFileSync(join(newer, MANIFEST), JSON.stringify({ ...manifest, schemaVersion: 9999 }));
    await expect(restoreDatabase(newer, target)).rejects.toThrow('schema version 9999, newer');
  });

  it('helpflow backup runs inside a serving helpflow; restore makes a new file', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.duckdb');
    writeFileSync(join(dir, 'org.csv'), ORG);
    writeFileSync(join(dir, 'events.csv'), EVENTS);
    await helpflow('import', 'org-chart', join(dir, 'org.csv'), '--db', db);
    await helpflow('import', 'interactions', join(dir, 'events.csv'), '--db', db);
    const server = await startServe(db);
    const backup = join(dir, 'nightly');
    const made = await helpflow('backup', backup, '--db', db);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Backed up .* to .*nightly: \d+ tables, \d+ rows/);
    expect((await helpflow('backup', backup, '--db', db)).code).toBe(1);
    expect(await server.stop()).toBe(0);

    const copy = join(dir, 'copy.duckdb');
    const restored = await helpflow('restore', backup, '--db', copy);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`into ${copy}`);
    const stats = async (file: string) => (await helpflow('stats', '--json', '--db', file)).stdout;
    expect(await stats(copy)).toBe(await stats(db));
    const again = await helpflow('restore', backup, '--db', copy);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');
  }, 300_000);
});
