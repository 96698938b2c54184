import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { buildApp } from '../server/app.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

/**
 * The API under load (issue 4's benchmark): the M organisation (2,000 people, ~205 k ties) served
 * from a real listening server; autocannon at 50 connections against `health`, a warm `graph`
 * (the default view, and the people-level view) and a warm `people/:id` (which also writes the
 * audit log on every request). Goal: p99 ≤ 50 ms and at least half of health's throughput.
 */
export async function benchApi(benchDir: string, log: (m: string) => void, seconds = 10) {
  const workload = WORKLOADS.M!;
  const path = join(benchDir, 'api-M.duckdb');
  if (!existsSync(path)) {
    log('api: importing the M organisation …');
    const files = await writeWorkload(benchDir, workload);
    const store = await Store.open(path);
    await runImport(store, orgChart, { path: files.orgChart, options: {} });
    await runImport(store, interactions, { path: files.events, options: {} });
    store.close();
  }
  const store = await Store.open(path);
  const app = await buildApp({ store, config: { rateLimit: 0 } });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { token } = await createToken(store, { role: 'admin', label: 'bench' });
    const headers = { authorization: `Bearer ${token}` };
    const person = 'p00042';
    const routes = {
      health: '/api/v1/health',
      graph: '/api/v1/graph',
      graphPeople: '/api/v1/graph?level=people&minWeight=2',
      person: `/api/v1/people/${person}`,
    };
    const cold: Record<string, { ms: number; bytes: number }> = {};
    for (const [name, route] of Object.entries(routes)) {
      log(`api: first (cold) ${route} …`);
      const started = performance.now();
      const response = await fetch(`${base}${route}`, { headers });
      const body = await response.arrayBuffer();
      if (!response.ok)
        throw new Error(`${route}: ${response.status} ${Buffer.from(body).toString()}`);
      cold[name] = { ms: Math.round(performance.now() - started), bytes: body.byteLength };
    }
    const load: Record<string, unknown> = {};
    let healthRps = 0;
    for (const [name, route] of Object.entries(routes)) {
      log(`api: ${seconds} s of ${route} at 50 connections …`);
      const result = await autocannon({
        url: `${base}${route}`,
        connections: 50,
        duration: seconds,
        headers,
      });
      if (name === 'health') healthRps = result.requests.average;
      load[name] = {
        requestsPerSecond: Math.round(result.requests.average),
        ofHealth: healthRps ? Number((result.requests.average / healthRps).toFixed(2)) : null,
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
        errors: result.errors + result.non2xx,
        bytesPerResponse: cold[name]!.bytes,
      };
    }
    return {
      name: 'API under load (M organisation)',
      people: workload.people,
      connections: 50,
      secondsEach: seconds,
      coldMs: Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, v.ms])),
      load,
      goal: 'warm graph and people/:id: p99 <= 50 ms, throughput >= half of health',
    };
  } finally {
    await app.close();
    store.close();
  }
}
