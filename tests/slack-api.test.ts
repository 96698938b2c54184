import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKIP_EARLIER, SKIP_UNREADABLE } from '../connectors/slack-api/channel-help.ts';
import { slackApiConnector } from '../connectors/slack-api/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import type { Connector } from '../connectors/types.ts';
import { readCursors } from '../server/store/cursors.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { expectFailedImport, expectNotStored } from './connector-helpers.ts';
import { HAS_OLAKE, OLAKE, ROOT, openStore } from './helpers.ts';
import { recordingClock, replayServer } from './replay-server.ts';
import { workspaceFromExport } from './slack-replay.ts';

const MINI = join(ROOT, 'tests/fixtures/slack/mini-export');
const SECRET = 'PLANTED-SECRET-TEXT-b7e1';
const TOKEN = 'xoxb-test-token';
const ALL_TYPES = 'public_channel,private_channel,mpim,im';

async function serve(folder: string, options: { pageSize?: number; locked?: boolean } = {}) {
  const workspace = workspaceFromExport(folder, {
    token: TOKEN,
    pageSize: options.pageSize ?? 2,
    lockedChannels: options.locked ? [{ id: 'C_LOCKED', name: 'locked' }] : [],
  });
  const server = await replayServer((request) => workspace.route(request));
  return { workspace, server };
}

function connector(clock = recordingClock().clock, token = TOKEN): Connector {
  return slackApiConnector({ env: { SLACK_TOKEN: token }, clock });
}

const apiInput = (url: string, path = 'mini') => ({
  path,
  options: { 'base-url': url, types: ALL_TYPES },
});

interface Row {
  source: string;
  source_id: string;
  occurred_at: string;
  helper_account: string;
  helped_account: string;
  kind: string;
  context: string | null;
  topic: string | null;
}

async function interactions(store: Store): Promise<Row[]> {
  return store.all<Row>(
    `SELECT source, source_id, occurred_at::VARCHAR AS occurred_at, helper_account,
            helped_account, kind, context, topic
     FROM interactions ORDER BY source_id, kind`,
  );
}

/**
 * The export's help the Web API can reach at all: replies in conversations the metadata lists
 * whose thread root is there too (the API finds replies only through their root).
 */
function reachableThroughApi(folder: string): (row: Row) => boolean {
  const listed = ['channels.json', 'groups.json', 'mpims.json', 'dms.json'].flatMap((name) => {
    try {
      return JSON.parse(readFileSync(join(folder, name), 'utf8')) as {
        id: string;
        name?: string;
      }[];
    } catch {
      return [];
    }
  });
  const reachable = new Set<string>();
  for (const conversation of listed) {
    const dir = join(folder, conversation.name ?? conversation.id);
    let days: string[];
    try {
      days = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f));
    } catch {
      continue;
    }
    const messages = days.flatMap(
      (day) =>
        JSON.parse(readFileSync(join(dir, day), 'utf8')) as { ts: string; thread_ts?: string }[],
    );
    const present = new Set(messages.map((m) => m.ts));
    for (const m of messages) {
      if (m.thread_ts && present.has(m.thread_ts)) reachable.add(`${conversation.id}:${m.ts}`);
    }
  }
  return (row) => reachable.has(row.source_id.replace(/:reaction$/, ''));
}

describe('slack-api: a live workspace through the Web API', () => {
  it('gives the same accounts and interactions as slack-export for the same messages', async () => {
    const fromExport = await openStore();
    await runImport(fromExport, slackExport, { path: MINI, options: {} });
    const { workspace, server } = await serve(MINI, { locked: true });
    workspace.rateLimitNext = { method: 'conversations.history', retryAfter: 2 };
    const { clock, waits } = recordingClock();
    const live = await openStore();
    const summary = await runImport(live, connector(clock), apiInput(server.url));

    const expected = (await interactions(fromExport)).filter(reachableThroughApi(MINI));
    expect(expected.length).toBeGreaterThan(5);
    expect(await interactions(live)).toEqual(expected);
    const accounts = 'SELECT * EXCLUDE (person_id) FROM accounts ORDER BY ALL';
    expect(await live.all(accounts)).toEqual(await fromExport.all(accounts));

    // Retry-After: 2 was honoured, once; the locked channel is reported, not fatal.
    expect(waits).toEqual([2000]);
    expect(summary.skipped[SKIP_UNREADABLE]).toBe(1);
    expect(server.unmatched).toEqual([]);
    const asked = server.requests.map((r) => r.url.pathname.slice(1));
    expect(asked).toContain('conversations.replies');
    expect(server.requests.some((r) => r.url.searchParams.has('cursor'))).toBe(true);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  // Skipped in a plain clone, where the unlicensed real export is absent (see OLAKE).
  it.skipIf(!HAS_OLAKE)(
    'gives the same interactions as slack-export for the real olake workspace',
    async () => {
      const fromExport = await openStore();
      await runImport(fromExport, slackExport, { path: OLAKE, options: {} });
      const { server } = await serve(OLAKE, { pageSize: 50 });
      const live = await openStore();
      await runImport(live, connector(), apiInput(server.url));
      const exported = await interactions(fromExport);
      const expected = exported.filter(reachableThroughApi(OLAKE));
      expect(expected.length).toBeGreaterThan(100);
      expect(await interactions(live)).toEqual(expected);
    },
  );

  it('resumes from the newest ts per conversation: a second run adds only the new help', async () => {
    const { workspace, server } = await serve(MINI);
    const store = await openStore();
    // The help channel's thread has its root and first replies on 05-11, the rest on 05-12.
    workspace.visibleUntil = '1778500000';
    const first = await runImport(store, connector(), apiInput(server.url));
    const [cursor] = await readCursors(store);
    expect(cursor).toMatchObject({ connector: 'slack-api', origin: 'mini' });
    const channels = (cursor!.cursor as { channels: Record<string, string> }).channels;
    expect(channels.C_HELP).toBe('1778497200.000600');

    workspace.visibleUntil = null;
    server.requests.length = 0;
    const second = await runImport(store, connector(), apiInput(server.url));
    expect(second.counts.interactionsStored).toBeGreaterThan(0);
    // History is read from the thread window before the cursor, not from the beginning.
    const history = server.requests.find(
      (r) =>
        r.url.pathname === '/conversations.history' &&
        r.url.searchParams.get('channel') === 'C_HELP',
    );
    expect(Number(history!.url.searchParams.get('oldest'))).toBe(1778497200 - 30 * 86_400);
    expect(second.skipped[SKIP_EARLIER]).toBeGreaterThan(0);

    const whole = await openStore();
    const full = await runImport(whole, connector(), apiInput(server.url));
    expect(await interactions(store)).toEqual(await interactions(whole));
    expect(first.counts.interactionsStored + second.counts.interactionsStored).toBe(
      full.counts.interactionsStored,
    );
    const moved = (await readCursors(store))[0]!.cursor as { channels: Record<string, string> };
    expect(moved.channels.C_HELP).toBe('1778576700.000600');
  });

  it('a refused token fails clearly and changes nothing, cursor included', async () => {
    const { server } = await serve(MINI);
    const store = await openStore();
    await runImport(store, connector(), apiInput(server.url));
    const cursors = await readCursors(store);
    await expectFailedImport(store, connector(undefined, 'xoxb-revoked'), apiInput(server.url), {
      message: /^mini, auth\.test: Slack refused the token in \$SLACK_TOKEN \(invalid_auth\)$/,
      secret: SECRET,
    });
    expect(await readCursors(store)).toEqual(cursors);
  });

  it('an API error late in the run leaves the database and the cursor as they were', async () => {
    const { workspace } = await serve(MINI);
    let failReplies = false;
    const server = await replayServer((request) =>
      failReplies && request.url.pathname === '/conversations.replies'
        ? { body: { ok: false, error: 'internal_error' } }
        : workspace.route(request),
    );
    const store = await openStore();
    workspace.visibleUntil = '1778500000';
    await runImport(store, connector(), apiInput(server.url));
    const cursors = await readCursors(store);
    workspace.visibleUntil = null;
    failReplies = true;
    await expectFailedImport(store, connector(), apiInput(server.url), {
      message:
        /mini, conversations\.replies \(channel C_\w+, ts [\d.]+\): Slack answered ok: false \(internal_error\)/,
      secret: SECRET,
    });
    expect(await readCursors(store)).toEqual(cursors);
  });

  it('refuses a token of another workspace, and a missing token, before reading anything', async () => {
    const { server } = await serve(MINI);
    const store = await openStore();
    await expect(runImport(store, connector(), apiInput(server.url, 'acme'))).rejects.toThrow(
      'acme, auth.test: the token belongs to the workspace mini / T_MINI, not to "acme"',
    );
    const noToken = slackApiConnector({ env: {} });
    await expect(runImport(store, noToken, apiInput(server.url))).rejects.toThrow(
      'no Slack token: put a bot or user token in the environment variable SLACK_TOKEN',
    );
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/auth.test']);
    expect(
      (await store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM interactions'))!.n,
    ).toBe(0);
  });

  it('refuses a stored cursor it did not write, before asking Slack anything', async () => {
    const records = connector().read({ ...apiInput('http://127.0.0.1:9'), cursor: { repos: {} } });
    await expect(records[Symbol.asyncIterator]().next()).rejects.toThrow(
      'mini, field "cursor": the stored sync cursor is not a slack-api cursor ({"channels": {"C123": "ts"}})',
    );
  });

  it('gives up on a rate limit that outlasts its patience, saying so', async () => {
    const server = await replayServer(() => ({
      status: 429,
      headers: { 'retry-after': '5' },
      body: { ok: false, error: 'ratelimited' },
    }));
    const { clock, waits } = recordingClock();
    const patient = slackApiConnector({ env: { SLACK_TOKEN: TOKEN }, clock, maxAttempts: 3 });
    await expect(runImport(await openStore(), patient, apiInput(server.url))).rejects.toThrow(
      'Slack still rate-limits the request after 3 tries',
    );
    expect(waits).toEqual([5000, 5000]);
  });

  it('never writes message text into the database file', async () => {
    const { server } = await serve(MINI);
    await expectNotStored(SECRET, async (store) => {
      const summary = await runImport(store, connector(), apiInput(server.url));
      expect(summary.counts.interactionsStored).toBeGreaterThan(0);
    });
  });
});
