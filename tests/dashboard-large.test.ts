/**
 * The dashboard on a generated 2,000-person organisation imported without an org chart (help
 * events only: no teams, no managers), in real Chromium against the real server: every view
 * renders, the tables page and sort what a small demo never shows, and no console errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLOADS, writeWorkload } from '../bench/workloads.ts';
import { interactions } from '../connectors/interactions/index.ts';
import { ensureDashboard, dashboard } from '../server/plugins/dashboard.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { launchBrowser, pdfPages, screenshot, type Browser } from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: string;

/** M's 2,000 people with a sixth of its help: a day's worth of import time, not a minute's. */
const ORGANISATION = { ...WORKLOADS.M!, name: 'M-lite', interactions: 50_000 };

beforeAll(async () => {
  await ensureDashboard(() => undefined);
  server = await startServer(
    async (store, dir) => {
      const files = await writeWorkload(dir, ORGANISATION);
      await runImport(store, interactions, { path: files.events, options: {} });
    },
    {},
    dashboard,
  );
  admin = await server.token('admin');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(route: string, page?: Page): Promise<Page> {
  page ??= await browser.page();
  await page.goto(`${server.url}/#token=${encodeURIComponent(admin)}`);
  await page.locator('header.top').waitFor();
  await page.evaluate(`location.hash = ${JSON.stringify(route)}`);
  return page;
}

describe('a 2,000-person organisation without an org chart', () => {
  it('draws the network with its controls, and pages the 2,000 people', async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    expect(graph.nodes.id.length).toBe(ORGANISATION.people);
    const page = await browser.page();
    const drawn = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/graph');
    await open('#/network', page);
    await page.locator('.sigma[data-drawn="true"]').waitFor({ timeout: 120_000 });
    // 2,000 people's graph goes gzipped, as the browser asks: a quarter of its bytes or less.
    const answer = await drawn;
    expect(answer.headers()['content-encoding']).toBe('gzip');
    expect(Number(answer.headers()['content-length'])).toBeLessThan(
      Buffer.byteLength(JSON.stringify(graph)) / 4,
    );
    expect(await page.locator('.network .summary').textContent()).toContain('2,000 people');
    const ranking = page.locator('.ranking .data-table').first();
    expect(await ranking.locator('.table-status').textContent()).toBe('Showing 1–10 of 2,000');
    // The innermost core: the control says how deep the graph goes.
    const core = page.locator('fieldset.show-controls label', {
      has: page.locator('[name="minCore"]'),
    });
    const deepest = /of ([\d,]+)/.exec((await core.textContent())!)![1]!.replace(',', '');
    expect(Number(deepest)).toBeGreaterThan(1);
    await core.locator('input').fill(deepest);
    await core.locator('input').press('Enter');
    await expect.poll(() => page.locator('.network .summary').textContent()).toContain('Showing');
    await screenshot(page, 'large-network');
    await page.close();
  }, 180_000);

  it('renders every other view', async () => {
    // A flagged person if the random organisation has one, else its busiest helper.
    const isolation = (await server.request('/api/v1/isolation', admin)).body;
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const busiest =
      graph.nodes.id[graph.nodes.helpGiven.indexOf(Math.max(...graph.nodes.helpGiven))];
    const person =
      isolation.people.find((p: { flags: string[] }) => p.flags.length > 0)?.person ?? busiest;
    const views: [string, string][] = [
      ['#/team', 'table.flagged, .team .state.empty'],
      ['#/compare', '.compare-stage[data-drawn="true"]'],
      ['#/flows', '.flows .region > *:not(.loading)'],
      ['#/experts?topic=topic-1', 'table.experts-table'],
      ['#/communities', 'article.community'],
      ['#/imports', 'table.import-history'],
      [`#/person/${person}`, 'article.person'],
      [`#/follow/${person}`, 'article.follow'],
    ];
    for (const [route, selector] of views) {
      const page = await open(route);
      await page.locator(`${selector}, [role="alert"]`).first().waitFor({ timeout: 120_000 });
      expect(await page.locator('[role="alert"]').allTextContents(), route).toEqual([]);
      if (route === '#/compare') {
        // Its events span one window: the one before has none, and the view says so.
        expect(await page.locator('.view.compare .warning').first().textContent()).toContain(
          'The earlier window has no help',
        );
      }
      await screenshot(page, `large-${route.slice(2).split(/[/?]/)[0]}`);
      await page.close();
    }
  }, 600_000);

  it('prints the brief for 2,000 people on at most two A4 pages', async () => {
    const isolation = (await server.request('/api/v1/isolation', admin)).body;
    const flagged = isolation.people.filter((p: { flags: string[] }) => p.flags.length > 0);
    const html = String((await server.request('/api/v1/brief', admin)).body);
    const page = await browser.page();
    await page.setContent(html);
    expect(await page.locator('body').innerText()).toContain(`People flagged (${flagged.length})`);
    const pages = pdfPages(await page.pdf({ format: 'A4' }));
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.close();
  }, 180_000);

  it('logged no errors in any of the pages above', () => {
    expect(browser.errors).toEqual([]);
  });
});
