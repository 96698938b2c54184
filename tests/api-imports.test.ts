/**
 * Imports over HTTP, the minimum group size and opt-out, against a real server on a small
 * organisation: a team of six and a team of three.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { parseSyncConfig } from '../server/sync/config.ts';
import { snapshot, tempDir } from './helpers.ts';
import { startServer, untilChanged, type TestServer } from './api-server.ts';

const BIG = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
const TINY = ['t1', 't2', 't3'];

const ORG = [
  'person,name,email,team,manager,title,joined',
  ...BIG.map(
    (id) => `${id},Big ${id},${id}@example.com,big,${id === 'b1' ? '' : 'b1'},Engineer,2020-01-01`,
  ),
  ...TINY.map(
    (id) =>
      `${id},Tiny ${id},${id}@example.com,tiny,${id === 't1' ? '' : 't1'},Engineer,2020-01-01`,
  ),
].join('\n');

/** `count` help events among everyone, one a day, from 2026-01-01. */
function events(count: number, prefix = 'e'): string {
  const people = [...BIG, ...TINY];
  const lines = ['id,helper,helped,at,kind,topic,context'];
  for (let i = 0; i < count; i++) {
    const helper = people[i % people.length]!;
    const helped = people[(i * 7 + 1) % people.length]!;
    if (helper === helped) continue;
    const day = new Date(Date.UTC(2026, 0, 1) + (i % 80) * 86_400_000).toISOString();
    lines.push(`${prefix}${i},${helper},${helped},${day},reply,${i % 2 ? 'go' : 'sql'},chat`);
  }
  return `${lines.join('\n')}\n`;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function smallOrg(config = {}) {
  return startServer(async (store, dir) => {
    writeFileSync(join(dir, 'org.csv'), ORG);
    writeFileSync(join(dir, 'events.csv'), events(400));
    await runImport(store, orgChart, { path: join(dir, 'org.csv'), options: {} });
    await runImport(store, interactions, { path: join(dir, 'events.csv'), options: {} });
  }, config);
}

/** Uploads `text` as `name`; the job the server answers with. */
async function upload(s: TestServer, token: string, connector: string, name: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return s.request(`/api/v1/imports?connector=${connector}`, token, { method: 'POST', body: form });
}

/** Reads the job's server-sent events until the stream ends. */
async function followEvents(s: TestServer, token: string, path: string) {
  const response = await fetch(`${s.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const text = await response.text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) =>
      JSON.parse(
        block
          .split('\n')
          .find((line) => line.startsWith('data: '))!
          .slice(6),
      ),
    );
}

describe('imports over HTTP', () => {
  it('uploads a file, streams progress, stores it, and lists it in the history', async () => {
    server = await smallOrg();
    const admin = await server.token('admin');
    const before = (await server.request('/api/v1/flows', admin)).body;
    const job = await upload(server, admin, 'interactions', 'more.csv', events(300, 'x'));
    expect(job.status).toBe(202);
    expect(job.body.connector).toBe('interactions');
    const seen = await followEvents(server, admin, job.body.events);
    const last = seen.at(-1);
    expect(last.type).toBe('succeeded');
    expect(last.summary.counts.interactionsStored).toBe(
      events(300, 'x').trim().split('\n').length - 1,
    );
    const history = (await server.request('/api/v1/imports', admin)).body;
    expect(history.imports[0]).toMatchObject({ connector: 'interactions', status: 'succeeded' });
    expect(history.imports[0].origin).toContain('more.csv');
    // The import changed the data version: reports are computed afresh (in the background).
    const after = await untilChanged(server, '/api/v1/flows', admin, before);
    const weight = (r: { flows: { weight: number }[] }) =>
      r.flows.reduce((s, f) => s + f.weight, 0);
    expect(weight(after)).toBeGreaterThan(weight(before));
    const state = (await server.request(`/api/v1/imports/jobs/${job.body.id}`, admin)).body;
    expect(state.state).toBe('succeeded');
  });

  it('a failed upload changes nothing and says why', async () => {
    server = await smallOrg();
    const admin = await server.token('admin');
    const before = await snapshot(server.store);
    const bad = `${events(50, 'y').trimEnd()}\ny999,b1,b2,not-a-date,reply,go,chat\n`;
    const job = await upload(server, admin, 'interactions', 'bad.csv', bad);
    expect(job.status).toBe(202);
    const seen = await followEvents(server, admin, job.body.events);
    expect(seen.at(-1).type).toBe('failed');
    expect(seen.at(-1).error).toMatch(/bad\.csv.*line 52.*"at"/);
    expect(await snapshot(server.store)).toBe(before);
    const history = (await server.request('/api/v1/imports', admin)).body;
    expect(history.imports[0]).toMatchObject({ status: 'failed' });
  });

  it('refuses an unknown connector, a missing file and a non-admin, naming what is wrong', async () => {
    server = await smallOrg();
    const admin = await server.token('admin');
    const unknown = await upload(server, admin, 'carrier-pigeon', 'x.csv', 'a');
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('connector');
    const empty = await server.request('/api/v1/imports?connector=interactions', admin, {
      method: 'POST',
      body: new FormData(),
    });
    expect(empty.status).toBe(400);
    const analyst = await server.token('analyst');
    expect((await upload(server, analyst, 'interactions', 'x.csv', events(5))).status).toBe(403);
  });

  it('keeps answering reads while an import runs', async () => {
    server = await smallOrg();
    const admin = await server.token('admin');
    const flowsBefore = (await server.request('/api/v1/flows', admin)).body;
    const job = await upload(server, admin, 'interactions', 'big.csv', events(60_000, 'z'));
    const reads: number[] = [];
    let state = 'queued';
    while (state === 'queued' || state === 'running') {
      const [health, flows, people] = await Promise.all([
        server.request('/api/v1/health'),
        server.request('/api/v1/flows', admin),
        server.request('/api/v1/people?search=Big', admin),
      ]);
      reads.push(health.status, flows.status, people.status);
      expect(people.body.people).toHaveLength(BIG.length);
      state = (await server.request(`/api/v1/imports/jobs/${job.body.id}`, admin)).body.state;
    }
    expect(state).toBe('succeeded');
    expect(reads.length).toBeGreaterThan(3);
    expect(reads.every((status) => status === 200)).toBe(true);
    const flowsAfter = await untilChanged(server, '/api/v1/flows', admin, flowsBefore);
    expect(flowsAfter).not.toEqual(flowsBefore);
  });
});

describe('scheduled sync', () => {
  it('syncs the configured sources while serving; a failing one is shown with its error', async () => {
    const dir = tempDir();
    const good = join(dir, 'events.csv');
    writeFileSync(good, events(200, 's'));
    const config = parseSyncConfig(
      {
        sources: [
          { name: 'missing', connector: 'interactions', origin: join(dir, 'nowhere.csv') },
          { name: 'events', connector: 'interactions', origin: good },
        ],
      },
      'helpflow.config.json',
    );
    server = await startServer(
      async (store, folder) => {
        writeFileSync(join(folder, 'org.csv'), ORG);
        await runImport(store, orgChart, { path: join(folder, 'org.csv'), options: {} });
      },
      { sync: { config, intervalMs: 60_000 } },
    );
    const admin = await server.token('admin');
    let status = (await server.request('/api/v1/sync', admin)).body;
    const ran = () => status.sources.every((s: { lastRunAt: string | null }) => s.lastRunAt);
    for (let i = 0; i < 200 && !ran(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await server.request('/api/v1/sync', admin)).body;
    }
    expect(status).toMatchObject({ scheduled: true, intervalMinutes: 1 });
    const byName = new Map<
      string,
      Record<string, unknown> & { lagSeconds: number; lastError: string }
    >(status.sources.map((s: { name: string }) => [s.name, s]));
    expect(byName.get('events')).toMatchObject({ lastRunStatus: 'succeeded', lastError: null });
    expect(byName.get('events')!.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(byName.get('missing')).toMatchObject({ lastRunStatus: 'failed', lastSuccessAt: null });
    expect(byName.get('missing')!.lastError).toContain('nowhere.csv');
    // The synced data is in the reports: the data version moved on after the sync.
    const flows = (await server.request('/api/v1/flows', admin)).body;
    expect(flows.flows.length).toBeGreaterThan(0);
  });
});

describe('start-up retention and the first sync', () => {
  it('holds the first reports for the retention pass only, never for a sync', async () => {
    const dir = tempDir();
    const file = join(dir, 'events.csv');
    writeFileSync(file, events(2000, 's'));
    const config = parseSyncConfig(
      { sources: [{ name: 'events', connector: 'interactions', origin: file }] },
      'helpflow.config.json',
    );
    server = await startServer(async () => undefined, {
      sync: { config, intervalMs: 60_000 },
      retention: { days: 730, auditDays: 730 },
    });
    const app = server.app;
    await app.startupRetention;
    // The sync, queued after the pass, has not run yet: reports waiting for the pass
    // (Analytics.warmUp) would not wait for it.
    const status = (await server.request('/api/v1/sync', await server.token('admin'))).body;
    expect(status.sources[0].lastRunAt).toBeNull();
  });
});

describe('privacy rules', () => {
  it('withholds team figures of groups below the minimum size, except from admin', async () => {
    server = await smallOrg();
    const analyst = await server.token('analyst');
    const flows = (await server.request('/api/v1/flows', analyst)).body;
    expect(flows.withheld).toEqual([
      { team: 'tiny', reason: expect.stringContaining('fewer than 5 people') },
    ]);
    expect(flows.teams.map((t: { team: string }) => t.team)).toEqual(['big']);
    expect(JSON.stringify(flows.flows)).not.toContain('"tiny"');
    const trends = (await server.request('/api/v1/trends', analyst)).body;
    expect(trends.withheld.map((w: { team: string }) => w.team)).toEqual(['tiny']);
    expect(trends.teams.some((row: { team: string }) => row.team === 'tiny')).toBe(false);
    const admin = await server.token('admin');
    const all = (await server.request('/api/v1/flows', admin)).body;
    expect(all.teams.map((t: { team: string }) => t.team)).toEqual(['big', 'tiny']);
  });

  it('limits the request rate per token and the size of JSON bodies', async () => {
    server = await smallOrg({ rateLimit: 3 });
    const admin = await server.token('admin');
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await server.request('/api/v1/people', admin)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await server.token('admin');
    const big = await server.request('/api/v1/people/b1/opt-out', other, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ optedOut: false, padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the minimum group size is configuration', async () => {
    server = await smallOrg({ minGroupSize: 3 });
    const analyst = await server.token('analyst');
    const flows = (await server.request('/api/v1/flows', analyst)).body;
    expect(flows.withheld).toEqual([]);
  });

  it('an opted-out person vanishes from every response', async () => {
    server = await smallOrg();
    const admin = await server.token('admin');
    const opt = await server.request('/api/v1/people/b3/opt-out', admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ optedOut: true }),
    });
    expect(opt.body).toEqual({ person: 'b3', optedOut: true });
    for (const path of [
      'graph?level=people',
      'isolation',
      'flows',
      'communities',
      'experts?topic=go',
      'people?search=b',
      'export?format=csv',
    ]) {
      const response = await server.request(`/api/v1/${path}`, admin);
      expect(response.status, path).toBe(200);
      const text =
        typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      expect(text, path).not.toMatch(/\bb3\b/);
      expect(text, path).not.toContain('Big b3');
    }
    expect((await server.request('/api/v1/people/b3', admin)).status).toBe(404);
  });
});
