/**
 * Live APIs that stop answering: every request has a timeout (`--request-timeout`, default 60 s)
 * and a bounded number of tries; the import then fails, is recorded as failed, and the imports
 * queued behind it run. The "API" here is a real local HTTP server that accepts requests and
 * never answers.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { githubConnector } from '../connectors/github/index.ts';
import { interactions } from '../connectors/interactions/index.ts';
import { slackApiConnector } from '../connectors/slack-api/index.ts';
import { ImportJobs } from '../server/api/import-jobs.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports } from '../server/store/queries.ts';
import { helpflowWithEnv } from './cli-helpers.ts';
import { openStore, tempDir, writeTemp } from './helpers.ts';
import { join } from 'node:path';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server that reads every request and never answers; returns its URL and what it got. */
async function silentServer(): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  server = createServer((request) => requests.push(request));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
  };
}

describe('a live API that stops answering', () => {
  it('fails a Slack import after its tries, recorded as failed', async () => {
    const { url, requests } = await silentServer();
    const store = await openStore();
    const slack = slackApiConnector({ env: { SLACK_TOKEN: 'xoxb-test' }, requestTimeoutMs: 300 });
    const started = Date.now();
    await expect(
      runImport(store, slack, { path: 'acme', options: { 'base-url': url } }),
    ).rejects.toThrow(/acme, auth\.test: .* did not answer within 0\.3 s \(2 tries\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toHaveLength(2);
    expect((await readImports(store)).at(-1)).toMatchObject({
      connector: 'slack-api',
      status: 'failed',
    });
  });

  it('fails a GitHub import after its tries, recorded as failed', async () => {
    const { url, requests } = await silentServer();
    const store = await openStore();
    const github = githubConnector({ env: {}, requestTimeoutMs: 300 });
    await expect(
      runImport(store, github, { path: 'acme/api', options: { 'base-url': url } }),
    ).rejects.toThrow(/acme\/api, GET \/repos\/.*did not answer within 0\.3 s \(2 tries\)/);
    expect(requests).toHaveLength(2);
    expect((await readImports(store)).at(-1)).toMatchObject({
      connector: 'github',
      status: 'failed',
    });
  });

  it('takes --request-timeout on the command line', async () => {
    const { url } = await silentServer();
    const db = join(tempDir(), 'h.duckdb');
    const result = await helpflowWithEnv(
      { SLACK_TOKEN: 'xoxb-test' },
      'import',
      'slack-api',
      'acme',
      '--base-url',
      url,
      '--request-timeout',
      '0.5',
      '--db',
      db,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/did not answer within 0\.5 s \(2 tries\).*--request-timeout/);
  });

  it('never blocks the uploads queued behind a sync that hangs', async () => {
    const { url } = await silentServer();
    const store = await openStore();
    const jobs = new ImportJobs(await store.connect(), () => Promise.resolve());
    const slack = slackApiConnector({ env: { SLACK_TOKEN: 'xoxb-test' }, requestTimeoutMs: 300 });
    const sync = jobs.exclusive(() =>
      runImport(jobs.connection, slack, { path: 'acme', options: { 'base-url': url } }),
    );
    const dir = tempDir();
    const events = writeTemp(
      'e.csv',
      'id,helper,helped,at,kind,topic,context\ne1,a@x.org,b@x.org,2026-03-01T10:00:00Z,reply,go,c\n',
    );
    const job = jobs.start(interactions, { path: events, options: {} }, 'e.csv', dir, 'j1');
    await expect(sync).rejects.toThrow(/did not answer/);
    await jobs.drain();
    expect(job.state).toBe('succeeded');
    expect((await readImports(store)).map((run) => run.status)).toEqual(['failed', 'succeeded']);
    jobs.connection.close();
  });
});
