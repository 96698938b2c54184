/**
 * Limits that hold and the small privacy rules: sign-in failures limited per address before any
 * token is checked, one request allowance per token however the header is spelt, the fair
 * queue of cold computations, a strict opt-out, a bounded audit log that records refusals,
 * no-store caching, a 400 for a broken upload, import errors without values or temp paths,
 * and the expert directory's rules. Real server, real DuckDB file.
 */
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { readAudit } from '../server/access/audit.ts';
import { UPLOAD_PREFIX } from '../server/access/present-imports.ts';
import type { ApiConfig } from '../server/services/settings.ts';
import { FairQueue } from '../server/api/fair-queue.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer } from './api-server.ts';
import { writeTemp } from './helpers.ts';
import { eventsCsv, orgChartCsv, OUTSIDER } from './privacy-org.ts';

function orgServer(config: Partial<ApiConfig> = {}) {
  return startServer(async (store) => {
    await runImport(store, orgChart, { path: writeTemp('org.csv', orgChartCsv()), options: {} });
    await runImport(store, interactions, {
      path: writeTemp('events.csv', eventsCsv()),
      options: {},
    });
  }, config);
}

async function raw(url: string, authorization?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (authorization !== undefined) headers.set('authorization', authorization);
  return fetch(url, { ...init, headers });
}

describe('rate limits', () => {
  it('limits failed sign-ins per address before looking at the token', async () => {
    const server = await orgServer({ signInFailures: 5 });
    try {
      const good = await server.token('admin');
      expect((await raw(`${server.url}/api/v1/session`, `Bearer ${good}`)).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        const response = await raw(`${server.url}/api/v1/session`, `Bearer hf_guess${i}_x`);
        expect(response.status).toBe(401);
      }
      const refused = await raw(`${server.url}/api/v1/session`, 'Bearer hf_guess9_x');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { code: string }).code).toBe('HELPFLOW_RATE_LIMITED');
      // Even a good token waits: the address is refused before any token is looked up.
      expect((await raw(`${server.url}/api/v1/session`, `Bearer ${good}`)).status).toBe(429);
      // Missing tokens count as failures too.
      expect((await raw(`${server.url}/api/v1/flows`)).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('gives one allowance per verified token, however the header is written', async () => {
    const server = await orgServer({ rateLimit: 8 });
    try {
      const token = await server.token('analyst');
      const other = await server.token('analyst');
      const spellings = [
        `Bearer ${token}`,
        `bearer ${token}`,
        `Bearer  ${token}`,
        `BEARER\t${token}`,
      ];
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await raw(`${server.url}/api/v1/session`, spellings[i % 4])).status);
      }
      expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
      expect(statuses.slice(8)).toEqual([429, 429]);
      // Another token has its own allowance.
      expect((await raw(`${server.url}/api/v1/session`, `Bearer ${other}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('fair queue', () => {
  it('runs one computation per owner at a time, others in turn, and refuses a pile-up', async () => {
    const queue = new FairQueue({ concurrency: 2, maxWaiting: 3 });
    const started: string[] = [];
    const slots: number[] = [];
    const releases: (() => void)[] = [];
    const task = (name: string) => (slot: number) =>
      new Promise<string>((resolve) => {
        started.push(name);
        slots.push(slot);
        releases.push(() => resolve(name));
      });
    const busy = [1, 2, 3].map((i) => queue.run('busy', task(`busy${i}`)));
    expect(() => queue.run('busy', task('busy4'))).toThrow(/3 computations under way/);
    try {
      queue.run('busy', task('busy5'));
    } catch (error) {
      expect((error as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
      expect((error as { statusCode: number }).statusCode).toBe(429);
    }
    const other = queue.run('other', task('other1'));
    // The busy owner holds one slot; the other owner starts at once in the second.
    expect(started).toEqual(['busy1', 'other1']);
    // Each in a slot (an analytics worker) of its own.
    expect([...slots].sort()).toEqual([0, 1]);
    releases[1]!();
    await other;
    releases[0]!();
    await busy[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['busy1', 'other1', 'busy2']);
    releases[2]!();
    await busy[1];
    await new Promise((resolve) => setImmediate(resolve));
    releases[3]!();
    expect(await busy[2]).toBe('busy3');
  });
});

describe('small rules', () => {
  it('opts out only on a JSON boolean; null, 0 and "false" are refused', async () => {
    const server = await orgServer();
    try {
      const admin = await server.token('admin');
      const put = (body: unknown) =>
        server.request('/api/v1/people/pid-pia2/opt-out', admin, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await put({ optedOut: true })).status).toBe(200);
      for (const value of [null, 0, 'false', 'no', []]) {
        const response = await put({ optedOut: value });
        expect(response.status, JSON.stringify(value)).toBe(400);
        expect(response.body.field).toBe('optedOut');
      }
      const row = await server.store.one<{ out: boolean }>(
        `SELECT opted_out AS out FROM people WHERE person_id = 'pid-pia2'`,
      );
      expect(row!.out).toBe(true);
      expect((await put({ optedOut: false })).body).toEqual({
        person: 'pid-pia2',
        optedOut: false,
      });
    } finally {
      await server.close();
    }
  });

  it('audits views, refusals and expert look-ups with the route and known filters only', async () => {
    const server = await orgServer();
    try {
      const member = await server.token('member', 'pid-pia1');
      const junk = 'x'.repeat(5000);
      const secret = 'hf_secret_token_in_url';
      const own = await server.request(
        `/api/v1/people/pid-pia1?from=2026-01-01&token=${secret}&junk=${junk}&team=${junk}`,
        member,
      );
      expect(own.status).toBe(200);
      const refused = await server.request(`/api/v1/people/pid-pia2?junk=${junk}`, member);
      expect(refused.status).toBe(403);
      expect((await server.request('/api/v1/experts?topic=kafka', member)).status).toBe(200);
      await server.app.audit.flush();
      const entries = await readAudit(server.store);
      const byAction = new Map(entries.map((e) => [e.action, e]));
      const view = byAction.get('view person')!;
      expect(view.subject).toBe('pid-pia1');
      const detail = JSON.parse(view.detail!);
      expect(detail.route).toBe('/api/v1/people/:id');
      expect(detail.filters.from).toBe('2026-01-01');
      expect(detail.filters.team).toHaveLength(100);
      expect(view.detail).not.toContain(secret);
      expect(view.detail!.length).toBeLessThan(400);
      expect(byAction.get('refused view person')!.subject).toBe('pid-pia2');
      expect(JSON.parse(byAction.get('look up experts')!.detail!).filters.topic).toBe('kafka');
    } finally {
      await server.close();
    }
  });

  it('marks API responses no-store, answers a broken upload with 400, and keeps values and temp paths out of import errors', async () => {
    const server = await orgServer();
    try {
      const admin = await server.token('admin');
      const analyst = await server.token('analyst');
      const session = await server.request('/api/v1/session', analyst);
      expect(session.headers.get('cache-control')).toBe('no-store');
      expect((await server.request('/api/v1/flows', analyst)).headers.get('cache-control')).toBe(
        'no-store',
      );
      expect((await server.request('/api/v1/nothing', analyst)).headers.get('cache-control')).toBe(
        'no-store',
      );

      const boundary = 'helpflowboundary';
      const truncated = await server.request('/api/v1/imports?connector=interactions', admin, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body:
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\nid,helper,helped,at`,
      });
      expect(truncated.status).toBe(400);
      expect(truncated.body.code).toBe('HELPFLOW_BAD_REQUEST');

      const form = new FormData();
      const bad = `id,helper,helped,at,kind,topic,context\nx1,${OUTSIDER},pid-pia1,secret-value-2026,reply,,`;
      form.append('file', new Blob([bad], { type: 'text/csv' }), 'help.csv');
      const job = await server.request('/api/v1/imports?connector=interactions', admin, {
        method: 'POST',
        body: form,
      });
      expect(job.status).toBe(202);
      const events = await (await raw(`${server.url}${job.body.events}`, `Bearer ${admin}`)).text();
      expect(events).toContain('event: failed');
      expect(events).not.toContain(UPLOAD_PREFIX);

      const forAnalyst = (await server.request('/api/v1/imports', analyst)).body.imports[0];
      const forAdmin = (await server.request('/api/v1/imports', admin)).body.imports[0];
      expect(forAdmin.error).toContain('secret-value-2026');
      expect(forAnalyst.error).toMatch(/help\.csv, line 2, field "at": /);
      expect(forAnalyst.error).not.toContain('secret-value-2026');
      for (const record of [forAnalyst, forAdmin]) {
        expect(JSON.stringify(record)).not.toContain(UPLOAD_PREFIX);
      }
      expect(forAnalyst.origin).toBe('help.csv');
    } finally {
      await server.close();
    }
  });
});

describe('expert directory', () => {
  it('takes known topics or 3-letter prefixes, windows of 90 days or more, and names no accounts', async () => {
    const server = await orgServer();
    try {
      const member = await server.token('member', 'pid-pia1');
      const admin = await server.token('admin');
      const ask = (query: string, token = member) =>
        server.request(`/api/v1/experts?${query}`, token);
      for (const topic of ['k', 'ka', 'zzz', 'a']) {
        const response = await ask(`topic=${topic}`);
        expect(response.status, topic).toBe(400);
        expect(response.body.field).toBe('topic');
      }
      const prefix = await ask('topic=kaf');
      expect(prefix.status).toBe(200);
      expect(prefix.body.matchedTopics).toEqual(['kafka']);
      const ambiguous = await ask('topic=p');
      expect(ambiguous.status).toBe(400);
      const two = await ask('topic=pos');
      expect(two.body.matchedTopics).toEqual(['postgres']);
      const short = await ask('topic=kafka&from=2026-05-01&to=2026-06-01');
      expect(short.status).toBe(400);
      expect(short.body.field).toBe('from');
      expect((await ask('topic=kafka&from=2026-01-01&to=2026-06-01')).status).toBe(200);

      const experts = prefix.body.experts as {
        person: string | null;
        name: string | null;
        pseudonymised: boolean;
      }[];
      expect(experts.length).toBeGreaterThan(3);
      // The outsider helps on kafka: listed, but never by account or address.
      expect(JSON.stringify(prefix.body)).not.toContain(OUTSIDER);
      expect(experts.some((e) => e.pseudonymised && e.name === null)).toBe(true);
      expect(experts.filter((e) => e.person !== null).map((e) => e.person)).toEqual(
        experts.some((e) => e.person === 'pid-pia1') ? ['pid-pia1'] : [],
      );
      // Admins search freely, contexts included, and see everything.
      const all = await ask('topic=help', admin);
      expect(all.status).toBe(200);
      expect(all.body.matchedContexts).toEqual(['#help']);
      expect(JSON.stringify((await ask('topic=kafka', admin)).body)).toContain(OUTSIDER);
    } finally {
      await server.close();
    }
  });
});
