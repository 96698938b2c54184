/**
 * A real helpflow server for API tests: a real DuckDB file, the app listening on a free port,
 * requests over HTTP with fetch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { RouteOptions } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgChart } from '../connectors/org-chart/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { createToken } from '../server/access/tokens.ts';
import type { ApiConfig } from '../server/services/settings.ts';
import { buildApp, type App, type AppOptions } from '../server/app.ts';
import { generateDemo, type DemoManifest } from '../demo/generate.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  dir: string;
  /** GET (or another method) with a token; the parsed JSON body and the response. */
  request(
    path: string,
    token?: string,
    init?: RequestInit,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of every shape; tests assert on them
  ): Promise<{ status: number; body: any; headers: Headers }>;
  token(role: string, person?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(
  prepare: (store: Store, dir: string) => Promise<void>,
  config: Partial<ApiConfig> = {},
  extend?: AppOptions['extend'],
  onRoute?: AppOptions['onRoute'],
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'helpflow-api-'));
  const store = await Store.open(join(dir, 'helpflow.duckdb'));
  await prepare(store, dir);
  const contracts = new ResponseContracts();
  const app = await buildApp({
    store,
    config: { rateLimit: 0, signInFailures: 0, ...config },
    extend,
    onRoute: (route) => {
      contracts.add(route);
      onRoute?.(route);
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    app,
    store,
    dir,
    async request(path, token, init = {}) {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      const response = await fetch(`${url}${path}`, { ...init, headers });
      const text = await response.text();
      let body: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
      contracts.check(init.method ?? 'GET', path, response.status, body);
      return { status: response.status, body, headers: response.headers };
    },
    async token(role, person) {
      return (await createToken(store, { role, personId: person })).token;
    },
    async close() {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo organisation, imported the way `helpflow demo` does it; returns its manifest. */
export async function importDemo(store: Store, dir: string): Promise<DemoManifest> {
  const out = join(dir, 'demo');
  const { manifest } = await generateDemo({ outDir: out });
  for (const [connector, path] of [
    [orgChart, join(out, 'org-chart.csv')],
    [slackExport, join(out, 'slack-export')],
  ] as const) {
    await runImport(store, connector, { path, options: {} });
  }
  return manifest;
}

/**
 * Every 2xx JSON body an API test receives is checked against its route's response schema,
 * whichever way the server wrote it (fast-json-stringify, or the pre-serialised buffers of
 * the graph and person pages, which no serialiser sees).
 */
class ResponseContracts {
  private readonly routes: { method: string; pattern: RegExp; schemas: Record<string, TSchema> }[] =
    [];

  add(route: RouteOptions): void {
    const response = (route.schema as { response?: Record<string, TSchema> } | undefined)?.response;
    if (!response) return;
    const url = route.url.replace(/\/$/, '');
    const pattern = new RegExp(`^${url.replace(/:[^/]+/g, '[^/]+')}/?$`);
    for (const method of [route.method].flat()) {
      this.routes.push({ method: method.toUpperCase(), pattern, schemas: response });
    }
  }

  check(method: string, path: string, status: number, body: unknown): void {
    if (status < 200 || status >= 300 || typeof body !== 'object' || body === null) return;
    const pathname = path.split('?')[0]!;
    const route = this.routes.find(
      (r) => r.method === method.toUpperCase() && r.pattern.test(pathname),
    );
    const schema = route?.schemas[String(status)];
    if (!schema) return;
    const errors = [...Value.Errors(schema, body)].slice(0, 3);
    if (errors.length > 0) {
      throw new Error(
        `${method} ${path} (${status}) does not fit its response schema: ${JSON.stringify(errors)}`,
      );
    }
  }
}

/**
 * GETs `path` until its body differs from `before`: after an import the server answers from the
 * results computed before it while it computes the new ones (stale-while-revalidate), so the new
 * data shows on a later read. Gives up after about a minute, returning the last body.
 */
export async function untilChanged(
  server: TestServer,
  path: string,
  token: string,
  before: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of every shape
): Promise<any> {
  let body = (await server.request(path, token)).body;
  for (let tries = 0; tries < 600 && JSON.stringify(body) === JSON.stringify(before); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    body = (await server.request(path, token)).body;
  }
  return body;
}
