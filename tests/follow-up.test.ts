/**
 * Following up a flag over HTTP, on a real DuckDB file: whom a person lost and gained between
 * the previous window and this one, with the dates of the help, and the weekly timeline; names
 * only where the token's role allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { writeTemp } from './helpers.ts';

// Ana leads; Ben and Cy report to her, Dee and Eve to Cy. Fin is in another line altogether.
const CHART = [
  'person,name,email,team,manager,title,joined',
  'a,Ana,ana@x.org,core,,Lead,2020-01-01',
  'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
  'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
  'd,Dee,dee@x.org,data,c,Analyst,2020-01-01',
  'e,Eve,eve@x.org,data,c,Analyst,2020-01-01',
  'f,Fin,fin@x.org,ops,,Ops,2020-01-01',
].join('\n');

// Windows of 28 days ending just after 2026-03-28T10:00: this window from about 2026-02-28, the
// previous one from about 2026-01-31. Dee: Ben and Fin help her before; Ben and Eve after.
const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight',
  '1,b,d,2026-02-02T10:00:00Z,reply,go,#core,1',
  '2,f,d,2026-02-03T10:00:00Z,reply,go,#core,2',
  '3,f,d,2026-02-17T10:00:00Z,reply,go,#core,1',
  '4,b,d,2026-03-09T10:00:00Z,reply,go,#core,1',
  '5,d,e,2026-03-10T10:00:00Z,reply,go,#core,1',
  '6,e,d,2026-03-20T10:00:00Z,reply,go,#core,1',
  '7,a,c,2026-03-28T10:00:00Z,reply,go,#core,1',
].join('\n');

let server: TestServer;

beforeAll(async () => {
  server = await startServer(async (store) => {
    await runImport(store, orgChart, { path: writeTemp('org.csv', CHART), options: {} });
    await runImport(store, interactions, { path: writeTemp('events.csv', EVENTS), options: {} });
  });
});
afterAll(() => server?.close());

const WINDOW = 'from=2026-03-01T00:00:00Z&to=2026-03-29T00:00:00Z';

describe('GET /people/:id/follow-up', () => {
  it('lists partners lost and gained with the dates of their help, and the weeks of both windows', async () => {
    const admin = await server.token('admin');
    const { status, body } = await server.request(`/api/v1/people/d/follow-up?${WINDOW}`, admin);
    expect(status).toBe(200);
    expect(body.previousWindow).toEqual({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
    expect(body.profile).toEqual({ person: 'd', name: 'Dee', team: 'data', pseudonymised: false });
    expect(body.lost).toEqual([
      {
        person: 'f',
        name: 'Fin',
        team: 'ops',
        pseudonymised: false,
        weight: 3,
        interactions: 2,
        firstAt: '2026-02-03T10:00:00Z',
        lastAt: '2026-02-17T10:00:00Z',
      },
    ]);
    expect(body.gained).toEqual([
      {
        person: 'e',
        name: 'Eve',
        team: 'data',
        pseudonymised: false,
        weight: 2,
        interactions: 2,
        firstAt: '2026-03-10T10:00:00Z',
        lastAt: '2026-03-20T10:00:00Z',
      },
    ]);
    expect(body.kept).toBe(1);
    expect(body.weeks.map((w: { week: string }) => w.week)).toEqual([
      '2026-02-02',
      '2026-02-16',
      '2026-03-09',
      '2026-03-16',
    ]);
    expect(body.weeks[0]).toEqual({ week: '2026-02-02', given: 0, received: 3, partners: 2 });
  });

  it("pseudonymises partners outside a manager's line, and refuses people outside it", async () => {
    const manager = await server.token('manager', 'a');
    const { body } = await server.request(`/api/v1/people/d/follow-up?${WINDOW}`, manager);
    const fin = body.lost[0];
    expect(fin.person).toMatch(/^anon-/);
    expect(fin.name).toBeNull();
    expect(fin.pseudonymised).toBe(true);
    expect(JSON.stringify(body)).not.toContain('Fin');
    expect(body.gained[0].name).toBe('Eve');
    const outside = await server.request(`/api/v1/people/f/follow-up?${WINDOW}`, manager);
    expect(outside.status).toBe(403);
    const member = await server.token('member', 'e');
    expect((await server.request(`/api/v1/people/d/follow-up`, member)).status).toBe(403);
    expect((await server.request(`/api/v1/people/e/follow-up`, member)).status).toBe(200);
    const admin = await server.token('admin');
    expect((await server.request(`/api/v1/people/nobody/follow-up`, admin)).status).toBe(404);
  });
});
