import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { Reports } from '../server/reports/reports.ts';
import { readRoster } from '../server/store/analytics-queries.ts';
import type { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer } from './api-server.ts';
import { helpflow } from './cli-helpers.ts';
import { openStore, snapshot, tempDir, writeTemp } from './helpers.ts';

/**
 * Issue 13, item 4: the org chart keeps history. Each chart is in force from its `--as-of` date;
 * a report reads the teams and managers in force at its window's end; someone missing from a
 * newer chart has left from its date and is never flagged after.
 */

const HEADER = 'person,name,email,team,manager,title,joined';

/** Two teams of five, in force from the start of 2026. */
const CHART_2026 = [
  HEADER,
  'lead,Lea,,alpha,,Lead,2020-01-01',
  ...['a1', 'a2', 'a3', 'a4'].map((p) => `${p},${p},,alpha,lead,Engineer,2020-01-01`),
  'boss,Bo,,beta,,Lead,2020-01-01',
  ...['b1', 'b2', 'b3', 'b4'].map((p) => `${p},${p},,beta,boss,Engineer,2020-01-01`),
].join('\n');

/** The November reorg: a1 moves to beta under boss, b4 is gone. */
const CHART_NOVEMBER = [
  HEADER,
  'lead,Lea,,alpha,,Lead,2020-01-01',
  ...['a2', 'a3', 'a4'].map((p) => `${p},${p},,alpha,lead,Engineer,2020-01-01`),
  'a1,a1,,beta,boss,Engineer,2020-01-01',
  'boss,Bo,,beta,,Lead,2020-01-01',
  ...['b1', 'b2', 'b3'].map((p) => `${p},${p},,beta,boss,Engineer,2020-01-01`),
].join('\n');

const Q3 = { from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };
const NOVEMBER = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

let id = 0;
function event(helper: string, helped: string, at: string): string {
  id += 1;
  return `e${id},${helper},${helped},${at},reply,,chat`;
}

/**
 * Q3: help both ways inside and across the teams, a1 helping beta. October: b4 and a4 help and
 * are helped. November: everyone but b4 and a4 keeps helping, so both would look lapsed.
 */
function events(): string {
  const rows = ['id,helper,helped,at,kind,topic,context'];
  const everyone = ['lead', 'a1', 'a2', 'a3', 'a4', 'boss', 'b1', 'b2', 'b3', 'b4'];
  for (const [month, days] of [
    ['07', 31],
    ['08', 31],
    ['09', 30],
    ['10', 31],
    ['11', 30],
  ] as const) {
    for (let day = 1; day <= days; day += 3) {
      const at = `2026-${month}-${String(day).padStart(2, '0')}T10:00:00Z`;
      const active = month === '11' ? everyone.filter((p) => p !== 'b4' && p !== 'a4') : everyone;
      active.forEach((helper, k) =>
        rows.push(event(helper, active[(k + day) % active.length]!, at)),
      );
      if (month < '10') rows.push(event('a1', 'b1', at), event('a1', 'b2', at));
    }
  }
  return rows.join('\n');
}

async function importChart(store: Store, csv: string, asOf?: string): Promise<void> {
  await runImport(store, orgChart, {
    path: writeTemp('org.csv', csv),
    options: asOf === undefined ? {} : { 'as-of': asOf },
  });
}

async function importEvents(store: Store): Promise<void> {
  await runImport(store, interactions, { path: writeTemp('events.csv', events()), options: {} });
}

async function teamsOn(store: Store, window: { to: string }): Promise<Record<string, unknown>> {
  const roster = await readRoster(store, { to: window.to });
  return Object.fromEntries(
    roster.map((p) => [p.person, { team: p.team, manager: p.manager, leftAt: p.leftAt }]),
  );
}

/** What a flows report says, without what changes with every import (its cache version). */
async function flowsOf(store: Store, window: { from: string; to: string }) {
  const report = await new Reports(store).flows({ ...window, by: 'team' });
  return { teams: report.teams, flows: report.flows, silos: report.silos };
}

describe('org-chart history', () => {
  it('keeps last quarter’s flows after a reorg, and uses the new chart from its date', async () => {
    const store = await openStore();
    await importChart(store, CHART_2026, '2026-01-01');
    await importEvents(store);
    const q3Teams = await teamsOn(store, Q3);
    const q3Flows = await flowsOf(store, Q3);
    expect(q3Teams.a1).toEqual({ team: 'alpha', manager: 'lead', leftAt: null });

    await importChart(store, CHART_NOVEMBER, '2026-11-01');
    // The past is as it was: every team, manager and flow of Q3.
    expect(await teamsOn(store, Q3)).toEqual(q3Teams);
    expect(await flowsOf(store, Q3)).toEqual(q3Flows);
    // November reads the new chart.
    const november = await teamsOn(store, NOVEMBER);
    expect(november.a1).toEqual({ team: 'beta', manager: 'boss', leftAt: null });
    expect(november.b4).toEqual({ team: 'beta', manager: 'boss', leftAt: '2026-11-01' });
    expect(await flowsOf(store, NOVEMBER)).not.toEqual(q3Flows);
    // The people directory shows today's state.
    const now = await store.one<{ team: string; left: string | null }>(
      `SELECT team, strftime(left_at, '%Y-%m-%d') AS left FROM people WHERE person_id = 'b4'`,
    );
    expect(now).toEqual({ team: 'beta', left: '2026-11-01' });
  });

  it('never flags someone after they left, and still shows them before', async () => {
    const store = await openStore();
    await importChart(store, CHART_2026, '2026-01-01');
    await importEvents(store);
    await importChart(store, CHART_NOVEMBER, '2026-11-01');
    const reports = new Reports(store);
    const november = await reports.isolation(NOVEMBER);
    const flagged = (person: string) =>
      november.people.find((entry) => entry.person === person)?.flags ?? [];
    // a4 went quiet in November as b4 did, and is still here: flagged.
    expect(flagged('a4').length).toBeGreaterThan(0);
    // b4 left on November 1st: not flagged, not listed anywhere.
    const listed = [
      ...november.people.map((e) => e.person),
      ...november.notCovered.map((e) => e.person),
      ...november.neverActive.map((e) => e.person),
    ];
    expect(listed).not.toContain('b4');
    // Before leaving, b4 is judged like anyone.
    const q3 = await reports.isolation(Q3);
    expect(q3.people.map((e) => e.person)).toContain('b4');
  });

  it('gives the same history whatever order the charts come in', async () => {
    const inOrder = await openStore();
    await importChart(inOrder, CHART_2026, '2026-01-01');
    await importChart(inOrder, CHART_NOVEMBER, '2026-11-01');
    await importEvents(inOrder);
    const late = await openStore();
    await importChart(late, CHART_NOVEMBER, '2026-11-01');
    await importChart(late, CHART_2026, '2026-01-01');
    await importEvents(late);
    const history = (store: Store) =>
      store.all(
        `SELECT person_id, strftime(valid_from, '%Y-%m-%d') AS day, left_org, team, manager_id
         FROM org_chart_history ORDER BY ALL`,
      );
    expect(await history(late)).toEqual(await history(inOrder));
    for (const window of [Q3, NOVEMBER]) {
      expect(await teamsOn(late, window)).toEqual(await teamsOn(inOrder, window));
    }
    const people = (store: Store) =>
      store.all(`SELECT person_id, team, manager_id, left_at FROM people ORDER BY person_id`);
    expect(await people(late)).toEqual(await people(inOrder));
  });

  it('brings someone back who reappears in a later chart', async () => {
    const store = await openStore();
    await importChart(store, CHART_2026, '2026-01-01');
    await importChart(store, CHART_NOVEMBER, '2026-11-01');
    await importChart(store, CHART_2026, '2026-11-20');
    const roster = await teamsOn(store, { to: '2026-11-25T00:00:00Z' });
    expect(roster.b4).toEqual({ team: 'beta', manager: 'boss', leftAt: null });
    expect(roster.a1).toEqual({ team: 'alpha', manager: 'lead', leftAt: null });
    const left = await teamsOn(store, { to: '2026-11-10T00:00:00Z' });
    expect(left.b4).toMatchObject({ leftAt: '2026-11-01' });
  });

  it('takes --as-of on the command line, and refuses a bad one changing nothing', async () => {
    const dir = tempDir();
    const db = `${dir}/helpflow.duckdb`;
    const chart = writeTemp('org.csv', CHART_2026);
    const good = await helpflow('import', 'org-chart', chart, '--as-of', '2026-01-01', '--db', db);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    const before = await helpflow('people', 'list', '--db', db, '--json');
    for (const [value, says] of [
      ['2026-13-01', 'is not a date like'],
      ['2999-01-01', 'is in the future'],
    ]) {
      const bad = await helpflow('import', 'org-chart', chart, '--as-of', value!, '--db', db);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain(chart);
      expect(bad.stderr).toContain(says);
    }
    expect((await helpflow('people', 'list', '--db', db, '--json')).stdout).toBe(before.stdout);
  });

  it('takes asOf on an upload, and refuses a bad one or one for another connector', async () => {
    const server = await startServer(async () => {});
    try {
      const admin = await server.token('admin');
      const send = (query: string, csv = CHART_2026) => {
        const form = new FormData();
        form.append('file', new Blob([csv]), 'org.csv');
        return server.request(`/api/v1/imports?${query}`, admin, { method: 'POST', body: form });
      };
      const bad = await send('connector=org-chart&asOf=2026-02-30');
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain('is not a date like');
      const elsewhere = await send('connector=interactions&asOf=2026-01-01');
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.detail).toContain('org-chart imports only');
      const job = await send('connector=org-chart&asOf=2026-03-01');
      expect(job.status).toBe(202);
      let state = job.body.state;
      while (state !== 'succeeded' && state !== 'failed') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = (await server.request(`/api/v1/imports/jobs/${job.body.id}`, admin)).body.state;
      }
      expect(state).toBe('succeeded');
      const days = await server.store.all<{ day: string }>(
        `SELECT DISTINCT strftime(valid_from, '%Y-%m-%d') AS day FROM org_chart_history`,
      );
      expect(days).toEqual([{ day: '2026-03-01' }]);
    } finally {
      await server.close();
    }
  });

  it('leaves the history as it was when a chart import fails', async () => {
    const store = await openStore();
    await importChart(store, CHART_2026, '2026-01-01');
    const before = await snapshot(store);
    const history = () => store.all('SELECT * FROM org_chart_history ORDER BY ALL');
    const rows = await history();
    const broken = `${CHART_NOVEMBER}\nx1,x1,,beta,nobody,Engineer,2020-01-01`;
    await expect(importChart(store, broken, '2026-11-01')).rejects.toThrow(
      /org.csv, line 11, field "manager"/,
    );
    expect(await snapshot(store)).toBe(before);
    expect(await history()).toEqual(rows);
  });
});
