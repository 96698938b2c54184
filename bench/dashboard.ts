import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { buildApp } from '../server/app.ts';
import { dashboard, ensureDashboard, WEB_DIST } from '../server/plugins/dashboard.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { launchBrowser, type Browser } from '../tests/browser.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

/**
 * The dashboard: its bundle size, and the time from navigation to the network's first drawn
 * frame in headless Chromium (WebGL in software) for the M organisation (2,000 people). Three
 * views of M: the default (communities, as M has more than 100,000 ties), the people-level
 * graph (the server keeps the 100,000 heaviest ties), and the people-level graph of the ties
 * of weight MIN_WEIGHT or more; each from a cold server cache, then warm.
 * Goal: the first frame within 2 s.
 */

/** M's ties of weight 4 or more: about 25,000 of its 205,000, the ones worth drawing. */
const MIN_WEIGHT = 4;

function bundle() {
  const files = readdirSync(join(WEB_DIST, 'assets'));
  const sizes = { jsBytes: 0, jsGzipBytes: 0, cssBytes: 0, cssGzipBytes: 0 };
  for (const file of files) {
    const bytes = readFileSync(join(WEB_DIST, 'assets', file));
    const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    sizes[`${kind}Bytes`] += bytes.length;
    sizes[`${kind}GzipBytes`] += gzipSync(bytes, { level: 9 }).length;
  }
  return sizes;
}

export async function organisationM(benchDir: string, log: (m: string) => void): Promise<Store> {
  const path = join(benchDir, 'dashboard-M.duckdb');
  const fresh = !existsSync(path);
  const store = await Store.open(path);
  if (fresh) {
    log('dashboard: importing the M organisation …');
    const files = await writeWorkload(benchDir, WORKLOADS.M!);
    await runImport(store, orgChart, { path: files.orgChart, options: {} });
    await runImport(store, interactions, { path: files.events, options: {} });
  }
  return store;
}

export async function benchDashboard(benchDir: string, log: (m: string) => void) {
  log('dashboard: building the web app …');
  await ensureDashboard(log);
  const store = await organisationM(benchDir, log);
  const app = await buildApp({ store, config: { rateLimit: 0 }, extend: dashboard });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { token } = await createToken(store, { role: 'admin' });
  const browser = await launchBrowser();
  const firstFrame = (route: string) => firstFrameIn(browser, `${url}/#/network${route}`, token);
  try {
    log('dashboard: communities (default), cold …');
    const communitiesCold = await firstFrame('');
    const communitiesWarm = await firstFrame('');
    log('dashboard: people (the 100,000 heaviest ties), cold …');
    const peopleCold = await firstFrame('?level=people');
    const peopleWarm = await firstFrame('?level=people');
    log(`dashboard: people, ties of weight >= ${MIN_WEIGHT}, cold …`);
    const lighter = `?level=people&minWeight=${MIN_WEIGHT}`;
    const peopleMinWeightCold = await firstFrame(lighter);
    const peopleMinWeightWarm = await firstFrame(lighter);
    return {
      name: 'dashboard',
      organisation: 'M (2,000 people)',
      bundle: bundle(),
      firstFrameMs: {
        communitiesCold,
        communitiesWarm,
        peopleCold,
        peopleWarm,
        peopleMinWeightCold,
        peopleMinWeightWarm,
      },
      consoleErrors: browser.errors,
      goal: 'first drawn frame <= 2,000 ms',
    };
  } finally {
    await browser.close();
    await app.close();
    store.close();
  }
}

/**
 * Opens `address` (a #/network route) signed in with `token` and returns ms from navigation
 * start to the network's first drawn frame, with the marks the view sets on the way.
 */
export async function firstFrameIn(browser: Browser, address: string, token: string) {
  const page = await browser.page();
  await page.goto(`${address}${address.includes('?') ? '&' : '?'}token=${token}`);
  await page.locator('.sigma[data-drawn="true"]').waitFor({ timeout: 300_000 });
  // The marks the network view sets on the way, in ms from navigation start.
  const marks = await page.evaluate<Record<string, number>>(`Object.fromEntries(
    ['loaded', 'built', 'sigma', 'drawn'].map((step) => [
      step,
      Math.round(performance.getEntriesByName('helpflow:network-' + step)[0].startTime),
    ]),
  )`);
  // When the graph was asked for and when it had arrived: the server's part of the wait.
  const request = await page.evaluate<{ asked: number; arrived: number } | null>(`(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/graph'));
    return entry ? { asked: Math.round(entry.startTime), arrived: Math.round(entry.responseEnd) } : null;
  })()`);
  const shows = await page.locator('.network .summary').textContent();
  await page.close();
  return { ms: marks.drawn!, steps: { ...marks, graphAsked: request?.asked }, shows };
}
