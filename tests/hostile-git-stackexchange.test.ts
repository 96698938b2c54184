/**
 * Hostile input for the git and Stack Exchange connectors (issue 13, item 2): one record far
 * over `--max-record-size`. git's output is read through the bounded line reader, Stack
 * Exchange rows are measured while saxes parses them; each import fails with exit code 1, a
 * message naming the file (or repository), the line and the limit, and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../connectors/git/index.ts';
import { stackExchange } from '../connectors/stackexchange/index.ts';
import type { Connector } from '../connectors/types.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { helpflow } from './cli-helpers.ts';
import { CONLANG, snapshot, tempDir } from './helpers.ts';

const MB = 1024 ** 2;

function gitIn(repo: string, args: string[]): string {
  const date = '2026-01-05T10:00:00+00:00';
  return execFileSync('git', ['-C', repo, ...args], {
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Ana',
      GIT_AUTHOR_EMAIL: 'ana@example.org',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'Ana',
      GIT_COMMITTER_EMAIL: 'ana@example.org',
      GIT_COMMITTER_DATE: date,
    },
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
}

/** A repository with a good commit, then one whose help trailer is 3 MB long. */
function hostileRepository(): string {
  const repo = join(tempDir(), 'repo');
  mkdirSync(repo);
  gitIn(repo, ['init', '-q']);
  gitIn(repo, ['commit', '-q', '--allow-empty', '-m', 'Good\n\nHelped-by: Bob <bob@example.org>']);
  const message = join(tempDir(), 'message.txt');
  writeFileSync(message, `Huge\n\nHelped-by: ${'x'.repeat(3 * MB)} <cara@example.org>\n`);
  gitIn(repo, ['commit', '-q', '--allow-empty', '-F', message]);
  return repo;
}

/** The conlang dump with a 3 MB row in Posts.xml, after its first row; and that row's line. */
function hostileDump(): { folder: string; line: number } {
  const folder = join(tempDir(), 'conlang');
  cpSync(CONLANG, folder, { recursive: true });
  const posts = join(folder, 'Posts.xml');
  const lines = readFileSync(posts, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes('<row ')) + 1;
  const huge = `  <row Id="999999" PostTypeId="1" CreationDate="2018-02-07T10:00:00.000" Body="${'x'.repeat(3 * MB)}" OwnerUserId="1" />`;
  lines.splice(at, 0, huge);
  writeFileSync(posts, lines.join('\n'));
  return { folder, line: at + 1 };
}

async function expectRefused(connector: Connector, path: string, message: RegExp): Promise<void> {
  const db = join(tempDir(), 'helpflow.duckdb');
  const store = await Store.open(db);
  const before = await snapshot(store);
  await expect(
    runImport(store, connector, { path, options: { 'max-record-size': '1MB' } }),
  ).rejects.toThrow(message);
  expect(await snapshot(store)).toBe(before);
  store.close();
  // The command line: exit code 1, the same message, nothing stored.
  const cli = await helpflow('import', connector.id, path, '--max-record-size', '1MB', '--db', db);
  expect(cli.code).toBe(1);
  expect(cli.stderr).toMatch(message);
  const reopened = await Store.open(db);
  expect(await snapshot(reopened)).toBe(before);
  const runs = await reopened.all<{ status: string }>('SELECT status FROM imports');
  expect(runs.map((run) => run.status)).toEqual(['failed', 'failed']);
  reopened.close();
}

describe('hostile input: git and Stack Exchange', () => {
  it('git: a commit header over the limit fails with the repository, the line and the limit', async () => {
    const repo = hostileRepository();
    // Newest first: the huge commit's header is the first line of git log's output.
    await expectRefused(
      git,
      repo,
      new RegExp(`${repo}, line 1 of git log's output: longer than the 1 MB limit`),
    );
  });

  it('git: the same repository imports under a limit above the record', async () => {
    const repo = hostileRepository();
    const store = await Store.open(join(tempDir(), 'helpflow.duckdb'));
    const summary = await runImport(store, git, {
      path: repo,
      options: { 'max-record-size': '8MB' },
    });
    expect(summary.status).toBe('succeeded');
    // Both trailers are help: Bob’s and the one with the long name.
    expect(summary.counts.interactionsStored).toBe(2);
    store.close();
  });

  it('stackexchange: a row over the limit fails with Posts.xml, its line and the limit', async () => {
    const { folder, line } = hostileDump();
    await expectRefused(
      stackExchange,
      folder,
      new RegExp(`Posts\\.xml, line ${line}: longer than the 1 MB limit`),
    );
  });
});
