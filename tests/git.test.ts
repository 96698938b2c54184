import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../connectors/errors.ts';
import { git } from '../connectors/git/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { helpflowJson } from './cli-helpers.ts';
import {
  expectFailedImport,
  expectNothingNew,
  expectNotStored,
  progressOf,
} from './connector-helpers.ts';
import { openStore, tempDir, writeTemp } from './helpers.ts';

const SECRET = 'PLANTED-SECRET-TEXT-git-91d4';

interface Person {
  name: string;
  email: string;
}
const ALICE = { name: 'Alice Martin', email: 'Alice@Example.com' };
const BOB_OLD = { name: 'bob', email: 'bob@old.example' };
const CAROL = { name: 'Carol Diaz', email: 'carol@example.com' };
const DEPENDABOT = {
  name: 'dependabot[bot]',
  email: '49699333+dependabot[bot]@users.noreply.github.com',
};

function gitIn(repo: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', ['-C', repo, ...args], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env },
    encoding: 'utf8',
  });
}

/** A commit by `author` on `day` of January 2026 changing `files`, with a fixed date. */
function commit(repo: string, author: Person, day: number, message: string, files: string[]): void {
  for (const file of files) {
    mkdirSync(join(repo, file, '..'), { recursive: true });
    writeFileSync(join(repo, file), `${file} changed on day ${day}\n`, { flag: 'a' });
  }
  gitIn(repo, ['add', '-A']);
  const date = `2026-01-${String(day).padStart(2, '0')}T10:00:00+01:00`;
  gitIn(repo, ['commit', '-q', '--allow-empty', '-m', message], {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: date,
  });
}

/** A small history with every case the connector distinguishes, in `folder`. */
function buildRepository(folder: string): string {
  const repo = join(folder, 'payments-api');
  mkdirSync(repo);
  gitIn(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(
    join(repo, '.mailmap'),
    'Bob Stone <bob@example.com> <bob@old.example>\nEve New <eve@example.com> <eve@old.example>\n',
  );
  commit(
    repo,
    ALICE,
    5,
    `Fix rounding of refunds ${SECRET}\n\nThe body says why, ${SECRET}.\n\n` +
      'Reviewed-by: Bob Stone <bob@example.com>\nHelped-by: Carol <CAROL@Example.com>\n' +
      'Signed-off-by: Alice Martin <alice@example.com>',
    ['src/refunds.ts', 'src/money.ts', 'docs/refunds.md', 'README.md'],
  );
  commit(
    repo,
    BOB_OLD,
    6,
    'Document the ledger\n\nco-authored-by: Alice Martin <alice@example.com>\n' +
      'Acked-by: Bob Stone <bob@example.com>\nTested-by: Dave from QA',
    ['docs/ledger.md'],
  );
  commit(repo, DEPENDABOT, 7, 'Bump left-pad\n\nReviewed-by: Alice Martin <alice@example.com>', [
    'package.json',
  ]);
  commit(repo, CAROL, 8, 'Tidy the tests', ['tests/money.test.ts']);
  gitIn(repo, ['checkout', '-q', '-b', 'feature']);
  commit(repo, CAROL, 9, 'Add payouts\n\nSuggested-by: <dave@example.com>', [
    'src/payouts.ts',
    'tests/payouts.test.ts',
    'tests/fixtures/payout.json',
  ]);
  gitIn(repo, ['checkout', '-q', 'main']);
  commit(
    repo,
    ALICE,
    10,
    'Speed up the ledger\n\nMentored-by: Eve Old <eve@old.example>\n' +
      'Reviewed-by: Carol Diaz <carol@example.com>\nReviewed-by: Carol Diaz <carol@example.com>',
    ['src/ledger.ts'],
  );
  gitIn(
    repo,
    [
      'merge',
      '-q',
      '--no-ff',
      'feature',
      '-m',
      'Merge payouts\n\nReviewed-by: Bob Stone <bob@example.com>',
    ],
    {
      GIT_AUTHOR_NAME: ALICE.name,
      GIT_AUTHOR_EMAIL: ALICE.email,
      GIT_AUTHOR_DATE: '2026-01-11T10:00:00Z',
      GIT_COMMITTER_NAME: ALICE.name,
      GIT_COMMITTER_EMAIL: ALICE.email,
      GIT_COMMITTER_DATE: '2026-01-11T10:00:00Z',
    },
  );
  return repo;
}

interface Row {
  helper: string;
  helped: string;
  context: string;
  topic: string | null;
  at: string;
  source_id: string;
}

async function helpRows(store: Store): Promise<Row[]> {
  return store.all<Row>(
    `SELECT helper_account AS helper, helped_account AS helped, context, topic,
            strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M') AS at, source_id
     FROM interactions WHERE source = 'email' AND kind = 'trailer' ORDER BY occurred_at, helper`,
  );
}

const input = (path: string, options: Record<string, string> = {}) => ({ path, options });

// Built once: reading a repository never changes it, and building one takes dozens of git runs.
let REPO = '';
let repoParent = '';
beforeAll(() => {
  repoParent = mkdtempSync(join(tmpdir(), 'helpflow-git-'));
  REPO = buildRepository(repoParent);
});
afterAll(() => rmSync(repoParent, { recursive: true, force: true }));

describe('the git connector', () => {
  it('turns help trailers into help for the commit author, through the .mailmap', async () => {
    const repo = REPO;
    const store = await openStore();
    const summary = await runImport(store, git, input(repo));
    const rows = await helpRows(store);
    const sha = (rev: string) => gitIn(repo, ['rev-parse', rev]).trim();
    expect(rows).toEqual(
      [
        {
          helper: 'bob@example.com',
          helped: 'alice@example.com',
          context: 'payments-api',
          topic: 'src',
          at: '2026-01-05T09:00',
          source_id: `git:${sha('HEAD~5')}:reviewed-by:bob@example.com`,
        },
        {
          helper: 'carol@example.com',
          helped: 'alice@example.com',
          context: 'payments-api',
          topic: 'src',
          at: '2026-01-05T09:00',
          source_id: `git:${sha('HEAD~5')}:helped-by:carol@example.com`,
        },
        {
          helper: 'alice@example.com',
          helped: 'bob@example.com',
          context: 'payments-api',
          topic: 'docs',
          at: '2026-01-06T09:00',
          source_id: `git:${sha('HEAD~4')}:co-authored-by:alice@example.com`,
        },
        {
          helper: 'carol@example.com',
          helped: 'alice@example.com',
          context: 'payments-api',
          topic: 'src',
          at: '2026-01-10T09:00',
          source_id: `git:${sha('HEAD^1')}:reviewed-by:carol@example.com`,
        },
        {
          helper: 'eve@example.com',
          helped: 'alice@example.com',
          context: 'payments-api',
          topic: 'src',
          at: '2026-01-10T09:00',
          source_id: `git:${sha('HEAD^1')}:mentored-by:eve@example.com`,
        },
        {
          helper: 'dave@example.com',
          helped: 'carol@example.com',
          context: 'payments-api',
          topic: 'tests',
          at: '2026-01-09T09:00',
          source_id: `git:${sha('HEAD^2')}:suggested-by:dave@example.com`,
        },
      ].sort((a, b) => a.at.localeCompare(b.at) || a.helper.localeCompare(b.helper)),
    );
    // Every commit is activity of its author: not merges, not a bot's.
    const authors = gitIn(repo, ['log', '--no-merges', '--format=%aE'])
      .trim()
      .split('\n')
      .map((email) => email.toLowerCase())
      .filter((email) => email !== DEPENDABOT.email.toLowerCase());
    const commits = await store.all<{ account: string; kind: string }>(
      `SELECT account, kind FROM activity`,
    );
    expect(commits.map((c) => c.account).sort()).toEqual(authors.sort());
    expect(commits.every((c) => c.kind === 'commit')).toBe(true);
    expect(summary.skipped).toEqual({
      'commit without a help trailer': 1,
      'trailer on a merge commit': 1,
      'trailer without an e-mail address': 1,
      'self-trailer (the author names themselves)': 1,
      'trailer naming a bot, or on a bot’s commit': 1,
      'the same trailer twice in one commit': 1,
    });
    const accounts = await store.all(
      `SELECT account_id, display_name, email, is_bot FROM accounts ORDER BY account_id`,
    );
    expect(accounts).toEqual([
      {
        account_id: DEPENDABOT.email.toLowerCase(),
        display_name: DEPENDABOT.name,
        email: DEPENDABOT.email.toLowerCase(),
        is_bot: true,
      },
      {
        account_id: 'alice@example.com',
        display_name: 'Alice Martin',
        email: 'alice@example.com',
        is_bot: false,
      },
      {
        account_id: 'bob@example.com',
        display_name: 'Bob Stone',
        email: 'bob@example.com',
        is_bot: false,
      },
      {
        account_id: 'carol@example.com',
        display_name: 'Carol Diaz',
        email: 'carol@example.com',
        is_bot: false,
      },
      {
        account_id: 'dave@example.com',
        display_name: null,
        email: 'dave@example.com',
        is_bot: false,
      },
      {
        account_id: 'eve@example.com',
        display_name: 'Eve New',
        email: 'eve@example.com',
        is_bot: false,
      },
    ]);
  });

  it('reads a bare clone the same way, and re-importing it stores nothing new', async () => {
    const repo = REPO;
    const bare = join(tempDir(), 'payments-api.git');
    execFileSync('git', ['clone', '-q', '--bare', repo, bare]);
    const store = await openStore();
    await runImport(store, git, input(repo));
    const fromTree = await helpRows(store);
    await expectNothingNew(store, git, input(bare), fromTree.length);
    const fresh = await openStore();
    await runImport(fresh, git, input(bare));
    expect(await helpRows(fresh)).toEqual(fromTree);
  });

  it('reports progress in commits, up to the number of commits', async () => {
    const progress = await progressOf(git.read(input(REPO)));
    const commits = Number(gitIn(REPO, ['rev-list', '--count', 'HEAD']));
    expect(progress.at(-1)).toEqual({ type: 'progress', read: commits, total: commits });
  });

  it('takes the repository name from the folder holding .git, when given the .git folder', async () => {
    const store = await openStore();
    await runImport(store, git, input(join(REPO, '.git')));
    expect(new Set((await helpRows(store)).map((row) => row.context))).toEqual(
      new Set(['payments-api']),
    );
  });

  it('--since limits the history to commits after the date', async () => {
    const repo = REPO;
    const store = await openStore();
    const summary = await runImport(store, git, input(repo, { since: '2026-01-08' }));
    const rows = await helpRows(store);
    expect(rows.map((row) => row.at.slice(0, 10))).toEqual([
      '2026-01-09',
      '2026-01-10',
      '2026-01-10',
    ]);
    expect(summary.skipped['commit without a help trailer']).toBe(1);
  });

  it('skips the trailers of a commit whose author has no address, and declares no empty account', async () => {
    const repo = join(tempDir(), 'old-import');
    mkdirSync(repo);
    gitIn(repo, ['init', '-q']);
    commit(
      repo,
      { name: 'cvs2git', email: '' },
      3,
      'Converted\n\nReviewed-by: Bob <bob@example.com>',
      [],
    );
    const store = await openStore();
    const summary = await runImport(store, git, input(repo));
    expect(summary.counts.interactionsStored).toBe(0);
    expect(summary.skipped).toEqual({
      'trailer on a commit whose author has no e-mail address': 1,
    });
    expect(await store.all(`SELECT account_id FROM accounts`)).toEqual([]);
  });

  it('links e-mail accounts to org-chart people by address, in any case', async () => {
    const repo = REPO;
    const store = await openStore();
    const chart = writeTemp(
      'people.csv',
      'person,name,email,team,manager,title,joined\n' +
        'p1,Alice Martin,ALICE@example.com,payments,,engineer,2024-01-01\n' +
        'p2,Bob Stone,bob@example.com,payments,p1,engineer,2024-01-01\n',
    );
    await runImport(store, orgChart, input(chart));
    await runImport(store, git, input(repo));
    const links = await store.all(
      `SELECT account_id, person_id FROM accounts WHERE account_id IN ('alice@example.com', 'bob@example.com') ORDER BY 1`,
    );
    expect(links).toEqual([
      { account_id: 'alice@example.com', person_id: 'p1' },
      { account_id: 'bob@example.com', person_id: 'p2' },
    ]);
  });

  it('never writes commit messages into the database file', async () => {
    const repo = REPO;
    expect(gitIn(repo, ['log', '--format=%B'])).toContain(SECRET);
    await expectNotStored(SECRET, async (store) => {
      const summary = await runImport(store, git, input(repo));
      expect(summary.counts.interactionsStored).toBeGreaterThan(0);
    });
  });

  describe('bad input fails with a clear error and leaves the database as it was', () => {
    async function expectUnchanged(
      path: string,
      message: RegExp,
      options = {},
    ): Promise<ImportError> {
      const store = await openStore();
      await runImport(store, git, input(REPO));
      return expectFailedImport(store, git, input(path, options), { message, secret: SECRET });
    }

    it('a folder that is not a repository', async () => {
      const error = await expectUnchanged(tempDir(), /not a git repository/);
      expect(error.file).toMatch(/helpflow-test-/);
    });

    it('a folder inside a repository (git must not climb to the enclosing one)', async () => {
      const repo = REPO;
      await expectUnchanged(join(repo, 'src'), /src: not a git repository/);
    });

    it('a path that does not exist', async () => {
      await expectUnchanged(join(tempDir(), 'nope'), /nope: cannot be read/);
    });

    it('a repository without commits', async () => {
      const empty = tempDir();
      gitIn(empty, ['init', '-q']);
      await expectUnchanged(empty, /has no commits yet/);
    });

    it('a --since that is not a date', async () => {
      const error = await expectUnchanged(
        REPO,
        /field "since": --since "last tuesday" is not a date/,
        {
          since: 'last tuesday',
        },
      );
      expect(error.field).toBe('since');
    });
  });

  it('is reachable from the command line, with --since', async () => {
    const repo = REPO;
    const db = join(tempDir(), 'cli.duckdb');
    const summary = await helpflowJson<{
      connector: string;
      counts: { interactionsStored: number };
    }>('import', 'git', repo, '--since', '2026-01-08', '--db', db);
    expect(summary).toMatchObject({ connector: 'git', counts: { interactionsStored: 3 } });
  });
});
