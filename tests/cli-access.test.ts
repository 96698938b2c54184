/**
 * The access commands end to end, as a person runs them: `token`, `people opt-out`, `audit`,
 * and `demo --serve` (what `npm start` runs), stopped with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, helpflow } from './cli-helpers.ts';
import { ROOT, tempDir } from './helpers.ts';

const ORG = [
  'person,name,email,team,manager,title,joined',
  'ann,Ann Lee,ann@example.com,core,,Lead,2020-01-01',
  'bob,Bob Roe,bob@example.com,core,ann,Engineer,2020-01-01',
].join('\n');

describe('token, people and audit commands', () => {
  it('makes tokens (shown once, stored hashed), lists and revokes them', async () => {
    const db = join(tempDir(), 'h.duckdb');
    const org = join(tempDir(), 'org.csv');
    writeFileSync(org, ORG);
    expect((await helpflow('import', 'org-chart', org, '--db', db)).code).toBe(0);

    const made = await helpflow(
      'token',
      'create',
      '--role',
      'manager',
      '--person',
      'ann',
      '--label',
      'Ann',
      '--db',
      db,
    );
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^hf_[0-9a-f]{12}_[\w-]{40,}$/);
    expect(made.stderr).toContain('shown only now');
    const { tokens } = JSON.parse((await helpflow('token', 'list', '--json', '--db', db)).stdout);
    expect(tokens).toEqual([
      expect.objectContaining({
        tokenId: token.split('_')[1],
        role: 'manager',
        personId: 'ann',
        label: 'Ann',
        revokedAt: null,
      }),
    ]);
    const { readFileSync } = await import('node:fs');
    // The secret is base64url, so it may itself contain "_": everything after the id.
    const secret = token.slice('hf_'.length + 12 + 1);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(db).includes(secret)).toBe(false);

    expect((await helpflow('token', 'revoke', tokens[0].tokenId, '--db', db)).code).toBe(0);
    const after = JSON.parse((await helpflow('token', 'list', '--json', '--db', db)).stdout);
    expect(after.tokens[0].revokedAt).toEqual(expect.any(String));

    const noPerson = await helpflow('token', 'create', '--role', 'member', '--db', db);
    expect(noPerson.code).toBe(2);
    expect(noPerson.stderr).toContain('--person');
    const badRole = await helpflow('token', 'create', '--role', 'boss', '--db', db);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('admin, analyst, manager, member');
  });

  it('opts a person out and back in; an unknown id is a clear error', async () => {
    const db = join(tempDir(), 'h.duckdb');
    const org = join(tempDir(), 'org.csv');
    writeFileSync(org, ORG);
    await helpflow('import', 'org-chart', org, '--db', db);
    expect((await helpflow('people', 'opt-out', 'bob', '--db', db)).stdout).toContain('opted out');
    const listed = JSON.parse((await helpflow('people', 'list', '--json', '--db', db)).stdout);
    expect(listed.people.map((p: { person: string }) => p.person)).toEqual(['ann']);
    await helpflow('people', 'opt-in', 'bob', '--db', db);
    const again = JSON.parse((await helpflow('people', 'list', '--json', '--db', db)).stdout);
    expect(again.people.map((p: { person: string }) => p.person)).toEqual(['ann', 'bob']);
    const unknown = await helpflow('people', 'opt-out', 'zed', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no person "zed"');
  });
});

describe('npm start (demo --serve)', () => {
  it('imports the demo, serves it with a signed-in link, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const db = join(dir, 'demo.duckdb');
    const child = spawn(
      process.execPath,
      [BIN, 'demo', '--serve', '--port', '0', '--db', db, '--out', join(dir, 'demo')],
      { cwd: ROOT },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no link in:\n${output}`)), 90_000);
      child.stdout.on('data', () => {
        const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
    });
    const [, base, token] = /^(.*)\/#token=(.*)$/.exec(link)!;
    const people = await fetch(`${base}/api/v1/people?limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(people.status).toBe(200);
    // The 300 of the org chart, and the demo's five contractors it does not list.
    expect(((await people.json()) as { people: unknown[] }).people).toHaveLength(305);
    const audited = await fetch(`${base}/api/v1/people/p0001`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(audited.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // The database is closed and free: the audit command can open it and shows the view.
    const audit = await helpflow('audit', '--json', '--db', db);
    expect(JSON.parse(audit.stdout).entries[0]).toMatchObject({ role: 'admin', subject: 'p0001' });
  }, 120_000);
});
