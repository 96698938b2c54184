/**
 * What uploads leave behind and what survives a restart: each upload's folder goes when its
 * import ends (success or failure) and a dead server's folders go when the next one starts; a
 * job's fate is found in the import log after a restart; a resource running out answers 503.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleUploads } from '../server/api/upload-folders.ts';
import { buildApp, type App } from '../server/app.ts';
import { createToken } from '../server/access/tokens.ts';
import { Store } from '../server/store/database.ts';
import { tempDir } from './helpers.ts';

const EVENTS =
  'id,helper,helped,at,kind,topic,context\ne1,a@x.org,b@x.org,2026-03-01T10:00:00Z,reply,go,c\n';

const open: { app: App; store: Store }[] = [];
afterEach(async () => {
  while (open.length) {
    const { app, store } = open.pop()!;
    await app.close();
    store.close();
  }
});

/** A listening server on the database at `path`; its URL and an admin token. */
async function serverOn(path: string, token?: string) {
  const store = await Store.open(path);
  const app = await buildApp({
    store,
    config: { rateLimit: 0 },
    extend: async (instance) => {
      instance.get('/api/v1/test-disk-full', async () => {
        // What the operating system throws when a write finds the disk full.
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      });
    },
  });
  open.push({ app, store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const admin = token ?? (await createToken(store, { role: 'admin' })).token;
  const get = async (route: string) => {
    const response = await fetch(`${url}${route}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of every shape; tests assert on it
      body: (await response.json()) as any,
    };
  };
  const upload = async (text: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([text]), name);
    const response = await fetch(`${url}/api/v1/imports?connector=interactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    });
    return (await response.json()) as { id: string };
  };
  const settle = async (id: string) => {
    for (;;) {
      const job = (await get(`/api/v1/imports/jobs/${id}`)).body;
      if (job.state !== 'queued' && job.state !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { app, store, admin, get, upload, settle };
}

const foldersOf = (id: string) => readdirSync(tmpdir()).filter((name) => name.endsWith(`-${id}`));

describe('uploads and restarts', () => {
  it('removes each upload folder when its import ends, and finds the job after a restart', async () => {
    const db = join(tempDir(), 'h.duckdb');
    const first = await serverOn(db);
    const good = await first.upload(EVENTS, 'good.csv');
    const bad = await first.upload(EVENTS.replace('2026-03-01T10:00:00Z', 'never'), 'bad.csv');
    expect((await first.settle(good.id)).state).toBe('succeeded');
    expect((await first.settle(bad.id)).state).toBe('failed');
    expect(foldersOf(good.id)).toEqual([]);
    expect(foldersOf(bad.id)).toEqual([]);
    const { admin } = first;
    await open[0]!.app.close();
    open.pop()!.store.close();

    const second = await serverOn(db, admin);
    const found = await second.get(`/api/v1/imports/jobs/${good.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: good.id, state: 'succeeded', fileName: 'good.csv' });
    expect(found.body.last.summary.counts.interactionsStored).toBe(1);
    const failed = await second.get(`/api/v1/imports/jobs/${bad.id}`);
    expect(failed.body.state).toBe('failed');
    expect(failed.body.last.error).toMatch(/bad\.csv, line 2, field "at"/);
    const unknown = await second.get('/api/v1/imports/jobs/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/still queued when the server stopped/);
    // A new job's id is new, not the first server's first id again.
    expect((await second.upload(EVENTS, 'again.csv')).id).not.toBe(good.id);
  });

  it('removes the folders of servers that are gone, and keeps those of running ones', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(dir, `helpflow-upload-${dead}-abc`));
    mkdirSync(join(dir, `helpflow-upload-${process.pid}-def`));
    mkdirSync(join(dir, 'something-else'));
    expect(await removeStaleUploads(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([
      'helpflow-upload-' + process.pid + '-def',
      'something-else',
    ]);
    expect(existsSync(join(dir, `helpflow-upload-${dead}-abc`))).toBe(false);
  });

  it('answers 503 problem+json with the reason when a resource runs out', async () => {
    const server = await serverOn(join(tempDir(), 'h.duckdb'));
    const response = await server.get('/api/v1/test-disk-full');
    expect(response.status).toBe(503);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'HELPFLOW_UNAVAILABLE', status: 503 });
    expect(response.body.detail).toMatch(/the disk is full/);
  });
});
