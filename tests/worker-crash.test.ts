/**
 * Issue 14, item 4: an analytics worker that dies mid-request fails only that request, with a
 * clear 503, and the next request is answered by a new worker. The worker is made to exit by
 * the test-only HELPFLOW_TEST_WORKER_EXIT trigger file (server/analytics-worker/worker.ts): it
 * exits, as a crash would, on the first call it receives while the file exists.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { importDemo, startServer, type TestServer } from './api-server.ts';

// One worker and one slot: the request after the crash can only be answered by a new thread.
const ONE_WORKER = { analyticsWorkers: 1, fairQueue: { concurrency: 1 } };

describe('a crashed analytics worker', () => {
  let server: TestServer;
  let trigger: string;
  let admin: string;

  beforeAll(async () => {
    server = await startServer(
      async (store, dir) => void (await importDemo(store, dir)),
      ONE_WORKER,
    );
    trigger = join(server.dir, 'exit-worker');
    // Read by each worker thread when it starts, from this process's environment.
    process.env.HELPFLOW_TEST_WORKER_EXIT = trigger;
    admin = await server.token('admin');
  }, 120_000);

  afterAll(async () => {
    delete process.env.HELPFLOW_TEST_WORKER_EXIT;
    await server?.close();
  });

  it('fails the request in flight with 503 and answers the next one from a new worker', async () => {
    // A first answer: the worker is up and has its modules loaded.
    const before = await server.request('/api/v1/flows?by=team', admin);
    expect(before.status).toBe(200);

    writeFileSync(trigger, '');
    const crashed = await server.request('/api/v1/isolation', admin);
    expect(existsSync(trigger)).toBe(false); // the worker received the call, then died
    expect(crashed.status).toBe(503);
    expect(crashed.headers.get('content-type')).toContain('application/problem+json');
    expect(crashed.headers.get('retry-after')).toBe('1');
    expect(crashed.body).toMatchObject({ status: 503, code: 'HELPFLOW_WORKER_STOPPED' });
    expect(crashed.body.detail).toMatch(/analytics worker stopped .*try again/);

    // The same question again: not the failure from memory, but a new worker's answer.
    const after = await server.request('/api/v1/isolation', admin);
    expect(after.status).toBe(200);

    // The answer is what a server whose worker never crashed gives, on the same database.
    const reference = await buildApp({ store: server.store, config: { rateLimit: 0 } });
    try {
      const answer = await reference.inject({
        url: '/api/v1/isolation',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(answer.statusCode).toBe(200);
      expect(after.body).toEqual(answer.json());
      expect(after.body.people.length).toBeGreaterThan(0);
    } finally {
      await reference.close();
    }
  }, 120_000);
});
