/**
 * Reports on a database mixing sources of different years (issue 11): a Slack workspace of
 * 2020–2021 and interchange help of 2026. Each --source gets its own default window, the
 * coverage of every report says which sources cover its window and warns when one covers only
 * part (or none), the Slack people are neither "isolated" nor "lapsed" in a 2026 window, and
 * `export` takes the reports' filters and window, so the two agree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { annotatedGraph } from '../server/export/network.ts';
import { Reports } from '../server/reports/reports.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { runImport } from '../server/store/ingest.ts';
import { startServer } from './api-server.ts';
import { helpflow } from './cli-helpers.ts';
import { openStore, tempDir, writeTemp } from './helpers.ts';
import type { Store } from '../server/store/database.ts';

const CHART = [
  'person,name,email,team,manager,title,joined',
  's1,Sam One,s1@x.org,chat,,Lead,2019-01-01',
  's2,Sam Two,s2@x.org,chat,s1,Eng,2019-01-01',
  's3,Sam Three,s3@x.org,chat,s1,Eng,2019-01-01',
  's4,Sam Four,s4@x.org,chat,s1,Eng,2019-01-01',
  'g1,Gil One,g1@x.org,code,,Lead,2024-01-01',
  'g2,Gil Two,g2@x.org,code,g1,Eng,2024-01-01',
  'g3,Gil Three,g3@x.org,code,g1,Eng,2024-01-01',
].join('\n');

// Help in 2026 only, from 10 January: the default window (ending 20 March) starts in December,
// so interchange covers only part of it, and none of the previous window.
const EVENTS = [
  'id,helper,helped,at,kind,topic,context',
  '1,g1,g2,2026-01-10T10:00:00Z,review,go,api',
  '2,g2,g1,2026-02-03T10:00:00Z,reply,go,api',
  '3,g3,g1,2026-02-20T10:00:00Z,review,gpu,api',
  '4,g1,g3,2026-03-20T10:00:00Z,review,gpu,api',
].join('\n');

const ts = (iso: string) => (Date.parse(iso) / 1000).toFixed(6);

/** One thread (a root, and replies by `repliers`), or a post nobody answered. */
function thread(at: string, starter: string, repliers: string[]) {
  const root = ts(at);
  const messages: object[] = [
    { type: 'message', user: starter, ts: root, text: 'a question', thread_ts: root },
  ];
  repliers.forEach((user, i) => {
    const reply = ts(new Date(Date.parse(at) + (i + 1) * 600_000).toISOString());
    messages.push({
      type: 'message',
      user,
      ts: reply,
      text: 'an answer',
      thread_ts: root,
      parent_user_id: starter,
    });
  });
  return { day: at.slice(0, 10), messages };
}

/** A Slack export of 2020–2021: the last thread is on 20 December 2021. */
function writeSlackExport(): string {
  const dir = join(tempDir(), 'slack');
  const users = ['s1', 's2', 's3', 's4'].map((id) => ({
    id: `U_${id}`,
    name: id,
    real_name: id,
    profile: { email: `${id}@x.org` },
  }));
  mkdirSync(join(dir, 'help'), { recursive: true });
  writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
  writeFileSync(join(dir, 'channels.json'), JSON.stringify([{ id: 'C_HELP', name: 'help' }]));
  const threads = [
    thread('2020-01-15T10:00:00Z', 'U_s1', ['U_s2']),
    thread('2021-06-01T10:00:00Z', 'U_s4', ['U_s2']),
    thread('2021-10-20T10:00:00Z', 'U_s1', ['U_s3']),
    thread('2021-11-15T10:00:00Z', 'U_s3', ['U_s1']),
    // s4 asks and nobody answers: before this change, not stored at all.
    thread('2021-12-10T10:00:00Z', 'U_s4', []),
    thread('2021-12-20T10:00:00Z', 'U_s1', ['U_s2']),
  ];
  for (const { day, messages } of threads) {
    writeFileSync(join(dir, 'help', `${day}.json`), JSON.stringify(messages));
  }
  return dir;
}

async function seed(store: Store): Promise<void> {
  await runImport(store, orgChart, { path: writeTemp('org.csv', CHART), options: {} });
  await runImport(store, slackExport, { path: writeSlackExport(), options: {} });
  await runImport(store, interactions, { path: writeTemp('events.csv', EVENTS), options: {} });
}

async function mixed(): Promise<Store> {
  const store = await openStore();
  await seed(store);
  return store;
}

const SLACK_END = '2021-12-20T10:10:01.000Z';
const INTERCHANGE_END = '2026-03-20T10:00:01.000Z';

describe('reports on sources of different years', () => {
  it('keeps each source’s first and last event, maintained by each import', async () => {
    const store = await mixed();
    expect(
      await store.all(
        `SELECT source, strftime(first_at, '%Y-%m-%dT%H:%M:%SZ') AS first,
                strftime(last_at, '%Y-%m-%dT%H:%M:%SZ') AS last
         FROM source_coverage ORDER BY source`,
      ),
    ).toEqual([
      { source: 'interchange', first: '2026-01-10T10:00:00Z', last: '2026-03-20T10:00:00Z' },
      { source: 'slack', first: '2020-01-15T10:00:00Z', last: '2021-12-20T10:10:00Z' },
    ]);
    // The unanswered thread start is stored, as activity, metadata only.
    expect(await store.all(`SELECT source, account, kind, context FROM activity`)).toContainEqual({
      source: 'slack',
      account: 'U_s4',
      kind: 'post',
      context: 'help',
    });
  });

  it('gives each --source its own default window', async () => {
    const reports = new Reports(await mixed());
    expect((await reports.window({})).to).toBe(INTERCHANGE_END);
    expect((await reports.window({ source: 'slack' })).to).toBe(SLACK_END);
    expect((await reports.window({ source: 'interchange' })).to).toBe(INTERCHANGE_END);
    // Experts on Slack are found in Slack's window, not in 2026's emptiness.
    const experts = await reports.experts({ search: 'help', source: 'slack' });
    expect(experts.window.to).toBe(SLACK_END);
    expect(experts.experts.map((e) => e.person)).toContain('s2');
  });

  it('says which sources cover the window and the previous one, and warns in words', async () => {
    const reports = new Reports(await mixed());
    const isolation = await reports.isolation();
    expect(isolation.coverage.sources.map((s) => [s.source, s.window, s.previousWindow])).toEqual([
      ['interchange', 'part', 'none'],
      ['slack', 'none', 'none'],
    ]);
    expect(isolation.coverage.warnings).toEqual([
      expect.stringMatching(
        /^interchange covers only part of this window \(its data runs from 2026-01-10/,
      ),
      expect.stringMatching(/^interchange covers none of the previous window .*fading/),
      expect.stringMatching(
        /^slack does not cover this window \(its data runs from 2020-01-15 to 2021-12-20\)/,
      ),
    ]);
    // Every report carries it.
    for (const report of [
      await reports.people(),
      await reports.communities(),
      await reports.flows(),
      await reports.trends(),
      await reports.experts({ search: 'go' }),
    ]) {
      expect(report.coverage).toEqual(isolation.coverage);
    }
    // Slack people are outside the data of a 2026 window: neither isolated nor lapsed.
    expect(isolation.notCovered.map((p) => p.person)).toEqual(['s1', 's2', 's3', 's4']);
    expect(isolation.notCovered[0]!.reason).toMatch(/^seen only in slack, which does not cover/);
    const flagged = isolation.people.filter((p) => p.person.startsWith('s'));
    expect(flagged).toEqual([]);
    // Against a previous window with no data, communities are not judged new.
    const communities = await reports.communities();
    expect(communities.changesJudged).toBe(false);
    expect(communities.changes).toEqual([]);

    const slack = await reports.isolation({ source: 'slack' });
    expect(slack.coverage.sources.map((s) => [s.source, s.window, s.previousWindow])).toEqual([
      ['slack', 'all', 'all'],
    ]);
    expect(slack.coverage.warnings).toEqual([]);
    const unknown = await reports.isolation({ source: 'teams' });
    expect(unknown.coverage.warnings).toEqual([
      'there is no data from source "teams" (the sources are interchange, slack)',
    ]);
  });

  it('finds, in Slack’s own window, the person who asked and got no answer', async () => {
    const reports = new Reports(await mixed());
    const { people, neverActive } = await reports.isolation({ source: 'slack' });
    const s4 = people.find((p) => p.person === 's4')!;
    expect(s4.flags).toEqual(['unanswered', 'isolated']);
    expect(s4.lastActivity).toBe('2021-12-10T10:00:00.000Z');
    expect(s4.asked).toBe(1);
    // Helped by s2 in June: whom a manager could ask to look in.
    expect(s4.formerPartners).toEqual([
      { person: 's2', interactions: 1, lastAt: '2021-06-01T10:10:00.000Z' },
    ]);
    // The git people have nothing in Slack: never active there.
    expect(neverActive.map((p) => p.person)).toEqual(['g1', 'g2', 'g3']);
  });

  it('exports what the reports show: same filters, same default window', async () => {
    const store = await mixed();
    const reports = new Reports(store);
    for (const source of ['slack', 'interchange']) {
      const { window, coverage } = await reports.scope({ source });
      const ties = await readTies(store, { source, ...window });
      expect(ties.length).toBeGreaterThan(0);
      const graph = await annotatedGraph(reports, { source });
      expect(graph.size).toBe(ties.length);
      expect(graph.getAttribute('description')).toContain(`help ties from ${window.from}`);
      const people = await reports.people({ source });
      const communities = new Map(people.people.map((p) => [p.person, p.community]));
      graph.forEachNode((node, attributes) =>
        expect(attributes.community, node).toBe(communities.get(node)),
      );
      expect(coverage.sources.map((s) => s.source)).toEqual([source]);
    }
  });

  it('says the same on the command line', async () => {
    const store = await mixed();
    const db = store.path;
    const windowOf = async (source: string) => new Reports(store).scope({ source });
    const slack = await windowOf('slack');
    const expected = await readTies(store, { source: 'slack', ...slack.window });
    store.close();

    const csv = await helpflow('export', '--format', 'csv', '--source', 'slack', '--db', db);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(expected.length + 1);
    expect(csv.stderr).toContain(`help ties from ${slack.window.from} to ${SLACK_END}`);
    expect(csv.stderr).toContain('sources covering it: slack (all)');
    const all = await helpflow('export', '--format', 'csv', '--db', db);
    expect(all.stderr).toMatch(/warning: slack does not cover this window/);
    const report = await helpflow('report', 'isolation', '--source', 'slack', '--db', db);
    expect(report.stdout).toContain('unanswered');
    // Three runs of the command, each a process of its own: slow on a busy machine.
  }, 180_000);

  it('says the same through the API', async () => {
    const store = await mixed();
    const slack = await new Reports(store).scope({ source: 'slack' });
    const expected = await readTies(store, { source: 'slack', ...slack.window });
    const server = await startServer(seed);
    try {
      const admin = await server.token('admin');
      const response = await server.request('/api/v1/export?format=csv&source=slack', admin);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-helpflow-window')).toBe(
        `${slack.window.from}/${slack.window.to}`,
      );
      expect(response.headers.get('x-helpflow-coverage')).toBe('slack=all');
      expect(String(response.body).trim().split('\n')).toHaveLength(expected.length + 1);
      const isolation = await server.request('/api/v1/isolation', admin);
      expect(isolation.body.coverage.warnings[2]).toMatch(/^slack does not cover this window/);
    } finally {
      await server.close();
    }
  });
});
