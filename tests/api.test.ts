/**
 * The API against a real server on a real DuckDB file holding the demo organisation: every
 * route, the role matrix, bad parameters, the OpenAPI document. Expectations come from the
 * demo's manifest and the org chart in the store, never from written-down ids.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parse as parseGexf } from 'graphology-gexf';
import { DirectedGraph } from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from '../demo/generate.ts';
import { importDemo, startServer, type TestServer } from './api-server.ts';

let server: TestServer;
let manifest: DemoManifest;
let admin: string;
/** person → manager, from the store's org chart. */
let managerOf: Map<string, string | null>;

beforeAll(async () => {
  server = await startServer(async (store, dir) => {
    manifest = await importDemo(store, dir);
  });
  admin = await server.token('admin');
  const rows = await server.store.all<{ person: string; manager: string | null }>(
    'SELECT person_id AS person, manager_id AS manager FROM people',
  );
  managerOf = new Map(rows.map((row) => [row.person, row.manager]));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Everyone below `manager` in the org chart, and the manager. */
function reportingLine(manager: string): Set<string> {
  const line = new Set([manager]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [person, boss] of managerOf) {
      if (boss && line.has(boss) && !line.has(person)) {
        line.add(person);
        grew = true;
      }
    }
  }
  return line;
}

/** Slack topics are channel names: the channel of a planted topic. */
function topicChannel(topic: string): string {
  return manifest.channels.find((c) => c.kind === 'topic' && c.topic === topic)!.name;
}

/** A manager with the smallest reporting line of three or more, so most people are outside it. */
function someManager(): string {
  const managers = [...new Set(managerOf.values())].filter((boss): boss is string => !!boss);
  const lines = managers
    .map((manager) => ({ manager, size: reportingLine(manager).size }))
    .filter(({ size }) => size >= 4)
    .sort((a, b) => a.size - b.size || a.manager.localeCompare(b.manager));
  return lines[0]!.manager;
}

describe('sign-in', () => {
  it('lets health and the docs through without a token, and nothing else', async () => {
    expect((await server.request('/api/v1/health')).body).toEqual({ status: 'ok' });
    const docs = await server.request('/api/docs/json');
    expect(docs.status).toBe(200);
    for (const path of [
      'people',
      'graph',
      'isolation',
      'experts?topic=x',
      'flows',
      'communities',
      'trends',
      'imports',
      'export',
    ]) {
      const response = await server.request(`/api/v1/${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('HELPFLOW_NO_TOKEN');
    }
  });

  it('refuses a malformed, an unknown and a revoked token', async () => {
    const made = await server.request('/api/v1/tokens', admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'analyst', label: 'to revoke' }),
    });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect((await server.request('/api/v1/flows', token)).status).toBe(200);
    const listed = (await server.request('/api/v1/tokens', admin)).body.tokens;
    expect(listed.find((t: { label: string }) => t.label === 'to revoke').tokenId).toBe(
      made.body.info.tokenId,
    );
    // The secret is base64url and may itself contain "_": everything after the id.
    expect(JSON.stringify(listed)).not.toContain(token.slice('hf_'.length + 12 + 1));
    const revoked = await server.request(`/api/v1/tokens/${made.body.info.tokenId}`, admin, {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(204);
    for (const bad of ['nonsense', `${token.slice(0, -2)}xx`, token]) {
      const response = await server.request('/api/v1/flows', bad);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('HELPFLOW_BAD_TOKEN');
    }
  });
});

describe('routes (admin)', () => {
  it('graph: every person of the roster with server positions, ties helper → helped', async () => {
    const { status, body } = await server.request('/api/v1/graph?level=people', admin);
    expect(status).toBe(200);
    expect(body.level).toBe('people');
    const people = await server.store.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM people WHERE NOT opted_out',
    );
    expect(body.nodes.id).toHaveLength(people!.n);
    for (const key of ['label', 'team', 'community', 'x', 'y', 'pagerank', 'flags']) {
      expect(body.nodes[key], key).toHaveLength(body.nodes.id.length);
    }
    expect(body.nodes.x.every(Number.isFinite)).toBe(true);
    expect(
      new Set(body.nodes.x.map((x: number, i: number) => `${x},${body.nodes.y[i]}`)).size,
    ).toBeGreaterThan(body.nodes.id.length * 0.9);
    expect(body.edges.source.length).toBe(body.total.ties);
    // Each edge is a tie of the people report's help given: Σ out-weights = helpGiven.
    const given = new Map<number, number>();
    body.edges.source.forEach((s: number, j: number) =>
      given.set(s, (given.get(s) ?? 0) + body.edges.weight[j]),
    );
    body.nodes.helpGiven.forEach((h: number, i: number) =>
      expect(given.get(i) ?? 0).toBeCloseTo(h, 6),
    );
    // The planted people who went quiet before the window have lapsed in it.
    for (const person of manifest.lapsed) {
      expect(body.nodes.flags[body.nodes.id.indexOf(person)]).toContain('lapsed');
    }
  });

  it('graph: minWeight leaves out the light ties and says how many; communities level aggregates', async () => {
    const all = (await server.request('/api/v1/graph?level=people', admin)).body;
    const heavy = (await server.request('/api/v1/graph?level=people&minWeight=3', admin)).body;
    const expected = all.edges.weight.filter((w: number) => w >= 3).length;
    expect(heavy.edges.weight).toHaveLength(expected);
    expect(heavy.omittedTies).toBe(all.edges.weight.length - expected);
    const communities = (await server.request('/api/v1/graph?level=communities', admin)).body;
    const report = (await server.request('/api/v1/communities', admin)).body;
    expect(communities.nodes.size).toEqual(report.communities.map((c: { size: number }) => c.size));
    const one = report.communities[0];
    const members = (await server.request(`/api/v1/graph?community=${one.id}`, admin)).body;
    expect([...members.nodes.id].sort()).toEqual([...one.members].sort());
  });

  it('people: search by name and e-mail; a person page with ego network, trend and partners', async () => {
    const expert = manifest.experts[0]!;
    const profile = await server.store.one<{ name: string; email: string }>(
      'SELECT display_name AS name, email FROM people WHERE person_id = $1',
      [expert.person],
    );
    const byName = (
      await server.request(
        `/api/v1/people?search=${encodeURIComponent(profile!.name.split(' ')[1]!)}`,
        admin,
      )
    ).body;
    expect(byName.people.map((p: { person: string }) => p.person)).toContain(expert.person);
    const byEmail = (
      await server.request(
        `/api/v1/people?search=${encodeURIComponent(profile!.email.toUpperCase())}`,
        admin,
      )
    ).body;
    expect(byEmail.people.map((p: { person: string }) => p.person)).toEqual([expert.person]);

    const page = (await server.request(`/api/v1/people/${expert.person}`, admin)).body;
    expect(page.profile.name).toBe(profile!.name);
    expect(page.metrics.helpGiven).toBeGreaterThan(0);
    const helped = page.helps.map((p: { person: string }) => p.person);
    const egoIds = page.ego.nodes.map((n: { person: string }) => n.person);
    for (const person of helped) expect(egoIds).toContain(person);
    // Ties point at positions in ego.nodes; the person comes first.
    expect(egoIds[0]).toBe(expert.person);
    expect(page.ego.edges.some((e: { source: number }) => e.source === 0)).toBe(true);
    const weekly = page.weeks.reduce((sum: number, w: { given: number }) => sum + w.given, 0);
    expect(weekly).toBeCloseTo(page.metrics.helpGiven, 6);
    expect(
      page.helps.some((p: { topics: { topic: string }[] }) =>
        p.topics.some((t) => t.topic === topicChannel(expert.topic)),
      ),
    ).toBe(true);
  });

  it('people page: an unknown id is a 404 problem', async () => {
    const response = await server.request('/api/v1/people/nobody-at-all', admin);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('HELPFLOW_UNKNOWN_PERSON');
  });

  it('reports: isolation, experts, flows, communities and trends find what the demo plants', async () => {
    const isolation = (await server.request('/api/v1/isolation', admin)).body;
    const flagged = (flag: string) =>
      isolation.people
        .filter((p: { flags: string[] }) => p.flags.includes(flag))
        .map((p: { person: string }) => p.person);
    for (const person of manifest.lapsed) expect(flagged('lapsed')).toContain(person);
    for (const person of manifest.unanswered) expect(flagged('unanswered')).toContain(person);
    expect(isolation.coverage.sources.map((s: { source: string }) => s.source)).toEqual(['slack']);
    const neverActive = isolation.neverActive.map((p: { person: string }) => p.person);
    expect(neverActive).toEqual(expect.arrayContaining(manifest.neverActive));
    for (const id of neverActive.filter((id: string) => !manifest.neverActive.includes(id))) {
      expect(manifest.newJoiners).toContain(id);
    }

    const expert = manifest.experts[0]!;
    const experts = (
      await server.request(
        `/api/v1/experts?topic=${encodeURIComponent(topicChannel(expert.topic))}`,
        admin,
      )
    ).body;
    const planted = manifest.experts.filter((e) => e.topic === expert.topic).map((e) => e.person);
    expect(planted).toContain(experts.experts[0].person);

    const flows = (await server.request('/api/v1/flows', admin)).body;
    const dependency = manifest.dependencies[0]!;
    const cell = flows.flows.find(
      (f: { from: string; to: string }) => f.from === dependency.from && f.to === dependency.to,
    );
    expect(cell.ratio).toBeGreaterThan(1);
    expect(flows.withheld).toEqual([]);
    expect(cell.brokers[0].name).toEqual(expect.any(String));

    const communities = (await server.request('/api/v1/communities', admin)).body;
    expect(communities.modularity).toBeGreaterThan(0.3);
    const trends = (await server.request('/api/v1/trends', admin)).body;
    expect(trends.organisation.length).toBeGreaterThan(10);
    expect(new Set(trends.teams.map((t: { team: string }) => t.team)).size).toBe(
      manifest.teams.length,
    );
  });

  it('sends a large report gzipped to a client that accepts it, and plain to one that does not', async () => {
    // node:http, unlike fetch, neither asks for gzip nor undoes it: the bytes as sent.
    const raw = (acceptEncoding?: string) =>
      new Promise<{ headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
        if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
        get(`${server.url}/api/v1/isolation`, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        }).on('error', reject);
      });
    const plain = await raw();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(64 * 1024);
    const zipped = await raw('br;q=1.0, gzip;q=0.8');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 4);
    expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
    // Twice: the second answer comes from the cache, compressed once.
    expect((await raw('gzip')).bytes.equals(zipped.bytes)).toBe(true);
    expect((await raw('gzip;q=0')).headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.bytes.toString('utf8'))).toEqual(
      (await server.request('/api/v1/isolation', admin)).body,
    );
  });

  it('export: GEXF that graphology reads back with the people and ties of the history', async () => {
    // From before the demo's start: all of the history (by default, the reports' window).
    const response = await server.request('/api/v1/export?format=gexf&from=2000-01-01', admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('helpflow.gexf');
    const graph = parseGexf(DirectedGraph, response.body as string);
    const ties = await server.store.one<{ n: number }>(
      `SELECT count(DISTINCT (ha.person_id, da.person_id))::INTEGER AS n FROM interactions i
       JOIN accounts ha ON ha.source = i.source AND ha.account_id = i.helper_account
       JOIN accounts da ON da.source = i.source AND da.account_id = i.helped_account
       WHERE ha.person_id <> da.person_id`,
    );
    expect(graph.size).toBe(ties!.n);
    const csv = await server.request('/api/v1/export?format=csv&from=2000-01-01', admin);
    expect((csv.body as string).trim().split('\n')).toHaveLength(ties!.n + 1);
    // By default, the window of the reports, said in a header.
    const { window } = (await server.request('/api/v1/isolation', admin)).body;
    const recent = await server.request('/api/v1/export?format=csv', admin);
    expect(recent.headers.get('x-helpflow-window')).toBe(`${window.from}/${window.to}`);
    expect(recent.headers.get('x-helpflow-coverage')).toBe('slack=all');
    expect((recent.body as string).trim().split('\n').length).toBeLessThan(ties!.n + 1);
  });

  it('bad parameters: 400 problem naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/flows?from=yesterday', 'from'],
      ['/api/v1/trends?to=2026-13-45', 'to'],
      ['/api/v1/graph?minWeight=-1', 'minWeight'],
      ['/api/v1/graph?level=everything', 'level'],
      ['/api/v1/experts', 'topic'],
      ['/api/v1/people?limit=0', 'limit'],
      ['/api/v1/export?format=pdf', 'format'],
      ['/api/v1/graph?community=99999', 'community'],
    ];
    for (const [path, field] of cases) {
      const response = await server.request(path, admin);
      expect(response.status, path).toBe(400);
      expect(response.body.field, path).toBe(field);
      expect(response.body.detail, path).toContain(field);
    }
  });

  it('OpenAPI: every route is described, with the docs UI beside it', async () => {
    const docs = (await server.request('/api/docs/json')).body;
    for (const path of [
      '/api/v1/health/',
      '/api/v1/people/',
      '/api/v1/people/{id}',
      '/api/v1/graph/',
      '/api/v1/isolation/',
      '/api/v1/experts/',
      '/api/v1/flows/',
      '/api/v1/communities/',
      '/api/v1/trends/',
      '/api/v1/imports/',
      '/api/v1/export/',
      '/api/v1/tokens/',
    ]) {
      expect(docs.paths, path).toHaveProperty([path]);
    }
    const ui = await server.request('/api/docs/');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('sends security headers', async () => {
    const response = await server.request('/api/v1/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('roles', () => {
  it('manager: names and flags of their reporting line only; others pseudonymised', async () => {
    const manager = someManager();
    const line = reportingLine(manager);
    const token = await server.token('manager', manager);
    const graph = (await server.request('/api/v1/graph?level=people', token)).body;
    const names = new Map<string, string | null>();
    graph.nodes.id.forEach((id: string, i: number) => names.set(id, graph.nodes.label[i]));
    for (const person of line) expect(names.get(person), person).toEqual(expect.any(String));
    const outsiders = graph.nodes.id.filter((id: string) => !line.has(id));
    expect(outsiders.length).toBeGreaterThan(100);
    for (const id of outsiders) {
      expect(id).toMatch(/^anon-[0-9a-f]{10}$/);
      expect(names.get(id)).toBeNull();
    }
    expect(graph.nodes.id.filter((id: string) => managerOf.has(id) && !line.has(id))).toEqual([]);
    // The same outsider gets the same alias in every response.
    const again = (await server.request('/api/v1/graph?level=people&minWeight=0', token)).body;
    expect(again.nodes.id).toEqual(graph.nodes.id);

    const isolation = (await server.request('/api/v1/isolation', token)).body;
    for (const entry of isolation.people) expect(line.has(entry.person)).toBe(true);

    const flows = JSON.stringify((await server.request('/api/v1/flows', token)).body);
    const communities = JSON.stringify((await server.request('/api/v1/communities', token)).body);
    const everyone = await server.store.all<{ person: string; name: string }>(
      'SELECT person_id AS person, display_name AS name FROM people',
    );
    for (const { person, name } of everyone) {
      if (line.has(person)) continue;
      for (const text of [flows, communities]) {
        expect(text).not.toContain(`"${person}"`);
        expect(text).not.toContain(name);
      }
    }

    const outsider = [...managerOf.keys()].find((p) => !line.has(p))!;
    expect((await server.request(`/api/v1/people/${outsider}`, token)).status).toBe(403);
    const report = [...line].find((p) => p !== manager)!;
    const page = await server.request(`/api/v1/people/${report}`, token);
    expect(page.status).toBe(200);
    for (const partner of [...page.body.helps, ...page.body.helpedBy]) {
      if (!line.has(partner.person)) expect(partner.name).toBeNull();
    }
    const search = (await server.request('/api/v1/people?limit=1000', token)).body;
    expect(new Set(search.people.map((p: { person: string }) => p.person))).toEqual(line);
  });

  it('member: their own page and the expert directory; no one else’s flags or networks', async () => {
    const person = manifest.lapsed[0]!;
    const token = await server.token('member', person);
    const own = await server.request(`/api/v1/people/${person}`, token);
    expect(own.status).toBe(200);
    expect(own.body.flags).toContain('lapsed');
    const other = [...managerOf.keys()].find((p) => p !== person)!;
    expect((await server.request(`/api/v1/people/${other}`, token)).status).toBe(403);
    for (const path of [
      'isolation',
      'graph',
      'flows',
      'communities',
      'trends',
      'imports',
      'export',
    ]) {
      const response = await server.request(`/api/v1/${path}`, token);
      expect(response.status, path).toBe(403);
      expect(response.body.code).toBe('HELPFLOW_FORBIDDEN');
    }
    const experts = await server.request(
      `/api/v1/experts?topic=${encodeURIComponent(topicChannel(manifest.experts[0]!.topic))}`,
      token,
    );
    expect(experts.status).toBe(200);
    expect(experts.body.experts[0].name).toEqual(expect.any(String));
  });

  it('analyst: organisation-wide, pseudonymised', async () => {
    const token = await server.token('analyst');
    const graph = (await server.request('/api/v1/graph?level=people', token)).body;
    expect(graph.nodes.label.every((label: string | null) => label === null)).toBe(true);
    expect(graph.nodes.flags.some((flags: string[]) => flags.includes('isolated'))).toBe(true);
    const isolation = (await server.request('/api/v1/isolation', token)).body;
    expect(isolation.people.length).toBeGreaterThanOrEqual(manifest.isolated.length);
    expect(
      isolation.people.every(
        (p: { name: string | null; pseudonymised: boolean }) => p.name === null && p.pseudonymised,
      ),
    ).toBe(true);
    expect((await server.request('/api/v1/export', token)).status).toBe(403);
  });

  it('audit: every view of a person page is written down', async () => {
    const { readAudit } = await import('../server/access/audit.ts');
    const person = manifest.experts[1]!.person;
    const token = await server.token('admin');
    await server.request(`/api/v1/people/${person}`, token);
    await server.app.audit.flush();
    const [entry] = await readAudit(server.store, { subject: person, limit: 1 });
    expect(entry).toMatchObject({
      role: 'admin',
      action: 'view person',
      subject: person,
      tokenId: token.split('_')[1],
    });
  });
});
