import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { detectCommunities } from '../server/analytics/communities.ts';
import { helpGraphOf } from '../server/analytics/network.ts';
import { personMetrics } from '../server/analytics/person-metrics.ts';
import { Reports } from '../server/reports/reports.ts';
import { readHelpNetwork, readRoster } from '../server/store/analytics-queries.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

/** Milliseconds of CPU (every thread: JavaScript and DuckDB's) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return Math.round((user + system) / 1000);
}

/**
 * Analytics on a seeded workload: import, the roster and the tie network read on their own,
 * Louvain and the person metrics on their own, every report from a cold cache (with when each
 * was done: they run together, as a dashboard asks for them) and again from a warm one, and the
 * graphology graph that only exports build. All times in milliseconds; on a shared machine the
 * CPU time of the cold run is the steadier figure.
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
    const [roster, rosterMs] = await timed(() => readRoster(store));
    const [network, networkMs] = await timed(() =>
      readHelpNetwork(store, window, Promise.resolve(roster)),
    );
    const ties = network.helper.length;
    log(`analytics ${size}: ${roster.length} people, ${ties} ties; timing algorithms …`);
    const [, louvainMs] = await timed(() => detectCommunities(network, { seed: 42 }));
    const [metrics, metricsMs] = await timed(() => personMetrics(network, { seed: 42 }));
    const topic = 'topic-1';
    const single: Record<string, () => Promise<unknown>> = {
      people: () => reports.people(),
      isolation: () => reports.isolation(),
      communities: () => reports.communities(),
      flows: () => reports.flows(),
      experts: () => reports.experts({ search: topic }),
      trends: () => reports.trends(),
    };
    log(`analytics ${size}: all reports, cold cache …`);
    const coldDone: Record<string, number> = {};
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Object.entries(single).map(async ([name, run]) => {
        await run();
        coldDone[name] = Math.round(performance.now() - started);
      }),
    );
    const coldMs = Math.round(performance.now() - started);
    const coldCpuMs = cpuMs(cpu);
    const warm: Record<string, number> = {};
    for (const [name, run] of Object.entries(single)) warm[name] = (await timed(run))[1];
    log(`analytics ${size}: the graphology graph (exports only) …`);
    const [, graphMs] = await timed(() => helpGraphOf(network));
    return {
      name: `analytics ${size}`,
      people: roster.length,
      ties,
      interactions: workload.interactions,
      ms: {
        import: importMs,
        readRoster: rosterMs,
        readNetwork: networkMs,
        louvain: louvainMs,
        personMetrics: metricsMs,
        betweenness: metrics.betweenness,
        allReportsCold: coldMs,
        allReportsColdCpu: coldCpuMs,
        coldDone,
        warm,
        exportGraph: graphMs,
        exportGraphPerTieMicroseconds: Number(((graphMs * 1000) / Math.max(1, ties)).toFixed(2)),
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
