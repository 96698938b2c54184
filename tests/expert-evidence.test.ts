/**
 * Expert evidence through the reports on a real DuckDB file: every tag of a question counts for
 * its share, further replies in one thread count less, social contexts weigh less, the half-life
 * follows the span of the data (of the sources asked for), and a search that matches nothing
 * suggests the nearest known topics.
 */
import { describe, expect, it } from 'vitest';
import { halfLifeFor, Reports } from '../server/reports/reports.ts';
import { socialContexts, SOCIAL_WEIGHT } from '../server/config.ts';
import { join } from 'node:path';
import { stackExchange } from '../connectors/stackexchange/index.ts';
import { readTopicHelp, readTopicWeights } from '../server/store/analytics-queries.ts';
import { runImport } from '../server/store/ingest.ts';
import { CONLANG, openStore, ROOT, storeWith } from './helpers.ts';

const MINI = join(ROOT, 'tests/fixtures/stackexchange/mini-site');

const CHART = [
  'person,name,email,team,manager,title,joined',
  ...['s', 't', 'a', 'b', 'c', 'd'].map((p) => `${p},${p.toUpperCase()},,core,,,2020-01-01`),
].join('\n');

// s helps a and b on go in #random, t helps c and d on go in #go, at the same times; an old
// rust answer on the forum a year earlier widens the data's span to 400 days.
const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight,source',
  '1,s,a,2026-03-02T10:00:00Z,reply,go,#random,,slack',
  '2,s,b,2026-03-03T10:00:00Z,reply,go,#Random,,slack',
  '3,t,c,2026-03-02T10:00:00Z,reply,go,#go,,slack',
  '4,t,d,2026-03-03T10:00:00Z,reply,go,#go,,slack',
  '5,a,b,2025-01-26T10:00:00Z,answer,rust,forum,,qa',
].join('\n');

describe('expert evidence', () => {
  it('counts help in social contexts for less', async () => {
    const store = await storeWith(CHART, EVENTS);
    const report = await new Reports(store).experts({ search: 'go' });
    expect(report.socialContexts).toEqual(['random', 'general', 'off-topic']);
    const [first, second] = report.experts;
    expect([first!.person, second!.person]).toEqual(['t', 's']);
    expect(second!.score / first!.score).toBeCloseTo(SOCIAL_WEIGHT, 12);
    expect(second!.help / first!.help).toBeCloseTo(SOCIAL_WEIGHT, 12);
    // Configured away, the two are equal.
    const plain = await new Reports(store, { socialContexts: [] }).experts({ search: 'go' });
    expect(plain.experts[0]!.score).toBeCloseTo(plain.experts[1]!.score, 12);
  });

  it('reads the social contexts from HELPFLOW_SOCIAL_CONTEXTS', () => {
    expect(socialContexts({ HELPFLOW_SOCIAL_CONTEXTS: ' #Watercooler, memes ,' })).toEqual([
      'watercooler',
      'memes',
    ]);
    expect(socialContexts({ HELPFLOW_SOCIAL_CONTEXTS: '' })).toEqual([]);
    expect(socialContexts({})).toEqual(['random', 'general', 'off-topic']);
  });

  it('sets the half-life from the span of the data the query selects', async () => {
    const store = await storeWith(CHART, EVENTS);
    const reports = new Reports(store);
    // All sources: 2025-01-26 to 2026-03-03 is 401 days; a quarter of it.
    const all = await reports.experts({ search: 'go', from: '2025-01-01' });
    expect(all.halfLifeDays).toBeCloseTo(halfLifeFor(401), 12);
    expect(all.halfLifeDays).toBeCloseTo(401 / 4, 12);
    // Slack alone spans a day: the shortest half-life.
    const slack = await reports.experts({ search: 'go', source: 'slack' });
    expect(slack.halfLifeDays).toBe(14);
    expect(halfLifeFor(100 * 365)).toBe(730);
    const fixed = await new Reports(store, { expertHalfLifeDays: 30 }).experts({ search: 'go' });
    expect(fixed.halfLifeDays).toBe(30);
  });

  it('suggests the nearest known topics when a search matches nothing', async () => {
    const store = await storeWith(CHART, EVENTS);
    const report = await new Reports(store).experts({ search: 'golang', from: '2025-01-01' });
    expect(report.experts).toEqual([]);
    expect(report.suggestions[0]).toBe('go');
    expect(report.suggestions).not.toContain('rust');
    const found = await new Reports(store).experts({ search: 'go' });
    expect(found.suggestions).toEqual([]);
  });
});

describe('expert evidence from Q&A threads', () => {
  it('splits an answer between its question’s tags, and credits further replies less', async () => {
    const store = await openStore();
    await runImport(store, stackExchange, { path: MINI, options: {} });
    // No decay: a half-life of a billion days.
    const rows = await readTopicHelp(store, { asOf: '2018-03-01T00:00:00Z', halfLifeDays: 1e9 });
    const ben = (kind: string, topic: string) =>
      rows.find((r) => r.helper === 'stackexchange:1002' && r.kind === kind && r.topic === topic)!;
    // Question 10 is tagged grammar and phonology: each takes half. Ben commented on it (10:30),
    // then answered (11:00): the answer is his second reply in the thread and counts half again.
    for (const topic of ['grammar', 'phonology']) {
      expect(ben('comment', topic).credit).toBe(0.5);
      expect(ben('answer', topic).credit).toBe(0.25);
      expect(ben('answer', topic).recencyWeight).toBeCloseTo(0.25, 6);
    }
  });

  it('counts every tag of the real conlang dump, conserving each person’s help', async () => {
    const store = await openStore();
    await runImport(store, stackExchange, { path: CONLANG, options: {} });
    const weights = await readTopicWeights(store);
    const given = await store.all<{ person: string; weight: number; first: number }>(
      `SELECT a.person_id AS person, sum(coalesce(i.weight, CASE i.kind WHEN 'answer' THEN 2
                WHEN 'accepted-answer' THEN 4 WHEN 'comment' THEN 0.5 ELSE 1 END))::DOUBLE AS weight
       FROM interactions i JOIN accounts a ON a.source = i.source AND a.account_id = i.helper_account
       WHERE i.topic IS NOT NULL GROUP BY ALL`,
    );
    expect(given.length).toBeGreaterThan(10);
    for (const { person, weight } of given) {
      const split = Object.values(weights[person] ?? {}).reduce((a, b) => a + b, 0);
      expect(split).toBeCloseTo(weight, 9);
    }
    const tags = new Set(Object.values(weights).flatMap((topics) => Object.keys(topics)));
    const firstTags = await store.all<{ topic: string }>(
      'SELECT DISTINCT topic FROM interactions WHERE topic IS NOT NULL',
    );
    expect(tags.size).toBeGreaterThan(firstTags.length);
    // A tag that is never a question's first is still a topic experts can be found on.
    const later = [...tags].find((tag) => !firstTags.some((row) => row.topic === tag))!;
    const report = await new Reports(store).experts({ search: later, from: '2000-01-01' });
    expect(report.experts.length).toBeGreaterThan(0);
  }, 60_000);
});
