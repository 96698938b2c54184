/**
 * Admin commands while serving: a real `helpflow serve` holds the database, and real `helpflow`
 * processes run token, people, import, export, stats and audit through its admin socket.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, helpflow, type CliResult } from './cli-helpers.ts';
import { tempDir } from './helpers.ts';
import { startServe } from './serve-process.ts';

const ORG = [
  'person,name,email,team,manager,title,joined',
  'ann,Ann Lee,ann@example.com,core,,Lead,2020-01-01',
  'bob,Bob Roe,bob@example.com,core,ann,Engineer,2020-01-01',
].join('\n');
const EVENTS = [
  'id,helper,helped,at,kind,topic,context',
  '1,ann@example.com,bob@example.com,2026-01-05,reply,go,#go',
  '2,bob@example.com,ann@example.com,2026-01-06,reply,go,#go',
].join('\n');

/** `helpflow ...args` run from `cwd`, so relative paths are the caller's. */
async function helpflowIn(cwd: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, HELPFLOW_DB: undefined },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('commands while helpflow serve holds the database', () => {
  it('run inside the server over an owner-only socket, with the same output and exit codes', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.duckdb');
    writeFileSync(join(dir, 'org.csv'), ORG);
    writeFileSync(join(dir, 'events.csv'), EVENTS);
    expect((await helpflow('import', 'org-chart', join(dir, 'org.csv'), '--db', db)).code).toBe(0);
    const offlineUsage = await helpflow('people', 'opt-out', 'zed', '--db', db);

    const server = await startServe(db);
    const socket = statSync(`${db}.sock`);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);

    // A token made through the socket works over HTTP at once; revoked, it stops at once.
    const made = await helpflow('token', 'create', '--role', 'admin', '--db', db);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('shown only now');
    const token = made.stdout.trim();
    const session = (t: string) =>
      fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer ${t}` } });
    expect((await session(token)).status).toBe(200);

    // Bad input fails as it does without a server: same message, same exit code.
    const servedUsage = await helpflow('people', 'opt-out', 'zed', '--db', db);
    expect(servedUsage).toEqual(offlineUsage);

    // Relative paths are the caller's, not the server's: import from, and export to, `dir`.
    const imported = await helpflowIn(dir, 'import', 'interactions', 'events.csv', '--db', db);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 stored');
    const exported = await helpflowIn(dir, 'export', '--out', 'ties.csv', '--db', db);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir, 'ties.csv'), 'utf8')).toContain('ann,bob,');
    // The server sees the import: its people page shows the new tie.
    const page = await fetch(`${server.url}/api/v1/people/ann`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(page.status).toBe(200);
    // ...and the audit log shows that view straight away, not after the writer's next batch.
    const audit = JSON.parse((await helpflow('audit', '--json', '--db', db)).stdout);
    expect(audit.entries[0]).toMatchObject({ role: 'admin', subject: 'ann' });

    const servedStats = await helpflow('stats', '--json', '--db', db);
    const servedTokens = await helpflow('token', 'list', '--json', '--db', db);
    const { tokens } = JSON.parse(servedTokens.stdout);
    expect((await helpflow('token', 'revoke', tokens[0].tokenId, '--db', db)).code).toBe(0);
    expect((await session(token)).status).toBe(401);

    expect(await server.stop()).toBe(0);
    expect(existsSync(`${db}.sock`)).toBe(false);
    // Without the server, the same commands print the same thing.
    expect(await helpflow('stats', '--json', '--db', db)).toEqual(servedStats);
    const offlineTokens = JSON.parse(
      (await helpflow('token', 'list', '--json', '--db', db)).stdout,
    );
    expect(offlineTokens.tokens[0]).toMatchObject({ ...tokens[0], revokedAt: expect.any(String) });
  }, 600_000);

  it('a socket left by a killed server is ignored, then replaced', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.duckdb');
    writeFileSync(join(dir, 'org.csv'), ORG);
    expect((await helpflow('import', 'org-chart', join(dir, 'org.csv'), '--db', db)).code).toBe(0);
    const server = await startServe(db);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.on('exit', resolve));
    expect(existsSync(`${db}.sock`)).toBe(true);
    const stats = await helpflow('stats', '--json', '--db', db);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ people: 2 });
    const again = await startServe(db);
    expect((await helpflow('people', 'list', '--db', db)).stdout).toContain('Ann Lee');
    expect(await again.stop()).toBe(0);
  }, 600_000);
});
