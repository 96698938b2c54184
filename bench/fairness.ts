import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import type { FairQueueOptions } from '../server/api/fair-queue.ts';
import type { ApiConfig } from '../server/services/settings.ts';
import { buildApp } from '../server/app.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

/**
 * Fairness (issue 10): one analyst busts the cache with `requests` graph requests over distinct
 * windows, all at once, on the M organisation; meanwhile another user asks for a cold report
 * (flows over a window nobody asked for). Figures: that report's latency alone and during the
 * burst (goal: at most 2×), what the burst got (200s and 429s), and the server's memory growth.
 * Run twice: with the fair queue as configured, and with it opened wide (the old behaviour).
 */
/** How long any request of the benchmark may take before it counts as unanswered. */
const LIMIT_MS = 120_000;

export async function benchFairness(benchDir: string, log: (m: string) => void, requests = 30) {
  const workload = WORKLOADS.M!;
  const path = join(benchDir, 'api-M.duckdb');
  if (!existsSync(path)) {
    log('fairness: importing the M organisation …');
    const files = await writeWorkload(benchDir, workload);
    const store = await Store.open(path);
    await runImport(store, orgChart, { path: files.orgChart, options: {} });
    await runImport(store, interactions, { path: files.events, options: {} });
    store.close();
  }
  const runs: Record<string, unknown> = {};
  let round = 0;
  for (const [mode, fairQueue, analyticsWorkers] of [
    ['fair queue (default)', {}],
    ['no queue, one worker (before)', { concurrency: 1_000, maxWaiting: 1_000 }, 1],
  ] as [string, Partial<FairQueueOptions>, number?][]) {
    round++;
    runs[mode] = await burst(
      path,
      { fairQueue, analyticsWorkers: analyticsWorkers ?? null },
      requests,
      round,
      log,
    );
  }
  return {
    name: 'fairness: a cold report while another token busts the cache (M organisation)',
    people: workload.people,
    burstRequests: requests,
    runs,
    goal: 'the other user’s cold report at most 2× slower during the burst; memory bounded',
  };
}

async function burst(
  path: string,
  config: Pick<ApiConfig, 'fairQueue' | 'analyticsWorkers'>,
  requests: number,
  round: number,
  log: (m: string) => void,
) {
  const store = await Store.open(path);
  const app = await buildApp({ store, config: { rateLimit: 0, signInFailures: 0, ...config } });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const buster = (await createToken(store, { role: 'analyst', label: 'buster' })).token;
    const victim = (await createToken(store, { role: 'analyst', label: 'victim' })).token;
    const range = (await store.one<{ newest: string }>(
      `SELECT strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%SZ') AS newest FROM interactions`,
    ))!;
    const end = Date.parse(range.newest);
    // Distinct windows: each ends a different number of hours before the newest interaction.
    const window = (hours: number, days = 60) => {
      const to = new Date(end - hours * 3_600_000);
      const from = new Date(to.getTime() - days * 86_400_000);
      return `from=${from.toISOString()}&to=${to.toISOString()}`;
    };
    const burstAbort = new AbortController();
    /** A request's status and time; status 0 when it was still unanswered at `limitMs`. */
    const timed = async (url: string, token: string, signal?: AbortSignal) => {
      const started = performance.now();
      try {
        const response = await fetch(`${base}${url}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: signal ?? AbortSignal.timeout(LIMIT_MS),
        });
        await response.arrayBuffer();
        return { status: response.status, ms: performance.now() - started };
      } catch {
        return { status: 0, ms: performance.now() - started };
      }
    };
    log(`fairness (${round}): warming up, then the other user's cold report alone …`);
    await timed(`/api/v1/flows?${window(round * 1000 + 1)}`, victim);
    const alone = [];
    for (let k = 2; k <= 3; k++)
      alone.push((await timed(`/api/v1/flows?${window(round * 1000 + k)}`, victim)).ms);
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 100);
    log(`fairness (${round}): ${requests} graph requests over distinct windows at once …`);
    const burstStarted = performance.now();
    const burstCalls = Array.from({ length: requests }, (_v, k) =>
      timed(
        `/api/v1/graph?level=people&${window(round * 1000 + 100 + k * 7)}`,
        buster,
        burstAbort.signal,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = [];
    for (const k of [4, 5, 6])
      during.push(await timed(`/api/v1/flows?${window(round * 1000 + k)}`, victim));
    // The burst gets LIMIT_MS to finish; what is still unanswered then is cut off.
    const cutOff = setTimeout(() => burstAbort.abort(), LIMIT_MS);
    const results = await Promise.all(burstCalls);
    clearTimeout(cutOff);
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    clearInterval(sampler);
    const rssAfter = process.memoryUsage().rss;
    const median = (list: number[]) =>
      [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const aloneMs = Math.round(median(alone));
    const duringMs = Math.round(median(during.map((d) => d.ms)));
    return {
      limitMs: LIMIT_MS,
      otherUserColdReportMs: {
        alone: aloneMs,
        duringBurstMedian: duringMs,
        duringWorstMs: Math.round(Math.max(...during.map((d) => d.ms))),
        duringStatuses: during.map((d) => d.status),
        slowdown: Number((duringMs / aloneMs).toFixed(2)),
      },
      burst: {
        ok: results.filter((r) => r.status === 200).length,
        refused429: results.filter((r) => r.status === 429).length,
        unansweredAfterLimit: results.filter((r) => r.status === 0).length,
        other: results.filter((r) => ![0, 200, 429].includes(r.status)).length,
        seconds: Number(burstSeconds.toFixed(1)),
      },
      memoryMB: {
        before: Math.round(rssBefore / 1e6),
        peak: Math.round(rssPeak / 1e6),
        after: Math.round(rssAfter / 1e6),
      },
    };
  } finally {
    await app.close();
    store.close();
  }
}
