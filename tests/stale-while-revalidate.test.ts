/**
 * Issue 13, item 6: after an import, caches are refreshed in the background (stale-while-
 * revalidate) instead of dropped at once, so a read right after an import never waits on a cold
 * recompute; after an opt-out nothing computed before it is shown.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { ResultCache } from '../server/reports/cache.ts';
import { onlyImportsSince } from '../server/store/analytics-queries.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, untilChanged, type TestServer } from './api-server.ts';

const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const ORG = [
  'person,name,email,team,manager,title,joined',
  ...PEOPLE.map((id) => `${id},${id},,core,${id === 'p1' ? '' : 'p1'},Engineer,2020-01-01`),
].join('\n');

/** `count` help events among everyone, from 2026-01-01, ids starting with `prefix`. */
function events(count: number, prefix: string, offset = 1): string {
  const lines = ['id,helper,helped,at,kind,topic,context'];
  for (let i = 0; i < count; i++) {
    const helper = PEOPLE[i % PEOPLE.length]!;
    const helped = PEOPLE[(i + offset) % PEOPLE.length]!;
    const day = new Date(Date.UTC(2026, 0, 1) + (i % 60) * 86_400_000).toISOString();
    lines.push(`${prefix}${i},${helper},${helped},${day},reply,go,chat`);
  }
  return `${lines.join('\n')}\n`;
}

/** A deferred value: the test decides when a computation ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('stale-while-revalidate', () => {
  it('answers the previous value while the new one is computed, then the new one', async () => {
    const cache = new ResultCache();
    const always = () => true;
    expect(await cache.latest('1', 'flows', async () => 'one', always)).toBe('one');

    const refresh = deferred<string>();
    let computations = 0;
    const compute = () => {
      computations += 1;
      return refresh.promise;
    };
    // Version 2 arrived: the old value at once, the refresh started once for every caller.
    expect(await cache.latest('2', 'flows', compute, always)).toBe('one');
    expect(await cache.latest('2', 'flows', compute, always)).toBe('one');
    expect(computations).toBe(1);
    refresh.resolve('two');
    await refresh.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.latest('2', 'flows', compute, always)).toBe('two');
    expect(computations).toBe(1);
  });

  it('waits for the new value when the old one may not be shown, and keeps it after a failed refresh', async () => {
    const cache = new ResultCache();
    await cache.latest(
      '1.a',
      'k',
      async () => 'old',
      () => true,
    );
    // Not servable (an opt-out came between): the caller waits for the new value.
    const refresh = deferred<string>();
    const answer = cache.latest(
      '2.b',
      'k',
      () => refresh.promise,
      () => false,
    );
    let settled = false;
    void answer.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    refresh.resolve('new');
    expect(await answer).toBe('new');

    // A refresh that fails leaves the last value to answer, and is tried again.
    const failing = deferred<string>();
    expect(
      await cache.latest(
        '3.b',
        'k',
        () => failing.promise,
        () => true,
      ),
    ).toBe('new');
    failing.reject(new Error('disk full'));
    await failing.promise.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await cache.latest(
        '3.b',
        'k',
        async () => 'again',
        () => true,
      ),
    ).toBe('new');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await cache.latest(
        '3.b',
        'k',
        async () => 'unused',
        () => true,
      ),
    ).toBe('again');
  });

  it('lets only imports be hidden: the version parts of opt-outs, merges and deletions must match', () => {
    expect(onlyImportsSince('4.77.2.1', '5.77.2.1')).toBe(true);
    expect(onlyImportsSince('4.77.2.1', '5.78.2.1')).toBe(false);
    expect(onlyImportsSince('4.77.2.1', '5.77.3.1')).toBe(false);
    expect(onlyImportsSince('4.77.2.1', '5.77.2.2')).toBe(false);
  });
});

describe('stale-while-revalidate over HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers a read right after an import from the previous result, and the new one after', async () => {
    server = await startServer(async (store, dir) => {
      writeFileSync(join(dir, 'org.csv'), ORG);
      writeFileSync(join(dir, 'events.csv'), events(120, 'e'));
      await runImport(store, orgChart, { path: join(dir, 'org.csv'), options: {} });
      await runImport(store, interactions, { path: join(dir, 'events.csv'), options: {} });
    });
    const admin = await server.token('admin');
    const window = 'from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z';
    const page = `/api/v1/people/p2?${window}`;
    const before = await server.request(page, admin);
    expect(before.status).toBe(200);

    // An import through the server that changes p2's network (p2 now also helps p5).
    const form = new FormData();
    form.append('file', new Blob([events(90, 'n', 3)]), 'more.csv');
    const job = await server.request('/api/v1/imports?connector=interactions', admin, {
      method: 'POST',
      body: form,
    });
    expect(job.status).toBe(202);
    let state = job.body.state;
    while (state !== 'succeeded' && state !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = (await server.request(`/api/v1/imports/jobs/${job.body.id}`, admin)).body.state;
    }
    expect(state).toBe('succeeded');

    // Right after: the page computed before the import, while it is recomputed.
    const stale = await server.request(page, admin);
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(before.body);

    // Then the page of the new data arrives.
    const fresh = await untilChanged(server, page, admin, before.body);
    expect(fresh).not.toEqual(before.body);
    // What a cold computation of the new data gives, on a key no one asked for before.
    const cold = await server.request(`${page}&kind=reply`, admin);
    expect(fresh).toEqual(cold.body);
  });

  it('never shows a result from before an opt-out', async () => {
    server = await startServer(async (store, dir) => {
      writeFileSync(join(dir, 'org.csv'), ORG);
      writeFileSync(join(dir, 'events.csv'), events(120, 'e'));
      await runImport(store, orgChart, { path: join(dir, 'org.csv'), options: {} });
      await runImport(store, interactions, { path: join(dir, 'events.csv'), options: {} });
    });
    const admin = await server.token('admin');
    const list = '/api/v1/people?limit=50';
    const graph = '/api/v1/graph?from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z';
    expect((await server.request(list, admin)).status).toBe(200);
    const before = await server.request(graph, admin);
    expect(JSON.stringify(before.body)).toContain('"p3"');
    const out = await server.request('/api/v1/people/p3/opt-out', admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ optedOut: true }),
    });
    expect(out.status).toBe(200);
    const after = await server.request(graph, admin);
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).not.toContain('"p3"');
  });
});
