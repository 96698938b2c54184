import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { detectCommunities } from '../server/analytics/communities.ts';
import { buildHelpGraph } from '../server/analytics/graph.ts';
import { personMetrics } from '../server/analytics/person-metrics.ts';
import { Reports } from '../server/reports/reports.ts';
import { readRoster, readTies } from '../server/store/analytics-queries.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

/**
 * Analytics on a seeded workload: import, the SQL aggregation and the graph build on their own,
 * Louvain and the person metrics on their own, then every report from a cold cache and again
 * from a warm one. All times in milliseconds.
 */
export async function benchAnalytics(size: string, benchDir: string, log: (m: string) => void) {
  const workload = WORKLOADS[size];
  if (!workload)
    throw new Error(`unknown workload "${size}"; use ${Object.keys(WORKLOADS).join(', ')}`);
  log(`analytics ${size}: generating …`);
  const files = await writeWorkload(benchDir, workload);
  const path = join(benchDir, `analytics-${size}.duckdb`);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const store = await Store.open(path);
  try {
    log(`analytics ${size}: importing …`);
    const [, importMs] = await timed(async () => {
      await runImport(store, orgChart, { path: files.orgChart, options: {} });
      await runImport(store, interactions, { path: files.events, options: {} });
    });
    const reports = new Reports(store);
    const window = await reports.window();
    const [ties, tiesMs] = await timed(() => readTies(store, window));
    const [roster, rosterMs] = await timed(() => readRoster(store));
    const [graph, buildMs] = await timed(() => buildHelpGraph(roster, ties));
    log(`analytics ${size}: ${graph.order} people, ${graph.size} ties; timing algorithms …`);
    const [, louvainMs] = await timed(() => detectCommunities(graph, { seed: 42 }));
    const [metrics, metricsMs] = await timed(() => personMetrics(graph, { seed: 42 }));
    const topic = 'topic-1';
    const all = () =>
      Promise.all([
        reports.people(),
        reports.isolation(),
        reports.communities(),
        reports.flows(),
        reports.experts({ search: topic }),
        reports.trends(),
      ]);
    log(`analytics ${size}: all reports, cold cache …`);
    const [, coldMs] = await timed(all);
    const warm: Record<string, number> = {};
    const single: Record<string, () => Promise<unknown>> = {
      people: () => reports.people(),
      isolation: () => reports.isolation(),
      communities: () => reports.communities(),
      flows: () => reports.flows(),
      experts: () => reports.experts({ search: topic }),
      trends: () => reports.trends(),
    };
    for (const [name, run] of Object.entries(single)) warm[name] = (await timed(run))[1];
    return {
      name: `analytics ${size}`,
      people: graph.order,
      ties: graph.size,
      interactions: workload.interactions,
      ms: {
        import: importMs,
        readTies: tiesMs,
        readRoster: rosterMs,
        buildGraph: buildMs,
        buildPerEdgeMicroseconds: Number(((buildMs * 1000) / Math.max(1, graph.size)).toFixed(2)),
        louvain: louvainMs,
        personMetrics: metricsMs,
        betweenness: metrics.betweenness,
        allReportsCold: coldMs,
        warm,
      },
      goals:
        size === 'L'
          ? { allReportsCold: '<= 15000', louvain: '<= 3000', warmEach: '<= 50' }
          : { warmEach: '<= 50' },
    };
  } finally {
    store.close();
  }
}
