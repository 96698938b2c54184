import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubConnector } from '../connectors/github/index.ts';
import { slackApiConnector } from '../connectors/slack-api/index.ts';
import { parseSyncConfig, SyncConfigError, type SyncConfig } from '../server/sync/config.ts';
import { runSync } from '../server/sync/run.ts';
import { startSyncSchedule } from '../server/sync/schedule.ts';
import { readSyncStatus } from '../server/sync/status.ts';
import { recordedGitHub } from './github-replay.ts';
import { helpflowWithEnv } from './cli-helpers.ts';
import { ROOT, openStore, tempDir, writeTemp } from './helpers.ts';
import { recordingClock, replayServer } from './replay-server.ts';
import { workspaceFromExport } from './slack-replay.ts';

const MINI = join(ROOT, 'tests/fixtures/slack/mini-export');
const TOKEN = 'xoxb-sync-token';

/** One replay server for both APIs: Slack methods at /slack/, GitHub at /github/. */
async function services() {
  const workspace = workspaceFromExport(MINI, { token: TOKEN, pageSize: 3 });
  const github = recordedGitHub('errors');
  const server = await replayServer((request) => {
    const [, service, ...rest] = request.url.pathname.split('/');
    const url = new URL(`/${rest.join('/')}${request.url.search}`, request.url);
    if (service === 'slack') return workspace.route({ ...request, url });
    if (service === 'github') return github.route({ ...request, url });
    return undefined;
  });
  const config = (file = 'test'): SyncConfig =>
    parseSyncConfig(
      {
        sources: [
          {
            name: 'github-acme',
            connector: 'github',
            origin: 'acme/api',
            tokenEnv: 'ACME_GITHUB_TOKEN',
            baseUrl: `${server.url}/github`,
          },
          {
            name: 'slack-mini',
            connector: 'slack-api',
            origin: 'mini',
            tokenEnv: 'MINI_SLACK_TOKEN',
            baseUrl: `${server.url}/slack`,
            options: { types: 'public_channel,private_channel,mpim,im' },
          },
        ],
      },
      file,
    );
  return { server, config };
}

const env = { ACME_GITHUB_TOKEN: 'ghp_revoked', MINI_SLACK_TOKEN: TOKEN };
const connectors = [
  githubConnector({ env, clock: recordingClock().clock }),
  slackApiConnector({ env, clock: recordingClock().clock }),
];

describe('helpflow sync: every configured source, incrementally', () => {
  it('a failing source does not stop the others, and the status says who failed and why', async () => {
    const { config } = await services();
    const store = await openStore();
    const results = await runSync(store, config(), { connectors });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['github-acme', 'failed'],
      ['slack-mini', 'succeeded'],
    ]);
    expect(results[0]!.error).toContain('GitHub refused the token in $ACME_GITHUB_TOKEN (401');
    const stored = results[1]!.summary!.counts.interactionsStored;
    expect(stored).toBeGreaterThan(0);

    const hourLater = new Date(Date.now() + 3600_000);
    const status = await readSyncStatus(store, config(), hourLater);
    expect(status[0]).toMatchObject({
      name: 'github-acme',
      lastRunStatus: 'failed',
      lastSuccessAt: null,
      lagSeconds: null,
      cursorUpdatedAt: null,
    });
    expect(status[0]!.lastError).toContain('401 Bad credentials');
    expect(status[1]).toMatchObject({
      name: 'slack-mini',
      lastRunStatus: 'succeeded',
      lastError: null,
    });
    expect(status[1]!.lagSeconds).toBeGreaterThanOrEqual(3599);
    expect(status[1]!.lagSeconds).toBeLessThan(3700);
    expect(status[1]!.cursorUpdatedAt).not.toBeNull();

    // Nothing new in the workspace: the second sync resumes from the cursor and adds nothing.
    const again = await runSync(store, config(), { connectors });
    expect(again[1]!.summary!.counts.interactionsStored).toBe(0);
    expect(again[1]!.summary!.counts.interactionsRead).toBeLessThan(stored);
  });

  it('runs on a schedule, one sync after another, until stopped', async () => {
    const { config } = await services();
    const store = await openStore();
    const syncs: string[][] = [];
    let enough: () => void;
    const twice = new Promise<void>((resolve) => (enough = resolve));
    const schedule = startSyncSchedule(store, config(), 10, {
      connectors,
      onSync: (results) => {
        syncs.push(results.map((r) => r.status));
        if (syncs.length === 2) enough();
      },
    });
    await twice;
    await schedule.stop();
    const runs = syncs.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(syncs.length).toBe(runs);
    expect(syncs[0]).toEqual(['failed', 'succeeded']);
    const imports = await store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM imports');
    expect(imports!.n).toBe(runs * 2);
  });

  it('refuses a config with a secret in it, or that names no connector, saying where', () => {
    const parse = (source: Record<string, unknown>) => () =>
      parseSyncConfig({ sources: [source] }, 'helpflow.config.json');
    const base = { name: 'gh', connector: 'github', origin: 'acme' };
    expect(parse({ ...base, token: 'ghp_x' })).toThrow(SyncConfigError);
    expect(parse({ ...base, token: 'ghp_x' })).toThrow(
      'helpflow.config.json, source 1 ("gh"), field "token": secrets never go in the file',
    );
    expect(parse({ ...base, connector: 'gitlab' })).toThrow(
      'source 1 ("gh"), field "connector": unknown connector "gitlab"',
    );
    expect(parse({ ...base, origin: '' })).toThrow('field "origin": expected a non-empty string');
    expect(parse({ ...base, options: { topics: 3 } })).toThrow(
      'field "options": expected an object of strings',
    );
    expect(() => parseSyncConfig({ sources: [base, base] }, 'f.json')).toThrow(
      'f.json, source 2 ("gh"), field "name": another source has this name',
    );
  });

  it('the helpflow sync command syncs, reports each source, and shows the status', async () => {
    const { config } = await services();
    const dir = tempDir();
    const db = join(dir, 'helpflow.duckdb');
    const file = writeTemp(
      'helpflow.config.json',
      JSON.stringify({ sources: config().sources }, null, 2),
    );
    const run = (...args: string[]) => helpflowWithEnv(env, ...args);
    const sync = await run('sync', '--config', file, '--db', db);
    expect(sync.code).toBe(1);
    const lines = sync.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✗ github-acme \(github acme\/api\): .*401 Bad credentials/);
    expect(lines[1]).toMatch(/^✓ slack-mini \(slack-api mini\): \d+ help events stored/);
    const status = await run('sync', '--status', '--json', '--config', file, '--db', db);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { name: string; lastRunStatus: string }[];
    expect(parsed.map((s) => [s.name, s.lastRunStatus])).toEqual([
      ['github-acme', 'failed'],
      ['slack-mini', 'succeeded'],
    ]);
  });
});
