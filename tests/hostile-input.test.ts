/**
 * Hostile input against a running server: files with one huge line, for every connector that
 * reads lines (interchange, org chart, Mattermost, mbox), uploaded to a real listening server.
 * Each import must fail with the file, the line and the limit, change nothing, and leave the
 * server answering; the command line must do the same with exit code 1.
 */
import { createWriteStream, openAsBlob, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgChart } from '../connectors/org-chart/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { helpflow } from './cli-helpers.ts';
import { ROOT, snapshot, tempDir, writeTemp } from './helpers.ts';

const MB = 1024 ** 2;
const MBOX = readFileSync(join(ROOT, 'tests/fixtures/mbox/dev-list.mbox'), 'utf8');
const MATTERMOST = readFileSync(join(ROOT, 'tests/fixtures/mattermost/export.jsonl'), 'utf8');

/** Writes `head`, then a line of `size` bytes of `fill`, then `tail`, without holding it all. */
async function writeHuge(path: string, head: string, size: number, tail: string): Promise<string> {
  const out = createWriteStream(path);
  out.write(head);
  const block = Buffer.alloc(MB, 'x');
  for (let left = size; left > 0; left -= MB) {
    if (!out.write(left >= MB ? block : block.subarray(0, left))) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  out.end(tail);
  await finished(out);
  return path;
}

interface Case {
  connector: string;
  name: string;
  make(dir: string): Promise<string>;
  /** The line the long line is on, and the limit the message names. */
  line: number;
  limit: string;
}

const CASES: Case[] = [
  {
    connector: 'interactions',
    name: 'events.csv',
    make: (dir) =>
      writeHuge(
        join(dir, 'events.csv'),
        'id,helper,helped,at,kind,topic,context\ne1,a@x.org,b@x.org,2026-03-01T10:00:00Z,reply,go,',
        3 * MB,
        '\n',
      ),
    line: 2,
    limit: '1 MB',
  },
  {
    connector: 'org-chart',
    name: 'org.csv',
    make: (dir) =>
      writeHuge(
        join(dir, 'org.csv'),
        'person,name,email,team,manager,title,joined\nz1,',
        2 * MB,
        ',,,,,\n',
      ),
    line: 2,
    limit: '1 MB',
  },
  {
    connector: 'mbox',
    name: 'list.mbox',
    // The long line is the last, with no line feed: no line is dropped, however it ends.
    make: (dir) => writeHuge(join(dir, 'list.mbox'), MBOX, 17 * MB, ''),
    line: MBOX.split('\n').length,
    limit: '16 MB',
  },
  {
    connector: 'mattermost',
    name: 'export.jsonl',
    make: (dir) =>
      writeHuge(join(dir, 'export.jsonl'), `${MATTERMOST}{"type":"post","x":"`, 65 * MB, '"}\n'),
    line: MATTERMOST.split('\n').length,
    limit: '64 MB',
  },
];

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startServer(async (store) => {
    await runImport(store, orgChart, {
      path: writeTemp(
        'org.csv',
        'person,name,email,team,manager,title,joined\np1,Ana,ana@x.org,core,,,\n',
      ),
      options: {},
    });
  });
  admin = await server.token('admin');
});
afterAll(() => server.close());

describe('one huge line', () => {
  for (const c of CASES) {
    it(`${c.connector}: an upload fails with file, line and limit; the server keeps answering`, async () => {
      const path = await c.make(tempDir());
      const before = await snapshot(server.store);
      const form = new FormData();
      form.append('file', await openAsBlob(path), c.name);
      const job = await server.request(`/api/v1/imports?connector=${c.connector}`, admin, {
        method: 'POST',
        body: form,
      });
      expect(job.status).toBe(202);
      let state = job.body;
      while (state.state === 'queued' || state.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = (await server.request(`/api/v1/imports/jobs/${job.body.id}`, admin)).body;
      }
      expect(state.state).toBe('failed');
      expect(state.last.error).toMatch(
        new RegExp(
          `${c.name.replace('.', '\\.')}, line ${c.line}: longer than the ${c.limit} limit`,
        ),
      );
      expect(await snapshot(server.store)).toBe(before);
      expect((await server.request('/api/v1/health')).status).toBe(200);
      const imports = (await server.request('/api/v1/imports', admin)).body.imports;
      expect(imports[0]).toMatchObject({ connector: c.connector, status: 'failed' });
    });
  }

  it('the command line fails with exit code 1 and the place, the database unchanged', async () => {
    const db = join(tempDir(), 'h.duckdb');
    const path = await CASES[2]!.make(tempDir());
    const result = await helpflow('import', 'mbox', path, '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/list\.mbox, line \d+: longer than the 16 MB limit/);
    const stats = await helpflow('stats', '--db', db, '--json');
    expect(JSON.parse(stats.stdout)).toMatchObject({ interactions: 0, accounts: 0 });
  });
});
