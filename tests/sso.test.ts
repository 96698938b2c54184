/**
 * Single sign-on end to end: a real OpenID provider (oidc-provider) and the real server with
 * the dashboard, driven in Chromium: Authorization Code with PKCE, roles from the org chart and
 * the configured groups, a clear refusal for someone not in it, httpOnly SameSite=Lax session
 * cookies that expire, CSRF protection, sign-out, and bearer tokens beside it all.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgChart } from '../connectors/org-chart/index.ts';
import { parseOidc } from '../server/deploy/config.ts';
import { dashboard, ensureDashboard } from '../server/plugins/dashboard.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer, type TestServer } from './api-server.ts';
import { launchBrowser, type Browser } from './browser.ts';
import { writeTemp } from './helpers.ts';
import { CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from './oidc-provider.ts';

const ORG = [
  'person,name,email,team,manager,title,joined',
  'ann,Ann Lee,Ann@Example.com,core,,Lead,2020-01-01',
  'bob,Bob Roe,bob@example.com,core,ann,Engineer,2020-01-01',
  'cat,Cat Poe,cat@example.com,data,,Analyst,2020-01-01',
  'dave,Dave Fox,dave@example.com,it,,Admin,2020-01-01',
  'eve,Eve Sun,eve@example.com,core,ann,Engineer,2020-01-01',
].join('\n');

let provider: TestProvider;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureDashboard(() => undefined);
  provider = await startProvider({
    ann: { email: 'ann@example.com', email_verified: true },
    bob: { email: 'bob@example.com', email_verified: true },
    cat: { email: 'cat@example.com', email_verified: true, groups: ['helpflow-analysts'] },
    dave: { email: 'dave@example.com', email_verified: true },
    eve: { email: 'eve@example.com', email_verified: false },
    zed: { email: 'zed@example.com', email_verified: true },
  });
  process.env.HELPFLOW_TEST_OIDC_SECRET = CLIENT_SECRET;
  const oidc = parseOidc(
    {
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      clientSecretEnv: 'HELPFLOW_TEST_OIDC_SECRET',
      scopes: 'openid email profile groups',
      analystGroups: ['helpflow-analysts'],
      adminEmails: ['Dave@example.com'],
    },
    'test',
  );
  server = await startServer(
    async (store) => {
      await runImport(store, orgChart, { path: writeTemp('org.csv', ORG), options: {} });
    },
    { oidc, trustProxy: true },
    dashboard,
  );
  provider.start(`${server.url}/auth/callback`);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider?.close();
});

/** Signs `login` in from the dashboard's button, through the provider's pages. */
async function signInAs(login: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.page({ expected: /401|403/ });
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await page.locator('a.sso').click({ noWaitAfter: true });
  await page.waitForURL(`${provider.issuer}/**`, { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click({ noWaitAfter: true });
  // Then the provider asks for consent; the answer brings the browser back to helpflow.
  await page.locator('button:has-text("Continue")').click({ noWaitAfter: true });
  await page.waitForURL(`${server.url}/**`, { waitUntil: 'domcontentloaded' });
  return page;
}

async function inPage<T>(page: Page, script: string): Promise<T> {
  return page.evaluate(script) as Promise<T>;
}

describe('single sign-on', () => {
  it('signs a manager in from the Sign in button, with a session cookie that is httpOnly and Lax', async () => {
    const page = await signInAs('ann');
    await page.locator('header.top .who').waitFor();
    expect(await page.locator('header.top .who').textContent()).toContain('Ann Lee · manager');
    const cookies = await browser.context.cookies(server.url);
    const session = cookies.find((cookie) => cookie.name === 'helpflow_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    // It expires with the session, eight hours on.
    expect(session.expires * 1000).toBeGreaterThan(Date.now() + 7.9 * 3_600_000);
    expect(session.expires * 1000).toBeLessThan(Date.now() + 8.1 * 3_600_000);
    // The page's script cannot read it.
    expect(await inPage<string>(page, 'document.cookie')).not.toContain('helpflow_session');
    // A manager sees their reporting line by name.
    const people = await inPage<{ people: { person: string; name: string | null }[] }>(
      page,
      `fetch('/api/v1/people').then((r) => r.json())`,
    );
    expect(people.people.find((p) => p.person === 'bob')?.name).toBe('Bob Roe');

    await page.locator('header.top .who button').click();
    await page.locator('a.sso').waitFor();
    expect(await inPage<number>(page, `fetch('/api/v1/session').then((r) => r.status)`)).toBe(401);
    await page.close();
  });

  it('takes roles from configured groups and e-mail lists; a member otherwise', async () => {
    for (const [login, role] of [
      ['cat', 'analyst'],
      ['dave', 'admin'],
      ['bob', 'member'],
    ] as const) {
      const page = await signInAs(login);
      const session = await inPage<{ role: string; person: { person: string } }>(
        page,
        `fetch('/api/v1/session').then((r) => r.json())`,
      );
      expect(session.role, login).toBe(role);
      expect(session.person.person).toBe(login);
      await page.close();
    }
  });

  it('refuses, with a page that says why, someone not in the org chart or with an unverified address', async () => {
    const zed = await signInAs('zed');
    expect(await zed.locator('h1').textContent()).toBe('Not signed in');
    expect(await zed.locator('.reason').textContent()).toContain(
      'You signed in as zed@example.com, but no one with this e-mail address is in helpflow',
    );
    const eve = await signInAs('eve');
    expect(await eve.locator('.reason').textContent()).toContain('has not verified the e-mail');
    expect((await browser.context.cookies(server.url)).map((c) => c.name)).not.toContain(
      'helpflow_session',
    );
    await zed.close();
    await eve.close();
  });

  it('needs the CSRF token for changes by cookie; bearer tokens need none', async () => {
    const page = await signInAs('dave');
    const post = (headers: string) =>
      inPage<{ status: number; code?: string }>(
        page,
        `fetch('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json', ${headers} },
           body: JSON.stringify({ role: 'member', person: 'bob' }) })
           .then(async (r) => ({ status: r.status, code: (await r.json()).code }))`,
      );
    expect(await post('')).toEqual({ status: 403, code: 'HELPFLOW_CSRF' });
    expect(await post(`'x-csrf-token': 'guessed'`)).toEqual({ status: 403, code: 'HELPFLOW_CSRF' });
    const status = await inPage<{ csrfToken: string }>(
      page,
      `fetch('/auth/status').then((r) => r.json())`,
    );
    expect((await post(`'x-csrf-token': ${JSON.stringify(status.csrfToken)}`)).status).toBe(201);
    await page.close();

    const token = await server.token('admin');
    const made = await server.request('/api/v1/tokens', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'member', person: 'bob' }),
    });
    expect(made.status).toBe(201);
  });

  it('ends a session at its expiry', async () => {
    const page = await signInAs('bob');
    expect(await inPage<number>(page, `fetch('/api/v1/session').then((r) => r.status)`)).toBe(200);
    await server.store.run(`UPDATE sessions SET expires_at = now() - INTERVAL 1 MINUTE`);
    // The server remembers a session for five seconds, as it does a token.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(await inPage<number>(page, `fetch('/api/v1/session').then((r) => r.status)`)).toBe(401);
    await page.close();
  });

  it('ends the session of a person who is erased at once, not when its cache expires', async () => {
    const page = await signInAs('cat');
    expect(await inPage<number>(page, `fetch('/api/v1/session').then((r) => r.status)`)).toBe(200);
    const token = await server.token('admin');
    const erased = await server.request('/api/v1/people/cat', token, { method: 'DELETE' });
    expect(erased.status).toBe(200);
    // Within the five seconds the server would otherwise remember the session.
    expect(await inPage<number>(page, `fetch('/api/v1/session').then((r) => r.status)`)).toBe(401);
    await page.close();
  });

  it('behind an https proxy, sends the provider back to https and marks cookies Secure', async () => {
    const response = await fetch(`${server.url}/auth/login`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'helpflow.example.com' },
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('redirect_uri')).toBe(
      'https://helpflow.example.com/auth/callback',
    );
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^helpflow_login=/);
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Secure', 'Path=/auth']) {
      expect(cookie).toContain(attribute);
    }
  });

  it('without OIDC, there is no Sign in button and no login route', async () => {
    const plain = await startServer(async () => undefined);
    try {
      expect((await plain.request('/auth/status')).body).toEqual({
        sso: false,
        signedIn: false,
        csrfToken: null,
      });
      expect((await plain.request('/auth/login')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
