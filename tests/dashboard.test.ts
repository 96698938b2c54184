/**
 * The dashboard in a real browser (Debian's Chromium, headless, WebGL in software) against the
 * real server on a real DuckDB file holding the demo organisation. Expectations come from the
 * API's own answers and the demo's manifest, never from written-down names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from '../demo/generate.ts';
import type { TestServer } from './api-server.ts';
import {
  drawnPixels,
  launchBrowser,
  pdfPages,
  screenshot,
  SCREENSHOTS as SCREENSHOTS_DIR,
  type Browser,
} from './browser.ts';
import { startDashboard } from './dashboard-server.ts';

let server: TestServer;
let manifest: DemoManifest;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  ({ server, manifest } = await startDashboard());
  admin = await server.token('admin');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the demo link for a token, waits for the signed-in page, then goes to `route`. */
async function signedIn(token: string, route = ''): Promise<Page> {
  const page = await browser.page();
  await page.goto(`${server.url}/#token=${encodeURIComponent(token)}`);
  await page.locator('header.top').waitFor();
  if (route) await page.evaluate(`location.hash = ${JSON.stringify(route)}`);
  return page;
}

async function networkDrawn(page: Page) {
  await page.locator('.sigma[data-drawn="true"]').waitFor({ timeout: 60_000 });
}

describe('serving', () => {
  it('serves the app under a policy with no inline script, over plain HTTP too', async () => {
    const page = await server.request('/');
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    // Plain HTTP on a LAN address: the app's own scripts must not be sent to https://.
    expect(policy).not.toContain('upgrade-insecure-requests');
    const scripts = [...String(page.body).matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/src="\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    // A view's address works on reload; unknown API paths stay API errors.
    expect((await server.request('/network/anything')).body).toBe(page.body);
    const missing = await server.request('/api/v1/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('HELPFLOW_NO_ROUTE');
    // The API has the same policy: no inline script either.
    expect(
      (await server.request('/api/v1/health')).headers.get('content-security-policy'),
    ).toContain("script-src 'self'");
  });
});

describe('sign-in', () => {
  it('signs in from the demo link, then takes the token out of the address', async () => {
    const page = await signedIn(admin);
    expect(page.url()).not.toContain('token=');
    expect(await page.locator('header.top .who').textContent()).toContain('admin');
    const stored = await page.evaluate(`sessionStorage.getItem('helpflow.token')`);
    expect(stored).toBe(admin);
    await page.close();
  });

  it('refuses a wrong token with the sign-in form and says why', async () => {
    const page = await browser.page({ expected: /status of 401/ });
    await page.goto(`${server.url}/#token=hf_not_a_real_token`);
    await page.locator('form.sign-in [role="alert"]').waitFor();
    expect(await page.locator('form.sign-in [role="alert"]').textContent()).toMatch(/not accepted/);
    expect(await page.evaluate(`sessionStorage.getItem('helpflow.token')`)).toBeNull();
    await page.close();
  });
});

describe('roles', () => {
  it('shows an analyst the network pseudonymised, and no upload', async () => {
    const analyst = await server.token('analyst');
    const page = await signedIn(analyst);
    await networkDrawn(page);
    const views = await page.locator('header nav a').allTextContents();
    expect(views).not.toContain('My team');
    expect(await page.locator('#network-search').isDisabled()).toBe(true);
    const first = await page.locator('.ranking tbody tr').first().textContent();
    expect(first).toMatch(/^someone in /);
    await page.evaluate(`location.hash = '#/imports'`);
    await page.locator('table.import-history').waitFor();
    expect(await page.locator('#import-file').count()).toBe(0);
    await page.close();
  });

  it('shows a member their own page and the expert directory only', async () => {
    const person = manifest.teams[0]!.members[1]!;
    const member = await server.token('member', person);
    const page = await signedIn(member);
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Me', 'Experts']);
    await page.locator(`article.person[data-person="${person}"]`).waitFor();
    await page.close();
  });
});

describe('network', () => {
  it('draws the demo organisation on the WebGL canvas', async () => {
    const page = await signedIn(admin);
    await networkDrawn(page);
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const summary = await page.locator('.network .summary').textContent();
    expect(summary).toContain(`${graph.nodes.id.length} people`);
    expect(summary).toContain(`${graph.edges.source.length} help ties`);
    const png = await screenshot(page, 'network-demo', '.stage-wrap');
    const { drawn, total, colours } = drawnPixels(png);
    // 300 people and 700 ties cover a good part of the canvas, in the community colours.
    expect(drawn / total).toBeGreaterThan(0.02);
    expect(colours.size).toBeGreaterThan(20);
    // The table beside the picture ranks the people the server says help most.
    const top = graph.nodes.helpGiven.indexOf(Math.max(...graph.nodes.helpGiven));
    expect(await page.locator('.ranking tbody tr').first().textContent()).toContain(
      graph.nodes.label[top],
    );
    // Beside it, the people the isolation report flags, as the server sent them.
    const flagged = graph.nodes.flags.filter((flags: string[]) => flags.length > 0).length;
    expect(await page.locator('table.flagged-nodes').getAttribute('data-rows')).toBe(
      String(flagged),
    );
    await page.close();
  });
});

describe('network controls', () => {
  it('hides people without ties, then light ties and people with few partners, and says so', async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const n = graph.nodes.id.length;
    const { source, target, weight } = graph.edges as Record<
      'source' | 'target' | 'weight',
      number[]
    >;
    /** People and ties left by a minimum weight and degree, counted here from the API's arrays. */
    const left = (minWeight: number, minDegree: number, hideUnconnected: boolean) => {
      const partners = Array.from({ length: n }, () => new Set<number>());
      source.forEach((s, j) => {
        if (weight[j]! < minWeight) return;
        partners[s]!.add(target[j]!);
        partners[target[j]!]!.add(s);
      });
      const kept = partners.map(
        (set) => set.size >= minDegree && !(hideUnconnected && set.size === 0),
      );
      const ties = source.filter((s, j) => weight[j]! >= minWeight && kept[s] && kept[target[j]!]);
      return { people: kept.filter(Boolean).length, ties: ties.length };
    };
    const unconnected = left(0, 0, false).people - left(0, 0, true).people;
    const page = await signedIn(admin);
    await networkDrawn(page);
    const controls = page.locator('fieldset.show-controls');
    const hide = controls.locator('input[name="hideUnconnected"]');
    expect(await controls.textContent()).toContain(`Hide people without ties (${unconnected})`);
    expect(await hide.isChecked()).toBe(unconnected >= 10);
    if (!(await hide.isChecked())) await hide.check();

    const summary = page.locator('.network .summary');
    const weights = [...weight].sort((a, b) => a - b);
    const median = weights[Math.floor(weights.length / 2)]!;
    await controls.locator('input[name="minWeight"]').fill(String(median));
    await controls.locator('input[name="minWeight"]').press('Enter');
    let expected = left(median, 0, true);
    await expect
      .poll(() => summary.textContent())
      .toContain(`Showing ${expected.people} people and ${expected.ties} ties`);
    await controls.locator('input[name="minDegree"]').fill('3');
    await controls.locator('input[name="minDegree"]').press('Enter');
    expected = left(median, 3, true);
    await expect
      .poll(() => summary.textContent())
      .toContain(`Showing ${expected.people} people and ${expected.ties} ties`);
    // The ranking beside the picture lists who is drawn.
    expect(await page.locator('.ranking table.data').first().getAttribute('data-rows')).toBe(
      String(expected.people),
    );
    // The k-core control goes up to the graph's degeneracy and keeps fewer people the higher it is.
    await controls.locator('input[name="minCore"]').fill('2');
    await controls.locator('input[name="minCore"]').press('Enter');
    const core2 = Number(
      await page.locator('.ranking table.data').first().getAttribute('data-rows'),
    );
    expect(core2).toBeLessThanOrEqual(expected.people);
    expect(core2).toBeGreaterThan(0);
    await screenshot(page, 'network-controls');
    await page.close();
  });

  it('shows more names as the reader zooms in, and names the communities in the legend', async () => {
    const communities = (await server.request('/api/v1/communities', admin)).body;
    const page = await signedIn(admin);
    await networkDrawn(page);
    const stage = page.locator('.sigma');
    const labels = async () => Number(await stage.getAttribute('data-labels'));
    await expect.poll(labels).toBeGreaterThan(10);
    const before = await labels();
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 3; i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(300);
    }
    await expect.poll(labels).not.toBe(before);
    // Legend entries are the largest communities, by name, with their people.
    const largest = communities.communities[0];
    const legend = page.locator('.legend li').first();
    await expect.poll(() => legend.textContent()).toBe(`${largest.name} (${largest.size})`);
    await page.close();
  });

  it('counts people, not communities, in the community-level legend', async () => {
    const levels = (await server.request('/api/v1/graph?level=communities', admin)).body;
    const page = await signedIn(admin, '#/network?level=communities');
    await networkDrawn(page);
    const sizes = [...levels.nodes.size].sort((a: number, b: number) => b - a);
    const first = await page.locator('.legend li').first().textContent();
    expect(first).toMatch(new RegExp(`\\(${sizes[0]}\\)$`));
    // The table header counts what it holds.
    expect(await page.locator('.ranking caption').first().textContent()).toBe(
      `Communities, largest first (${sizes.length})`,
    );
    await page.close();
  });
});

describe('community-level network', () => {
  it('draws communities first and expands the one clicked into its people', async () => {
    const levels = (await server.request('/api/v1/graph?level=communities', admin)).body;
    const page = await signedIn(admin, '#/network?level=communities');
    await networkDrawn(page);
    const summary = page.locator('.network .summary');
    expect(await summary.textContent()).toContain(`${levels.nodes.id.length} communities`);
    // The ranking lists the largest community first; choosing it draws its people.
    const largest = levels.nodes.size.indexOf(Math.max(...levels.nodes.size));
    await page.locator('.ranking tbody tr').first().getByRole('button').click();
    await expect
      .poll(() => summary.textContent(), { timeout: 30_000 })
      .toContain(`${levels.nodes.size[largest]} people`);
    // Communities are named by what their members share, as the server named them.
    expect(levels.nodes.label[largest]).not.toMatch(/^Community \d/);
    expect(await summary.textContent()).toContain(
      `in the community “${levels.nodes.label[largest]}”`,
    );
    await networkDrawn(page);
    await screenshot(page, 'network-community-expanded');
    await page.getByRole('button', { name: 'Back to all communities' }).click();
    await expect.poll(() => summary.textContent()).toContain('communities');
    await page.close();
  });
});

describe('exports', () => {
  it('saves the drawn network as PNG and the graph as GEXF', async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const page = await signedIn(admin);
    await networkDrawn(page);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export PNG' }).click(),
    ]);
    const picture = drawnPixels(readFileSync((await png.path())!));
    expect(picture.drawn / picture.total).toBeGreaterThan(0.02);
    const [gexf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export GEXF' }).click(),
    ]);
    const file = parseGexf(DirectedGraph, readFileSync((await gexf.path())!, 'utf8'));
    expect(file.order).toBe(graph.nodes.id.length);
    expect(file.size).toBe(graph.edges.source.length);
    const top = graph.nodes.helpGiven.indexOf(Math.max(...graph.nodes.helpGiven));
    expect(file.getNodeAttribute(graph.nodes.id[top], 'label')).toBe(graph.nodes.label[top]);
    expect(file.getNodeAttribute(graph.nodes.id[top], 'team')).toBe(graph.nodes.team[top]);
    await page.close();
  });
});

describe('brief', () => {
  it('downloads the brief for leadership, which prints to at most two A4 pages with the figures', async () => {
    const isolation = (await server.request('/api/v1/isolation', admin)).body;
    const flows = (await server.request('/api/v1/flows', admin)).body;
    const flagged = isolation.people.filter((p: { flags: string[] }) => p.flags.length > 0);
    const page = await signedIn(admin);
    await networkDrawn(page);
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: 'Brief for leadership' }).click(),
    ]);
    const html = readFileSync((await file.path())!, 'utf8');
    // Self-contained: no script, nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain('<svg');
    const print = await browser.page();
    await print.setContent(html);
    const text = (await print.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(`People flagged (${flagged.length})`);
    expect(text).toContain(flagged[0].name);
    const heaviest = flows.flows
      .filter((f: { from: string; to: string }) => f.from !== f.to)
      .sort((a: { weight: number }, b: { weight: number }) => b.weight - a.weight)[0];
    expect(text).toContain(`${heaviest.from} → ${heaviest.to}`);
    const pdf = await print.pdf({ format: 'A4' });
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(1);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(2);
    await print.setViewportSize({ width: 800, height: 1130 });
    await screenshot(print, 'brief');
    writeFileSync(join(SCREENSHOTS_DIR, 'brief.pdf'), pdf);
    await print.close();
    // An analyst's brief names none of the flagged people: the API's rules, unchanged.
    const analyst = await server.token('analyst');
    const theirs = String((await server.request('/api/v1/brief', analyst)).body);
    // (Experts are named for every role, as in the expert directory: only the flagged part.)
    const part = theirs.slice(theirs.indexOf('People flagged'), theirs.indexOf('Communities ('));
    expect(part).toContain(`People flagged (${flagged.length})`);
    expect(part).toContain('someone in ');
    for (const p of flagged) expect(part).not.toContain(p.name);
    await page.close();
  });
});

describe('filters', () => {
  it('redraws the network for one team and a date range', async () => {
    const team = manifest.teams[0]!.name;
    const expected = (
      await server.request(`/api/v1/graph?team=${team}&from=2026-09-01&to=2026-10-01`, admin)
    ).body;
    const page = await signedIn(admin);
    await networkDrawn(page);
    const form = page.locator('.network form.filters');
    await form.locator('input[name="team"]').fill(team);
    await form.locator('input[name="from"]').fill('2026-09-01');
    // The form's end date is inclusive: the last day of September.
    await form.locator('input[name="to"]').fill('2026-09-30');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('.network .summary').textContent(), { timeout: 30_000 })
      .toContain(
        `${expected.nodes.id.length} people and ${expected.edges.source.length} help ties`,
      );
    expect(await page.locator('.network .summary').textContent()).toContain(
      '1 Sept – 30 Sept 2026',
    );
    await networkDrawn(page);
    await page.close();
  });
});

describe('person', () => {
  it('finds a person by name, flies to them and opens their panel; a click on them opens it again', async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    // The most helpful person: well connected, so the test sees their partners too.
    const i = graph.nodes.helpGiven.indexOf(Math.max(...graph.nodes.helpGiven));
    const [id, name] = [graph.nodes.id[i], graph.nodes.label[i]];
    const person = (await server.request(`/api/v1/people/${id}`, admin)).body;
    const page = await signedIn(admin);
    await networkDrawn(page);
    await page.locator('#network-search').fill(name.slice(0, -1));
    await page.locator('#network-search').press('Enter');
    const panel = page.locator(`.person-panel article.person[data-person="${id}"]`);
    await panel.waitFor();
    expect(await panel.locator('.person-name').textContent()).toBe(name);
    const helps = panel.locator('table caption', { hasText: 'Helps' });
    expect(await helps.textContent()).toContain(`(${person.helps.length})`);
    await screenshot(page, 'network-person-panel');

    await page.locator('.person-panel button.close').click();
    await expect.poll(() => page.locator('.person-panel article').count()).toBe(0);
    // The camera flew to them: they are at the centre of the picture.
    await page.waitForTimeout(700);
    const box = (await page.locator('.sigma').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await panel.waitFor();
    await page.close();
  });

  it("draws a hub's ego network strongest partners first, a ring at a time", async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const i = graph.nodes.helpGiven.indexOf(Math.max(...graph.nodes.helpGiven));
    const id = graph.nodes.id[i];
    const person = (await server.request(`/api/v1/people/${id}`, admin)).body;
    const strength = new Map<string, number>();
    // Ties point at positions in the node list.
    const at = (i: number) => person.ego.nodes[i].person as string;
    for (const e of person.ego.edges as { source: number; target: number; weight: number }[]) {
      const [source, target] = [at(e.source), at(e.target)];
      if (source !== id && target !== id) continue;
      const other = source === id ? target : source;
      strength.set(other, (strength.get(other) ?? 0) + e.weight);
    }
    const ranked = [...strength].sort((a, b) => b[1] - a[1]);
    expect(ranked.length).toBeGreaterThan(12);
    const page = await signedIn(admin, `#/person/${id}`);
    const ego = page.locator('figure.ego-figure');
    await ego.waitFor();
    const circles = ego.locator('circle');
    expect(await circles.count()).toBe(13);
    // The strongest partner is drawn first after the person, and named.
    expect(await circles.nth(1).getAttribute('data-person')).toBe(ranked[0]![0]);
    await ego.getByRole('button', { name: /^Show \d+ more$/ }).click();
    expect(await circles.count()).toBe(1 + Math.min(24, ranked.length));
    await screenshot(page, 'person-ego', 'figure.ego-figure');
    await page.close();
  });

  it('opens the full person page with metrics, reasons and partners', async () => {
    const flagged = (await server.request('/api/v1/isolation', admin)).body.people.find(
      (p: { flags: string[] }) => p.flags.includes('fading'),
    );
    const page = await signedIn(admin, `#/person/${flagged.person}`);
    const article = page.locator(`article.person[data-person="${flagged.person}"]`);
    await article.waitFor();
    expect(await article.locator('h2').textContent()).toBe(flagged.name);
    for (const reason of flagged.reasons) {
      expect(await article.locator('.reasons').textContent()).toContain(reason);
    }
    await screenshot(page, 'person-page');
    await page.close();
  });
});

describe('my team', () => {
  it("lists the demo's planted isolated people with the server's reasons, for their manager", async () => {
    // The head of the organisation manages everyone: every planted person is in their line.
    const manager = await server.token('manager', manifest.head);
    const report = (await server.request('/api/v1/isolation', manager)).body;
    const page = await signedIn(manager);
    expect(page.url()).toContain('#/team');
    const rows = page.locator('table.flagged tbody tr');
    await rows.first().waitFor();
    for (const { person } of manifest.isolated) {
      const expected = report.people.find((p: { person: string }) => p.person === person);
      if (!expected) {
        // Planted as never active: no tie in any window, listed apart.
        const entry = report.neverActive.find((p: { person: string }) => p.person === person);
        const item = page.locator(`.never-active [data-person="${person}"]`);
        expect(await item.textContent()).toContain(entry.name);
        continue;
      }
      const row = page.locator(`table.flagged tr[data-person="${person}"]`);
      expect(await row.count(), person).toBe(1);
      expect(await row.locator('a').first().textContent()).toBe(expected.name);
      const text = await row.textContent();
      for (const flag of expected.flags) expect(text).toContain(flag);
      for (const reason of expected.reasons) expect(text).toContain(reason);
    }
    // The trend and the suggestion arrive after the list, without moving it.
    const first = rows.first();
    const firstId = (await first.getAttribute('data-person'))!;
    const weeks = (await server.request(`/api/v1/people/${firstId}`, manager)).body.weeks;
    await first.locator('.trend-cell .trend').waitFor({ timeout: 30_000 });
    expect(await first.locator('.trend-cell svg').count()).toBe(weeks.length > 0 ? 1 : 0);
    if (weeks.length === 0) {
      expect(await first.locator('.trend-cell').textContent()).toContain('no help partners');
    }
    await expect
      .poll(() => first.locator('.suggestion-cell').textContent(), { timeout: 30_000 })
      .toMatch(/^(Introduce them to|No one to suggest)/);
    await screenshot(page, 'my-team');
    await page.close();
  });
});

describe('tables', () => {
  /** The rows of a downloaded CSV (RFC 4180, as the table writes it), header first. */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted && c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) cell += c;
      else if (c === ',' || c === '\n') {
        row.push(cell);
        cell = '';
        if (c === '\n') {
          rows.push(row);
          row = [];
        }
      }
    }
    return rows;
  }

  it('groups My team by flag, sorts, filters and downloads what matches as CSV', async () => {
    const manager = await server.token('manager', manifest.head);
    const report = (await server.request('/api/v1/isolation', manager)).body;
    type Row = { person: string; name: string; flags: string[]; ties: { partners: number } };
    const flagged: Row[] = report.people.filter((p: Row) => p.flags.length > 0);
    const page = await signedIn(manager, '#/team');
    const table = page.locator('table.flagged');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.getAttribute('data-rows')).toBe(String(flagged.length));

    // One chip per flag, with the server's count; choosing one keeps its people only.
    const fading = flagged.filter((p) => p.flags.includes('fading'));
    const chip = page.locator('.groups button[data-group="fading"]');
    expect(await chip.textContent()).toBe(`fading (${fading.length})`);
    await chip.click();
    expect(await table.getAttribute('data-rows')).toBe(String(fading.length));
    expect(await chip.getAttribute('aria-pressed')).toBe('true');
    await page.locator('.groups button[data-group="All"]').click();

    // Sorting by partners now: the first click puts the most connected first.
    await table.getByRole('button', { name: 'Partners now' }).click();
    const most = Math.max(...flagged.map((p) => p.ties.partners));
    const firstId = await table.locator('tbody tr').first().getAttribute('data-person');
    expect(flagged.find((p) => p.person === firstId)!.ties.partners).toBe(most);
    expect(await table.locator('th[aria-sort="descending"]').textContent()).toBe('Partners now');

    // The CSV has every row that matches, in the order shown, with the figures unformatted.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.data-table', { has: table })
        .getByRole('button', { name: 'Download CSV' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('helpflow-flagged-people.csv');
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(csv[0]).toEqual([
      'Person',
      'Flags and reasons',
      'Partners before',
      'Partners now',
      'Last active, former partners',
      'Weekly trend',
      'Suggestion',
    ]);
    expect(csv.length - 1).toBe(flagged.length);
    expect(csv.slice(1).map((row) => Number(row[3]))).toEqual(
      [...flagged.map((p) => p.ties.partners)].sort((a, b) => b - a),
    );

    // Filtering by a name leaves that person.
    const someone = flagged[flagged.length - 1]!;
    if (flagged.length >= 11) {
      await page
        .locator('.data-table', { has: table })
        .locator('input[type="search"]')
        .fill(someone.name);
      expect(await table.locator(`tbody tr[data-person="${someone.person}"]`).count()).toBe(1);
    }
    await screenshot(page, 'my-team-table');
    await page.close();
  });

  it('pages a long table and keeps the rest a click away', async () => {
    const graph = (await server.request('/api/v1/graph', admin)).body;
    const page = await signedIn(admin);
    await networkDrawn(page);
    const ranking = page.locator('.ranking .data-table').first();
    const people = graph.nodes.id.length;
    expect(await ranking.locator('.table-status').textContent()).toBe(`Showing 1–10 of ${people}`);
    expect(await ranking.locator('tbody tr').count()).toBe(10);
    await ranking.getByRole('button', { name: 'Next' }).click();
    expect(await ranking.locator('.table-status').textContent()).toBe(`Showing 11–20 of ${people}`);
    // The eleventh most helpful person heads the second page.
    const order = [...graph.nodes.helpGiven.keys()].sort(
      (a: number, b: number) => graph.nodes.helpGiven[b] - graph.nodes.helpGiven[a] || a - b,
    );
    expect(await ranking.locator('tbody tr').first().textContent()).toContain(
      graph.nodes.label[order[10]],
    );
    await page.close();
  });
});

describe('follow a flag', () => {
  it('goes from a flagged person on My team to whom they lost and gained, week by week', async () => {
    const manager = await server.token('manager', manifest.head);
    const report = (await server.request('/api/v1/isolation', manager)).body;
    const fading = report.people.find((p: { flags: string[] }) => p.flags.includes('fading'));
    const follow = (await server.request(`/api/v1/people/${fading.person}/follow-up`, manager))
      .body;
    expect(follow.lost.length).toBeGreaterThan(0);
    const page = await signedIn(manager, '#/team');
    await page.locator('.groups button[data-group="fading"]').click();
    const row = page.locator(`table.flagged tr[data-person="${fading.person}"]`);
    if ((await row.count()) === 0) {
      await page.locator('.data-table input[type="search"]').first().fill(fading.name);
    }
    await row.getByRole('link', { name: 'Follow up' }).click();
    const article = page.locator(`article.follow[data-person="${fading.person}"]`);
    await article.waitFor();
    for (const reason of fading.reasons) {
      expect(await article.locator('.reasons').textContent()).toContain(reason);
    }
    expect(await article.locator('.summary').textContent()).toContain(
      `${follow.lost.length} partner${follow.lost.length === 1 ? '' : 's'} lost`,
    );
    const lost = article.locator('table.lost');
    expect(await lost.getAttribute('data-rows')).toBe(String(follow.lost.length));
    const strongest = follow.lost[0];
    const first = lost.locator('tbody tr').first();
    expect(await first.textContent()).toContain(strongest.name ?? `someone in ${strongest.team}`);
    expect(await first.textContent()).toContain(strongest.lastAt.slice(0, 10));
    // The timeline covers both windows, week by week, with the start of this one marked.
    expect(await article.locator('svg.week-chart line.cut').count()).toBe(1);
    expect(await article.locator('table.weeks').getAttribute('data-rows')).toBe(
      String(follow.weeks.length),
    );
    await screenshot(page, 'follow-up');
    await page.close();
  });
});

describe('compare', () => {
  /** A window's ties, keyed helper>helped, as the API sends them for admin. */
  async function tiesOf(query: string): Promise<Set<string>> {
    const graph = (await server.request(`/api/v1/graph?level=people&${query}`, admin)).body;
    const { id } = graph.nodes;
    return new Set(
      graph.edges.source.map((s: number, k: number) => `${id[s]}>${id[graph.edges.target[k]]}`),
    );
  }

  it('sets the latest window beside the one before: ties, flags, communities and flows', async () => {
    const { window } = (await server.request('/api/v1/graph?level=people', admin)).body;
    const length = Date.parse(window.to) - Date.parse(window.from);
    const previous = {
      from: new Date(Date.parse(window.from) - length).toISOString(),
      to: window.from,
    };
    const after = await tiesOf(`from=${window.from}&to=${window.to}`);
    const before = await tiesOf(`from=${previous.from}&to=${previous.to}`);
    const gained = [...after].filter((t) => !before.has(t)).length;
    const lost = [...before].filter((t) => !after.has(t)).length;
    expect(gained + lost).toBeGreaterThan(0);
    const flagsOf = async (w: { from: string; to: string }) =>
      new Map<string, string>(
        (
          await server.request(`/api/v1/isolation?from=${w.from}&to=${w.to}`, admin)
        ).body.people.map((p: { person: string; flags: string[] }) => [
          p.person,
          [...p.flags].sort().join(),
        ]),
      );
    const [flagsBefore, flagsAfter] = [await flagsOf(previous), await flagsOf(window)];
    const changed = [...new Set([...flagsBefore.keys(), ...flagsAfter.keys()])].filter(
      (p) => (flagsBefore.get(p) ?? '') !== (flagsAfter.get(p) ?? ''),
    ).length;
    // The communities report compares with any window asked for; the default is the one before.
    const communities = (await server.request('/api/v1/communities', admin)).body;
    const asked = (
      await server.request(
        `/api/v1/communities?previousFrom=${previous.from}&previousTo=${previous.to}`,
        admin,
      )
    ).body;
    expect(asked.changes).toEqual(communities.changes);
    const half = await server.request(`/api/v1/communities?previousFrom=${previous.from}`, admin);
    expect(half.status).toBe(400);
    expect(half.body.field).toBe('previousTo');

    const page = await signedIn(admin, '#/compare');
    await page.locator('table.compare-figures').waitFor({ timeout: 60_000 });
    const words = await page.locator('.changes-in-words').textContent();
    expect(words).toContain(`${gained.toLocaleString('en')} new tie`);
    expect(words).toContain(`${lost.toLocaleString('en')} lost tie`);
    expect(Number(await page.locator('table.compare-flags').getAttribute('data-rows'))).toBe(
      changed,
    );
    expect(Number(await page.locator('table.compare-ties').getAttribute('data-rows'))).toBe(
      gained + lost,
    );
    const events = communities.changes.filter((c: { status: string }) => c.status !== 'stable');
    if (communities.changesJudged) {
      expect(
        Number(await page.locator('table.compare-communities').getAttribute('data-rows')),
      ).toBe(events.length);
    }
    expect(await page.locator('table.compare-flows tbody tr').count()).toBeGreaterThan(0);
    await page.locator('.compare-stage[data-drawn="true"]').waitFor({ timeout: 60_000 });
    const png = await screenshot(page, 'compare', '.compare-figure');
    // Gained (green), lost (red) and kept (grey) ties: several colours drawn.
    expect(drawnPixels(png).colours.size).toBeGreaterThan(3);
    await screenshot(page, 'compare-page');
    await page.close();
  });

  it('compares two chosen ranges, pseudonymised for an analyst', async () => {
    const analyst = await server.token('analyst');
    const page = await signedIn(
      analyst,
      '#/compare?beforeFrom=2026-06-01&beforeTo=2026-06-30&from=2026-09-01&to=2026-09-30',
    );
    await page.locator('table.compare-figures').waitFor({ timeout: 60_000 });
    expect(await page.locator('.view.compare .summary').textContent()).toBe(
      'Before: 1 Jun – 30 Jun 2026. After: 1 Sept – 30 Sept 2026.',
    );
    const people = await page.locator('table.compare-flags tbody td:first-child').allTextContents();
    for (const name of people) expect(name).toMatch(/^someone/);
    await page.close();
  });
});

describe('time slider', () => {
  it('steps the network window a week back and forward, keeping its length', async () => {
    const { window } = (await server.request('/api/v1/graph', admin)).body;
    const week = 7 * 86_400_000;
    const to = Date.parse(window.to) - week;
    const from = to - (Date.parse(window.to) - Date.parse(window.from));
    const day = (time: number) => new Date(time).toISOString().slice(0, 10);
    const page = await signedIn(admin);
    await networkDrawn(page);
    await page.getByRole('button', { name: 'One week earlier' }).click();
    const form = page.locator('.network form.filters');
    await expect.poll(() => form.locator('input[name="from"]').inputValue()).toBe(day(from));
    expect(await form.locator('input[name="to"]').inputValue()).toBe(day(to - 1));
    await expect.poll(() => page.locator('.slider-window').textContent()).toContain('1 week back');
    await networkDrawn(page);
    await page.getByRole('button', { name: 'One week later' }).click();
    await expect.poll(() => page.locator('.slider-window').textContent()).toContain('(latest)');
    expect(await form.locator('input[name="from"]').inputValue()).toBe('');
    await page.close();
  });
});

describe('flows', () => {
  it('renders the team × team heat map with the E-I index, flows and brokers', async () => {
    const report = (await server.request('/api/v1/flows', admin)).body;
    const page = await signedIn(admin, '#/flows');
    const cells = page.locator('table.heatmap tbody td');
    await cells.first().waitFor();
    const teams = report.teams.length;
    expect(await cells.count()).toBe(teams * teams);
    // The heaviest flow is the darkest cell and shows its figure.
    const heaviest = report.flows.reduce((a: { weight: number }, b: { weight: number }) =>
      b.weight > a.weight ? b : a,
    );
    const cell = page.locator(`table.heatmap td[data-weight="${heaviest.weight}"]`).first();
    expect(await cell.getAttribute('style')).toContain('background: rgb(140, 45, 4)');
    expect(await page.locator('table.ei tbody tr').count()).toBe(teams);
    expect(await page.locator('table.brokers tbody tr').count()).toBeGreaterThan(0);
    const png = await screenshot(page, 'flows-heat-map', 'table.heatmap');
    expect(drawnPixels(png).colours.size).toBeGreaterThan(4);
    await page.close();
  });
});

describe('a long first look', () => {
  it('counts the wait after a few seconds and says why, then shows the report', async () => {
    const page = await signedIn(admin);
    // Held 4.5 s, as a cold report of a large organisation is.
    await page.route('**/api/v1/flows*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 4500));
      await route.continue();
    });
    await page.evaluate(`location.hash = '#/flows'`);
    const state = page.locator('.state.loading');
    await state.locator('.hint').waitFor({ timeout: 10_000 });
    expect(await state.locator('.hint').textContent()).toContain('later looks come from the cache');
    expect(await state.locator('.elapsed').textContent()).toMatch(/^ [3-9] s$/);
    await page.locator('table.heatmap tbody td').first().waitFor();
    expect(await page.locator('.state.loading').count()).toBe(0);
    await page.close();
  });
});

describe('experts', () => {
  it('ranks the people who help on a topic, with the evidence and the bus factor', async () => {
    // The first planted expert topic that has help in the default window.
    let topic = '';
    let report;
    for (const planted of manifest.experts) {
      topic = planted.topic;
      report = (await server.request(`/api/v1/experts?topic=${topic}`, admin)).body;
      if (report.experts.length > 1) break;
    }
    const page = await signedIn(admin, '#/experts');
    await page.locator('#expert-topic').fill(topic);
    await page.locator('#expert-topic').press('Enter');
    const rows = page.locator('table.experts-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(report.experts.length);
    expect(await rows.first().textContent()).toContain(report.experts[0].name);
    expect(await rows.first().textContent()).toContain(
      `${report.experts[0].evidence.interactions} interaction`,
    );
    const share = Math.round(report.busFactor.top1Share * 100);
    expect(await page.locator('.bus-factor').textContent()).toContain(`${share}%`);
    await screenshot(page, 'experts');
    await page.close();
  });
});

describe('communities', () => {
  it('describes each community and opens one in the network', async () => {
    const report = (await server.request('/api/v1/communities', admin)).body;
    const page = await signedIn(admin, '#/communities');
    const cards = page.locator('article.community');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(report.communities.length);
    const largest = report.communities.reduce((a: { size: number }, b: { size: number }) =>
      b.size > a.size ? b : a,
    );
    const card = page.locator(`article.community[data-community="${largest.id}"]`);
    expect(await card.locator('h3').textContent()).toContain(`${largest.size} people`);
    expect(await card.textContent()).toContain(largest.keyPeople[0].name);
    expect(await page.locator('.agreement').textContent()).toContain(
      report.agreement.nmi.toFixed(2),
    );
    await screenshot(page, 'communities');
    await card.getByRole('link', { name: 'Show in the network' }).click();
    await networkDrawn(page);
    expect(await page.locator('.network .summary').textContent()).toContain(
      `${largest.size} people`,
    );
    await page.close();
  });
});

describe('imports', () => {
  /** An interchange CSV of `rows` help events among the demo's people, and one self-help row. */
  function interchangeCsv(rows: number): string {
    const people = manifest.teams.flatMap((team) => team.members);
    const lines = ['id,helper,helped,at,kind,topic,context'];
    for (let i = 0; i < rows; i++) {
      const helper = people[i % people.length]!;
      const helped = people[(i * 7 + 3) % people.length]!;
      if (helper === helped) continue;
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`up-${i},${helper},${helped},2026-09-${day}T10:00:00Z,reply,uploads,#uploads`);
    }
    lines.push(`up-self,${people[0]},${people[0]},2026-09-01T10:00:00Z,reply,uploads,#uploads`);
    return `${lines.join('\n')}\n`;
  }

  it('uploads an export, shows its progress, then what was stored and skipped', async () => {
    const path = join(server.dir, 'uploaded-interactions.csv');
    writeFileSync(path, interchangeCsv(60_000));
    const page = await signedIn(admin, '#/imports');
    await page.locator('#import-connector').selectOption('interactions');
    const status = page.locator('.import-status');
    const states: string[] = [];
    const watching = (async () => {
      while (!['succeeded', 'failed'].includes(states.at(-1) ?? '')) {
        const state = await status.getAttribute('data-state');
        if (state && state !== states.at(-1)) states.push(state);
        await page.waitForTimeout(20);
      }
    })();
    await page.locator('#import-file').setInputFiles(path);
    await status.locator('.import-summary').waitFor({ timeout: 120_000 });
    await watching;
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('succeeded');
    const latest = (await server.request('/api/v1/imports', admin)).body.imports[0];
    expect(latest.connector).toBe('interactions');
    const stored = status.locator('table.stored tr', { hasText: 'interactions stored' });
    expect(await stored.textContent()).toContain(
      latest.counts.interactionsStored.toLocaleString('en'),
    );
    const skipped = status.locator('table.skipped tbody tr');
    expect(await skipped.count()).toBe(Object.keys(latest.skipped).length);
    expect(await page.locator('table.import-history tbody tr').first().textContent()).toContain(
      'uploaded-interactions.csv',
    );
    await screenshot(page, 'import-uploaded');
    await page.close();
  });

  it('shows a failed import with the line and field at fault', async () => {
    const path = join(server.dir, 'bad-interactions.csv');
    writeFileSync(
      path,
      'id,helper,helped,at,kind,topic,context\nb1,p0001,p0002,2026-13-45,reply,go,x\n',
    );
    const page = await signedIn(admin, '#/imports');
    await page.locator('#import-connector').selectOption('interactions');
    await page.locator('#import-file').setInputFiles(path);
    const alert = page.locator('.import-status [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('line 2');
    expect(text).toContain('"at"');
    await page.close();
  });
});

describe('console', () => {
  it('logged no errors in any of the pages above', () => {
    expect(browser.errors.slice(0, 5)).toEqual([]);
  });
});
