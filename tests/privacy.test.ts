/**
 * What each role can learn, tried as a member, a manager and an analyst would, against a real
 * server on a real DuckDB file. The organisation (tests/privacy-org.ts) has a team of 3, a VP
 * with no team, and a helper outside the org chart known only by address. The leak test
 * enumerates the app's registered routes, so a route added later without an entry here fails.
 */
import type { RouteOptions } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import * as schemas from '../server/api/responses.ts';
import { FollowUpSchema } from '../server/routes/people/follow-up-schema.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { writeTemp } from './helpers.ts';
import {
  eventsCsv,
  orgChartCsv,
  OUTSIDER,
  OUTSIDER_ID,
  PEOPLE,
  reportingLine,
} from './privacy-org.ts';

let server: TestServer;
const routes = new Set<string>();
const tokens: Record<string, string> = {};

interface Role {
  name: string;
  role: 'admin' | 'analyst' | 'manager' | 'member';
  person?: string;
  /** People this token may see by name; null: everyone. */
  scope: Set<string> | null;
}

const ROLES: Role[] = [
  { name: 'admin', role: 'admin', scope: null },
  { name: 'analyst', role: 'analyst', scope: new Set() },
  {
    name: 'analyst of data',
    role: 'analyst',
    person: 'pid-dan1',
    scope: reportingLine('pid-dan1'),
  },
  {
    name: 'manager of platform',
    role: 'manager',
    person: 'pid-paul',
    scope: reportingLine('pid-paul'),
  },
  {
    name: 'manager of tiny',
    role: 'manager',
    person: 'pid-tia1',
    scope: reportingLine('pid-tia1'),
  },
  { name: 'member', role: 'member', person: 'pid-pia1', scope: new Set(['pid-pia1']) },
  { name: 'member of tiny', role: 'member', person: 'pid-tia2', scope: new Set(['pid-tia2']) },
];

async function importOrg(store: Parameters<Parameters<typeof startServer>[0]>[0]) {
  await runImport(store, orgChart, { path: writeTemp('org.csv', orgChartCsv()), options: {} });
  await runImport(store, interactions, { path: writeTemp('events.csv', eventsCsv()), options: {} });
}

beforeAll(async () => {
  server = await startServer(importOrg, {}, undefined, (route: RouteOptions) => {
    const url = route.url.replace(/\/$/, '');
    for (const method of [route.method].flat()) {
      // HEAD routes are fastify's copies of the GET routes, without a body.
      // Every route but the API docs (swagger-ui's own pages and files).
      if (method !== 'HEAD' && !url.startsWith('/api/docs')) routes.add(`${method} ${url}`);
    }
  });
  for (const role of ROLES) tokens[role.name] = await server.token(role.role, role.person);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Every string that would identify someone outside `scope`: id, name, address, account. */
function forbiddenFor(scope: Set<string> | null, options: { names: boolean }): string[] {
  if (scope === null) return [];
  const out: string[] = [];
  for (const p of PEOPLE) {
    if (scope.has(p.id)) continue;
    out.push(p.id, `${p.id}@corp.example`);
    if (options.names) out.push(p.name);
  }
  out.push(OUTSIDER, OUTSIDER_ID);
  return out;
}

interface Call {
  path: string;
  init?: RequestInit;
  /** The schema of a 200 body; null for bodies that are not JSON. */
  schema: TSchema | null;
  /** Roles answered 200 (others: 403); the call's own rule for person pages. */
  allowed: (role: Role) => boolean;
  /** The expert directory names people for everyone: names are its purpose. */
  namesAllowed?: boolean;
  status?: number;
}

const everyone = () => true;
const roles =
  (...names: Role['role'][]) =>
  (role: Role) =>
    names.includes(role.role);
const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** How to call each route; a route missing here fails the test. */
async function callsFor(route: string): Promise<Call[] | undefined> {
  const reports = roles('admin', 'analyst', 'manager');
  const table: Record<string, () => Promise<Call[]> | Call[]> = {
    'GET /auth/status': () => [
      { path: '/auth/status', schema: schemas.SsoStatusSchema, allowed: everyone },
    ],
    'POST /auth/logout': () => [
      {
        path: '/auth/logout',
        init: { method: 'POST' },
        schema: null,
        allowed: everyone,
        status: 204,
      },
    ],
    'GET /api/v1/health': () => [
      { path: '/api/v1/health', schema: schemas.HealthSchema, allowed: everyone },
    ],
    'GET /api/v1/session': () => [
      { path: '/api/v1/session', schema: schemas.SessionSchema, allowed: everyone },
    ],
    'GET /api/v1/people': () =>
      ['', 'a', 'corp.example', 'ext'].map((search) => ({
        path: `/api/v1/people?search=${search}`,
        schema: schemas.PeopleSearchSchema,
        allowed: everyone,
      })),
    'GET /api/v1/people/:id': () =>
      [...PEOPLE.map((p) => p.id), OUTSIDER_ID].map((id) => ({
        path: `/api/v1/people/${encodeURIComponent(id)}`,
        schema: schemas.PersonViewSchema,
        allowed: (role: Role) => role.scope === null || role.scope.has(id),
      })),
    'GET /api/v1/people/:id/follow-up': () =>
      [...PEOPLE.map((p) => p.id), OUTSIDER_ID].map((id) => ({
        path: `/api/v1/people/${encodeURIComponent(id)}/follow-up`,
        schema: FollowUpSchema,
        allowed: (role: Role) => role.scope === null || role.scope.has(id),
      })),
    'GET /api/v1/people/:id/export': () => [
      {
        path: '/api/v1/people/pid-pia2/export',
        schema: schemas.PersonExportSchema,
        allowed: roles('admin'),
      },
    ],
    // Erasure, of nobody: the routes after it still need everyone (admin: 404, no such person).
    'DELETE /api/v1/people/:id': () => [
      {
        path: '/api/v1/people/pid-nobody',
        init: { method: 'DELETE' },
        schema: schemas.ForgetSchema,
        allowed: roles('admin'),
        status: 404,
      },
    ],
    'PUT /api/v1/people/:id/opt-out': () => [
      {
        path: '/api/v1/people/pid-pia2/opt-out',
        init: json({ optedOut: false }, 'PUT'),
        schema: schemas.OptOutSchema,
        allowed: roles('admin'),
      },
    ],
    'GET /api/v1/graph': () =>
      ['', '?level=people', '?level=communities', '?level=people&minWeight=2', '?community=0'].map(
        (query) => ({
          path: `/api/v1/graph${query}`,
          schema: schemas.GraphSchema,
          allowed: reports,
        }),
      ),
    'GET /api/v1/isolation': () => [
      { path: '/api/v1/isolation', schema: schemas.IsolationSchema, allowed: reports },
    ],
    'GET /api/v1/flows': () => [
      { path: '/api/v1/flows', schema: schemas.FlowsSchema, allowed: reports },
    ],
    'GET /api/v1/communities': () => [
      { path: '/api/v1/communities', schema: schemas.CommunitiesSchema, allowed: reports },
    ],
    'GET /api/v1/trends': () => [
      { path: '/api/v1/trends', schema: schemas.TrendsSchema, allowed: reports },
    ],
    'GET /api/v1/experts': () =>
      ['kafka', 'KAFKA', 'paym'].map((topic) => ({
        path: `/api/v1/experts?topic=${topic}`,
        schema: schemas.ExpertsSchema,
        allowed: everyone,
        namesAllowed: true,
      })),
    'GET /api/v1/imports': () => [
      {
        path: '/api/v1/imports',
        schema: schemas.ImportsSchema,
        allowed: roles('admin', 'analyst'),
      },
    ],
    'POST /api/v1/imports': () => [
      {
        path: '/api/v1/imports?connector=interactions',
        init: upload(
          'bad.csv',
          `id,helper,helped,at,kind,topic,context\nx1,${OUTSIDER},pid-pia1,never,reply,,`,
        ),
        schema: schemas.JobSchema,
        allowed: roles('admin'),
        status: 202,
      },
    ],
    'GET /api/v1/imports/jobs/:id': async () => [
      {
        path: `/api/v1/imports/jobs/${await jobId()}`,
        schema: schemas.JobSchema,
        allowed: roles('admin'),
      },
    ],
    'GET /api/v1/imports/jobs/:id/events': async () => [
      {
        path: `/api/v1/imports/jobs/${await jobId()}/events`,
        schema: null,
        allowed: roles('admin'),
      },
    ],
    'GET /api/v1/export': () =>
      ['csv', 'gexf'].map((format) => ({
        path: `/api/v1/export?format=${format}`,
        schema: null,
        allowed: roles('admin'),
      })),
    'GET /api/v1/tokens': () => [{ path: '/api/v1/tokens', schema: null, allowed: roles('admin') }],
    'POST /api/v1/tokens': () => [
      {
        path: '/api/v1/tokens',
        init: json({ role: 'member', person: 'pid-pia3' }),
        schema: null,
        allowed: roles('admin'),
        status: 201,
      },
    ],
    'DELETE /api/v1/tokens/:id': async () => {
      const made = await server.request('/api/v1/tokens', tokens.admin, json({ role: 'analyst' }));
      return [
        {
          path: `/api/v1/tokens/${made.body.info.tokenId}`,
          init: { method: 'DELETE' },
          schema: null,
          allowed: roles('admin'),
          status: 204,
        },
      ];
    },
    'GET /api/v1/sync': () => [
      { path: '/api/v1/sync', schema: null, allowed: roles('admin', 'analyst') },
    ],
  };
  return table[route]?.();
}

function upload(name: string, text: string): RequestInit {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return { method: 'POST', body: form };
}

let job: Promise<string> | undefined;
/** An upload that fails (a bad date), made once, as admin. */
function jobId(): Promise<string> {
  job ??= server
    .request(
      '/api/v1/imports?connector=interactions',
      tokens.admin,
      upload(
        'broken.csv',
        `id,helper,helped,at,kind,topic,context\nx1,pid-pia1,pid-pia2,never,reply,,`,
      ),
    )
    .then((response) => response.body.id as string);
  return job;
}

describe('every route × every role', () => {
  it('shows no one outside the role’s scope, in any body, and every body fits its schema', async () => {
    expect(routes.size).toBeGreaterThan(10);
    const unknown: string[] = [];
    const leaks: string[] = [];
    for (const route of [...routes].sort()) {
      const calls = await callsFor(route);
      if (!calls) {
        unknown.push(route);
        continue;
      }
      for (const call of calls) {
        for (const role of ROLES) {
          const response = await fetch(`${server.url}${call.path}`, {
            ...call.init,
            headers: { ...call.init?.headers, authorization: `Bearer ${tokens[role.name]}` },
          });
          const text = await response.text();
          const expected = call.allowed(role) ? (call.status ?? 200) : 403;
          expect(response.status, `${role.name} ${call.path}: ${text.slice(0, 300)}`).toBe(
            expected,
          );
          if (response.status === 200 && call.schema) {
            const body = JSON.parse(text);
            const errors = [...Value.Errors(call.schema, body)].slice(0, 3);
            expect(errors, `${role.name} ${call.path} fits its schema`).toEqual([]);
          }
          for (const word of forbiddenFor(role.scope, { names: !call.namesAllowed })) {
            if (text.includes(word)) leaks.push(`${role.name} ${call.path}: "${word}"`);
          }
        }
      }
    }
    expect(unknown, 'routes the leak test does not know how to call: add them').toEqual([]);
    expect(leaks).toEqual([]);
  }, 240_000);
});

describe('group sizes', () => {
  it('hides the team of a team below the minimum on per-person rows for non-admins', async () => {
    const tiny = new Set(PEOPLE.filter((p) => p.team === 'tiny').map((p) => p.id));
    for (const name of ['analyst', 'manager of platform']) {
      const graph = (await server.request('/api/v1/graph?level=people', tokens[name])).body;
      expect(graph.nodes.team).not.toContain('tiny');
      expect(
        graph.nodes.team.filter((t: string | null) => t === null).length,
      ).toBeGreaterThanOrEqual(tiny.size);
      const isolation = (await server.request('/api/v1/isolation', tokens[name])).body;
      expect(JSON.stringify(isolation.people.map((p: { team: string }) => p.team))).not.toContain(
        'tiny',
      );
    }
    const admin = (await server.request('/api/v1/graph?level=people', tokens.admin)).body;
    expect(admin.nodes.team.filter((t: string | null) => t === 'tiny')).toHaveLength(tiny.size);
    // Their own manager sees them by name, with their team.
    const own = (await server.request('/api/v1/graph?level=people', tokens['manager of tiny']))
      .body;
    for (const id of tiny) expect(own.nodes.team[own.nodes.id.indexOf(id)]).toBe('tiny');
    // Nor may a filter name the small team: every figure would be its people's.
    for (const route of ['graph', 'isolation', 'flows', 'communities', 'trends']) {
      for (const name of ['analyst', 'manager of platform']) {
        const refused = await server.request(`/api/v1/${route}?team=tiny`, tokens[name]);
        expect(refused.status, `${name} ${route}`).toBe(403);
        expect(refused.body.field).toBe('team');
      }
      const shown = await server.request(`/api/v1/${route}?team=tiny`, tokens['manager of tiny']);
      expect(shown.status, route).toBe(200);
      expect((await server.request(`/api/v1/${route}?team=data`, tokens.analyst)).status).toBe(200);
    }
  });
});

interface FlowsBody {
  teams: {
    team: string;
    size: number;
    internalTies: number;
    externalTies: number;
    helpGiven: number;
    helpReceived: number;
    helpWithin: number;
  }[];
  flows: { from: string; to: string; weight: number; ties: number; expected: number }[];
  withheld: { team: string }[];
}

/**
 * Every complement a reader can take in flows: each team figure minus the published cells it
 * is made of. A non-zero remainder would be a figure for the people in no published group.
 */
function flowsRemainders(body: FlowsBody): number[] {
  const cell = (from: string, to: string) =>
    body.flows.find((f) => f.from === from && f.to === to) ?? { weight: 0, ties: 0 };
  const names = body.teams.map((t) => t.team);
  const out: number[] = [];
  for (const t of body.teams) {
    const others = names.filter((n) => n !== t.team);
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    out.push(t.helpGiven - sum(others.map((o) => cell(t.team, o).weight)));
    out.push(t.helpReceived - sum(others.map((o) => cell(o, t.team).weight)));
    out.push(t.helpWithin - cell(t.team, t.team).weight);
    out.push(t.internalTies - cell(t.team, t.team).ties);
    out.push(t.externalTies - sum(others.map((o) => cell(t.team, o).ties + cell(o, t.team).ties)));
  }
  return out.map((r) => Math.round(r * 1e9) / 1e9);
}

describe('complementary suppression', () => {
  const given = (body: FlowsBody, team: string) =>
    body.teams.find((t) => t.team === team)!.helpGiven;
  const cell = (body: FlowsBody, from: string, to: string) =>
    body.flows.find((f) => f.from === from && f.to === to)!.weight;

  it('leaves no figure for a set of fewer than 5 in flows or trends, by any subtraction', async () => {
    const analyst = tokens.analyst;
    const flows: FlowsBody = (await server.request('/api/v1/flows', analyst)).body;
    // tiny (3) and the no-team group (the VP and the outsider) are 5 together: they fold.
    expect(flows.withheld.map((w) => w.team).sort()).toEqual(['(no team)', 'tiny']);
    const combined = flows.teams.find((t) => !['data', 'platform'].includes(t.team))!;
    expect(combined.size).toBe(5);
    expect(flows.teams).toHaveLength(3);
    expect(flowsRemainders(flows).every((r) => r === 0)).toBe(true);
    // Totals stay whole: the same as the admin's for the teams shown.
    const full: FlowsBody = (await server.request('/api/v1/flows', tokens.admin)).body;
    expect(flowsRemainders(full).every((r) => r === 0)).toBe(true);
    for (const team of ['data', 'platform']) {
      const a = flows.teams.find((t) => t.team === team)!;
      const b = full.teams.find((t) => t.team === team)!;
      expect(a.helpGiven).toBeCloseTo(b.helpGiven, 9);
      expect(a.externalTies).toBe(b.externalTies);
    }

    // Trends can't fold (distinct counts don't add up): the withheld groups' people leave.
    const trends = (await server.request('/api/v1/trends', analyst)).body;
    expect(trends.withheld.map((w: { team: string }) => w.team).sort()).toEqual([
      '(no team)',
      'tiny',
    ]);
    expect(trends.organisation.length).toBeGreaterThan(0);
    for (const week of trends.organisation) {
      const teams = trends.teams.filter((t: { week: string }) => t.week === week.week);
      expect(teams.map((t: { team: string }) => t.team).sort()).toEqual(['data', 'platform']);
      for (const field of ['people', 'activeHelpers', 'isolated'] as const) {
        const sum = teams.reduce((s: number, t: Record<string, number>) => s + t[field]!, 0);
        // organisation minus teams: the people in no published team, here none at all.
        expect(week[field] - sum, `${week.week} ${field}`).toBe(0);
      }
      expect(week.people).toBe(11);
    }
  });

  it('takes a withheld group out of every total when it is too small even to fold', async () => {
    const strict = await startServer(importOrg, { minGroupSize: 3 });
    try {
      const flows: FlowsBody = (
        await strict.request('/api/v1/flows', await strict.token('analyst'))
      ).body;
      expect(flows.withheld.map((w) => w.team)).toEqual(['(no team)']);
      expect(flows.teams.map((t) => t.team).sort()).toEqual(['data', 'platform', 'tiny']);
      expect(flowsRemainders(flows).every((r) => r === 0)).toBe(true);
      // Recomputed, not copied: the admin's totals carry the help to the VP and the outsider.
      const full: FlowsBody = (await strict.request('/api/v1/flows', await strict.token('admin')))
        .body;
      expect(given(full, 'platform')).toBeGreaterThan(given(flows, 'platform'));
      expect(cell(flows, 'platform', 'data')).toBe(cell(full, 'platform', 'data'));
    } finally {
      await strict.close();
    }
  });
});

/** Spearman's rank correlation of two rankings of the same items. */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (a[i]! - b[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('pseudonyms', () => {
  it('re-identifies no one from the order of nodes or members (rank correlation < 0.2)', async () => {
    const people = Array.from({ length: 400 }, (_, i) => ({
      id: `emp-${String(i).padStart(4, '0')}`,
      name: `Person ${i}`,
      team: `team-${String(Math.floor(i / 20)).padStart(2, '0')}`,
      manager: '',
    }));
    const big = await startServer(async (store) => {
      await runImport(store, orgChart, {
        path: writeTemp('org.csv', orgChartCsv(people)),
        options: {},
      });
      await runImport(store, interactions, {
        path: writeTemp('events.csv', eventsCsv(people, 60)),
        options: {},
      });
    });
    try {
      const admin = (await big.request('/api/v1/graph?level=people', await big.token('admin')))
        .body;
      const analystToken = await big.token('analyst');
      const analyst = (await big.request('/api/v1/graph?level=people', analystToken)).body;
      expect(admin.nodes.id).toEqual([...admin.nodes.id].sort());
      const at = new Map<string, number>(
        admin.nodes.id.map((_id: string, i: number) => [
          `${admin.nodes.x[i]},${admin.nodes.y[i]}`,
          i,
        ]),
      );
      // The same node in both, by its position on the drawing.
      const realRank = analyst.nodes.id.map((_alias: string, i: number) =>
        at.get(`${analyst.nodes.x[i]},${analyst.nodes.y[i]}`)!,
      );
      expect(new Set(realRank).size).toBe(people.length);
      const shown = realRank.map((_r: number, i: number) => i);
      expect(Math.abs(spearman(shown, realRank))).toBeLessThan(0.2);
      // Ties come in the order of the shown positions, not the ids'.
      const sources: number[] = analyst.edges.source;
      expect(sources).toEqual([...sources].sort((a, b) => a - b));

      const aliasRank = new Map<string, number>(
        analyst.nodes.id.map((alias: string, i: number) => [alias, realRank[i]]),
      );
      const communities = (await big.request('/api/v1/communities', analystToken)).body;
      for (const community of communities.communities.filter(
        (c: { members: string[] }) => c.members.length >= 100,
      )) {
        const ranks = community.members.map((alias: string) => aliasRank.get(alias)!);
        const sorted = [...ranks].sort((a, b) => a - b);
        const position = ranks.map((r: number) => sorted.indexOf(r));
        expect(
          Math.abs(
            spearman(
              position,
              ranks.map((_r: number, i: number) => i),
            ),
          ),
        ).toBeLessThan(0.2);
      }
    } finally {
      await big.close();
    }
  }, 120_000);
});
