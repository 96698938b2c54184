import { describe, expect, it } from 'vitest';
import { githubConnector } from '../connectors/github/index.ts';
import { SKIP } from '../connectors/github/help.ts';
import type { Connector } from '../connectors/types.ts';
import { readCursors } from '../server/store/cursors.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { recordedGitHub } from './github-replay.ts';
import { expectFailedImport, expectNotStored } from './connector-helpers.ts';
import { openStore, writeTemp } from './helpers.ts';
import { recordingClock, replayServer, type ReplayServer } from './replay-server.ts';

const SECRET = 'PLANTED-SECRET-TEXT-gh42';
/** The clock of the tests: 2 minutes before the recorded x-ratelimit-reset (1780272120). */
const NOW = 1780272000 * 1000;

function connector(clock = recordingClock(NOW).clock): Connector {
  return githubConnector({ env: { GITHUB_TOKEN: 'ghp_test' }, clock });
}

const input = (server: ReplayServer, path = 'acme/api', options: Record<string, string> = {}) => ({
  path,
  options: { 'base-url': server.url, ...options },
});

async function serve(...scenarios: string[]) {
  const recorded = recordedGitHub(...scenarios);
  const server = await replayServer((request) => recorded.route(request));
  return { recorded, server };
}

interface Row {
  source_id: string;
  helper_account: string;
  helped_account: string;
  kind: string;
  context: string;
  topic: string | null;
  occurred_at: string;
}

async function interactions(store: Store): Promise<Row[]> {
  return store.all<Row>(
    `SELECT source_id, helper_account, helped_account, kind, context, topic,
            strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS occurred_at
     FROM interactions ORDER BY source_id`,
  );
}

describe('github: reviews and comments through the GitHub API', () => {
  it('turns reviews, review comments and issue comments into help, waiting out rate limits', async () => {
    const { recorded, server } = await serve('acme-api');
    const { clock, waits } = recordingClock(NOW);
    const store = await openStore();
    let progress = 0;
    const summary = await runImport(store, connector(clock), input(server), {
      onProgress: (p) => (progress = p.read),
    });

    expect(await interactions(store)).toEqual([
      row('issue-comment:8001', 'ben', 'ana', 'auth', '2026-05-04T10:00:00Z'),
      row('issue-comment:8005', 'ana', 'ben', null, '2026-05-05T12:00:00Z'),
      row('issue-comment:8007', 'ben', 'cara', 'payments', '2026-05-06T15:00:00Z'),
      row('review-comment:7001', 'ana', 'ben', null, '2026-05-05T11:30:00Z'),
      row('review-comment:7003', 'ana', 'cara', 'payments', '2026-05-06T13:00:00Z'),
      row('review:9001', 'ana', 'ben', null, '2026-05-05T11:00:00Z'),
      row('review:9006', 'ben', 'cara', 'payments', '2026-05-06T14:00:00Z'),
    ]);
    expect(summary.skipped).toEqual({
      [SKIP.envelope]: 1,
      [SKIP.selfReview]: 2,
      [SKIP.pending]: 1,
      [SKIP.toBot]: 1,
      [SKIP.ghost]: 1,
      [SKIP.missingThread]: 1,
      [SKIP.selfComment]: 2,
      [SKIP.bot]: 1,
      [SKIP.toGhost]: 1,
    });
    // The primary limit until x-ratelimit-reset (2 min, plus a second), the secondary for its
    // retry-after; then every recorded exchange, both pages of each list included, was asked.
    expect(waits).toEqual([121_000, 3_000]);
    expect(recorded.unused()).toEqual([]);
    expect(server.unmatched).toEqual([]);
    // Progress counts pages: issues 2, reviews of #2, #3 and #5, review comments 1, issue comments 2.
    expect(progress).toBe(8);
    expect(server.requests.every((r) => r.headers.authorization === 'token ghp_test')).toBe(true);

    const accounts = await store.all<{ account_id: string; is_bot: boolean; person: string }>(
      `SELECT account_id, is_bot, person_id AS person FROM accounts ORDER BY account_id`,
    );
    expect(accounts).toEqual([
      { account_id: 'ana', is_bot: false, person: 'github:ana' },
      { account_id: 'ben', is_bot: false, person: 'github:ben' },
      { account_id: 'cara', is_bot: false, person: 'github:cara' },
      { account_id: 'dependabot[bot]', is_bot: true, person: null },
    ]);
    // Opening a pull request or an issue is activity of its author; a bot's is not.
    const opened = await store.all<{ account: string; kind: string; context: string }>(
      `SELECT account, kind, context FROM activity ORDER BY source_id`,
    );
    expect(new Set(opened.map((o) => o.kind))).toEqual(new Set(['pull-request', 'issue']));
    for (const o of opened) {
      expect(['ana', 'ben', 'cara']).toContain(o.account);
      expect(o.context).toBe('acme/api');
    }
    expect(summary.counts.activityStored).toBe(opened.length);
    const [cursor] = await readCursors(store);
    expect(cursor).toMatchObject({
      connector: 'github',
      origin: 'acme/api',
      cursor: { repos: { 'acme/api': '2026-05-06T15:00:00.000Z' } },
    });
  });

  it('resumes from the stored cursor: asks only for what changed since, adds only the new help', async () => {
    const first = await serve('acme-api');
    const store = await openStore();
    await runImport(store, connector(), input(first.server));
    const before = (await interactions(store)).length;

    const { recorded, server } = await serve('acme-api-since');
    const second = await runImport(store, connector(), input(server));
    expect(recorded.unused()).toEqual([]);
    const lists = server.requests.filter((r) => !/\/(reviews|api)$/.test(r.url.pathname));
    expect(lists.map((r) => r.url.searchParams.get('since'))).toEqual([
      '2026-05-06T15:00:00.000Z',
      '2026-05-06T15:00:00.000Z',
      '2026-05-06T15:00:00.000Z',
    ]);
    expect(second.counts.interactionsStored).toBe(2);
    expect((await interactions(store)).length).toBe(before + 2);
    const fresh = (await interactions(store)).filter((r) =>
      ['review:9007', 'issue-comment:8008'].includes(r.source_id),
    );
    expect(fresh.map((r) => `${r.helper_account}->${r.helped_account}`)).toEqual([
      'cara->ana',
      'cara->ben',
    ]);
    // The reviews of #2 and the edited comment came again: read earlier, said so.
    expect(second.skipped[SKIP.earlier]).toBe(3);
    const [cursor] = await readCursors(store);
    expect(cursor!.cursor).toEqual({ repos: { 'acme/api': '2026-05-08T09:00:00.000Z' } });
  });

  it('tries a 502 again after a pause, and the run completes', async () => {
    const recorded = recordedGitHub('acme-api');
    let failed = false;
    const server = await replayServer((request) => {
      if (!failed && request.url.pathname === '/repos/acme/api/pulls/comments') {
        failed = true;
        return { status: 502, body: { message: 'Server Error' } };
      }
      return recorded.route(request);
    });
    const { clock, waits } = recordingClock(NOW);
    const summary = await runImport(await openStore(), connector(clock), input(server));
    expect(waits).toEqual([121_000, 2_000, 3_000]);
    expect(summary.counts.interactionsStored).toBe(7);
    expect(recorded.unused()).toEqual([]);
  });

  it('an error mid-way leaves the database and the cursor as they were', async () => {
    const first = await serve('acme-api');
    const store = await openStore();
    await runImport(store, connector(), input(first.server));
    const cursors = await readCursors(store);

    const recorded = recordedGitHub('acme-api-since');
    const server = await replayServer((request) =>
      request.url.pathname.endsWith('/issues/comments')
        ? { status: 500, body: { message: 'Server Error' } }
        : recorded.route(request),
    );
    await expectFailedImport(store, connector(), input(server), {
      message:
        /^acme\/api, GET \/repos\/acme\/api\/issues\/comments\?\S+: GitHub answered 500 \(Server Error\)$/,
      secret: SECRET,
    });
    expect(await readCursors(store)).toEqual(cursors);
  });

  it('a refused token and an unknown repository fail clearly before anything is read', async () => {
    const { server } = await serve('errors');
    const store = await openStore();
    await expect(runImport(store, connector(), input(server))).rejects.toThrow(
      'acme/api, GET /repos/acme/api: GitHub refused the token in $GITHUB_TOKEN (401 Bad credentials)',
    );
    await expect(runImport(store, connector(), input(server, 'acme/nope'))).rejects.toThrow(
      'acme/nope, GET /repos/acme/nope: not found (404): the organisation or repository does not exist, or the token cannot see it',
    );
    await expect(runImport(store, connector(), input(server, 'not a repo'))).rejects.toThrow(
      'not a repo: expected an organisation or user ("acme") or one repository ("acme/api")',
    );
    const named = githubConnector({ env: {} });
    await expect(
      runImport(store, named, input(server, 'acme/api', { 'token-env': 'ACME_GITHUB_TOKEN' })),
    ).rejects.toThrow(
      'acme/api, field "token-env": the environment variable ACME_GITHUB_TOKEN holds no token',
    );
    expect(server.requests).toHaveLength(2);
    const imports = await store.all<{ status: string }>('SELECT status FROM imports');
    expect(imports.map((i) => i.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });

  it('reads every repository of an organisation, with a topics file over labels', async () => {
    const { server } = await serve('acme-org', 'acme-api');
    const topics = writeTemp('topics.json', JSON.stringify({ 'acme/api': 'platform' }));
    const store = await openStore();
    await runImport(store, connector(), input(server, 'acme', { topics }));
    const rows = await interactions(store);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set(['platform']));
    const asked = server.requests.map((r) => r.url.pathname);
    expect(asked).toContain('/repos/acme/web/issues');
    const [cursor] = await readCursors(store);
    // An empty repository has no update to resume from yet.
    expect(cursor!.cursor).toEqual({ repos: { 'acme/api': '2026-05-06T15:00:00.000Z' } });
  });

  it('refuses a stored cursor it did not write, before asking GitHub anything', async () => {
    const records = connector().read({
      path: 'acme/api',
      options: {},
      cursor: { repos: { 'acme/api': 'last week' } },
    });
    await expect(records[Symbol.asyncIterator]().next()).rejects.toThrow(
      'acme/api, field "cursor": the stored sync cursor is not a github cursor ({"repos": {"owner/repo": time}})',
    );
  });

  it('gives up on a rate limit that resets too late, saying when to come back', async () => {
    const { server } = await serve('acme-api');
    const { clock, waits } = recordingClock(NOW);
    const hasty = githubConnector({ env: { GITHUB_TOKEN: 'ghp_test' }, clock, maxWaitMs: 60_000 });
    await expect(runImport(await openStore(), hasty, input(server))).rejects.toThrow(
      /pulls\/5\/reviews\S*: GitHub still refuses the request \(403\) after 1 try; it asks for a wait of 121 s/,
    );
    expect(waits).toEqual([]);
  });

  it('never writes titles, bodies or diff hunks into the database file', async () => {
    const { server } = await serve('acme-api');
    await expectNotStored(SECRET, async (store) => {
      const summary = await runImport(store, connector(), input(server));
      expect(summary.counts.interactionsStored).toBeGreaterThan(0);
    });
  });
});

function row(
  sourceId: string,
  helper: string,
  helped: string,
  topic: string | null,
  at: string,
): Row {
  return {
    source_id: sourceId,
    helper_account: helper,
    helped_account: helped,
    kind: sourceId.split(':')[0]!,
    context: 'acme/api',
    topic,
    occurred_at: at,
  };
}
