/**
 * The dashboard on real data without an org chart (the conlang Stack Exchange dump alone), in a
 * real browser: communities carry names from their topics, the page says there is no org chart
 * to compare with, flows are between communities, and nothing logs an error. Expectations come
 * from the API's own answers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackExchange } from '../connectors/stackexchange/index.ts';
import { dashboard, ensureDashboard } from '../server/plugins/dashboard.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { launchBrowser, screenshot, type Browser } from './browser.ts';
import { CONLANG } from './helpers.ts';

let server: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  await ensureDashboard(() => undefined);
  server = await startServer(
    async (store) => {
      await runImport(store, stackExchange, { path: CONLANG, options: {} });
    },
    {},
    dashboard,
  );
  admin = await server.token('admin');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(route: string): Promise<Page> {
  const page = await browser.page();
  await page.goto(`${server.url}/#token=${encodeURIComponent(admin)}`);
  await page.locator('header.top').waitFor();
  await page.evaluate(`location.hash = ${JSON.stringify(route)}`);
  return page;
}

describe('the dashboard without an org chart', () => {
  it('shows named communities and says there is no org chart to compare with', async () => {
    const report = (await server.request('/api/v1/communities', admin)).body;
    expect(report).not.toHaveProperty('agreement');
    expect(report.communities.length).toBeGreaterThan(0);
    const page = await signedIn('#/communities');
    const cards = page.locator('article.community');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(report.communities.length);
    for (const community of report.communities) {
      expect(community.name).not.toMatch(/^Community \d/);
      const heading = page.locator(`article.community[data-community="${community.id}"] h3`);
      expect(await heading.textContent()).toContain(community.name);
    }
    expect(await page.locator('.agreement').textContent()).toContain('No org chart');
    await screenshot(page, 'communities-no-org-chart');
    await page.close();
    expect(browser.errors).toEqual([]);
  });

  it('shows flows between communities, and between contexts on request', async () => {
    const report = (await server.request('/api/v1/flows', admin)).body;
    expect(report.by).toBe('community');
    const page = await signedIn('#/flows');
    await page.locator('table.heatmap').waitFor();
    expect(await page.locator('.flows h2').textContent()).toBe('Flows between communities');
    const rowHeads = await page.locator('table.heatmap tbody th').allTextContents();
    expect(rowHeads).toEqual(report.teams.map((t: { team: string }) => t.team));
    await page.locator('select[name="by"]').selectOption('context');
    await page.locator('.flows h2', { hasText: 'Flows between contexts' }).waitFor();
    const byContext = (await server.request('/api/v1/flows?by=context', admin)).body;
    await page.locator('table.heatmap').waitFor();
    expect(await page.locator('table.heatmap tbody th').allTextContents()).toEqual(
      byContext.teams.map((t: { team: string }) => t.team),
    );
    await page.close();
    expect(browser.errors).toEqual([]);
  });

  it('names communities in the network legend', async () => {
    const report = (await server.request('/api/v1/communities', admin)).body;
    const page = await signedIn('#/network');
    await page.locator('.sigma[data-drawn="true"]').waitFor({ timeout: 60_000 });
    const legend = await page.locator('.legend-box').textContent();
    for (const community of report.communities) expect(legend).toContain(community.name);
    await page.close();
    expect(browser.errors).toEqual([]);
  });
});
