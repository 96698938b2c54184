import { describe, expect, it } from 'vitest';
import {
  readDataVersion,
  readRoster,
  readTimeRange,
  readTies,
  readTopicHelp,
  readContextWeights,
  readTopicAndContextWeights,
  readTopicWeights,
  readWeeklyTrends,
  type Filters,
} from '../server/store/analytics-queries.ts';
import { readPresence } from '../server/store/presence-queries.ts';
import { interactions } from '../connectors/interactions/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { storeWith, writeTemp } from './helpers.ts';

const CHART = [
  'person,name,email,team,manager,title,joined',
  'a,Ana,ana@x.org,core,,Lead,2020-01-01',
  'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
  'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
  'd,Dee,dee@x.org,data,c,Analyst,2020-01-01',
  'e,Eve,eve@x.org,data,c,Analyst,2020-01-01',
].join('\n');

// Week of Mon 2026-03-02: a→b (review, weight 2), b→a (reply), a→c (answer, explicit weight 5).
// Week of Mon 2026-03-09: c→d twice (reply), d→c (reply, other source-less kind "help").
const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight',
  '1,a,b,2026-03-02T10:00:00Z,review,go,api,',
  '2,b,a,2026-03-03T10:00:00Z,reply,go,#core,',
  '3,a,c,2026-03-04T10:00:00Z,answer,sql,#data,5',
  '4,c,d,2026-03-10T10:00:00Z,reply,sql,#data,',
  '5,c,d,2026-03-11T10:00:00Z,reply,sql,#data,',
  '6,d,c,2026-03-12T10:00:00Z,help,python,#data,',
  // Ana helping herself through two accounts (her id and her address): no tie, anywhere.
  '7,a,ana@x.org,2026-03-05T10:00:00Z,reply,go,#core,',
].join('\n');

const seeded = () => storeWith(CHART, EVENTS);

describe('analytics queries (aggregation in SQL)', () => {
  it('aggregates ties with kind weights, explicit weights and filters', async () => {
    const store = await seeded();
    const ties = await readTies(store);
    const tie = (helper: string, helped: string) =>
      ties.find((t) => t.helper === helper && t.helped === helped);
    expect(tie('a', 'b')).toEqual({ helper: 'a', helped: 'b', weight: 2, interactions: 1 });
    expect(tie('a', 'c')!.weight).toBe(5);
    expect(tie('c', 'd')).toMatchObject({ weight: 2, interactions: 2 });
    expect(ties).toHaveLength(5);

    expect(
      (await readTies(store, { topic: 'sql' })).map((t) => `${t.helper}>${t.helped}`).sort(),
    ).toEqual(['a>c', 'c>d']);
    expect(await readTies(store, { team: 'core' })).toHaveLength(2);
    expect(await readTies(store, { kind: 'reply' })).toHaveLength(2);
    const march9 = await readTies(store, {
      from: '2026-03-09T00:00:00Z',
      to: '2026-03-16T00:00:00Z',
    });
    expect(march9.map((t) => `${t.helper}>${t.helped}`).sort()).toEqual(['c>d', 'd>c']);
    expect(await readTies(store, { source: 'slack' })).toEqual([]);
  });

  it('leaves opted-out people out of ties, roster and activity', async () => {
    const store = await seeded();
    await store.run(`UPDATE people SET opted_out = true WHERE person_id = 'd'`);
    const ties = await readTies(store);
    expect(ties.some((t) => t.helper === 'd' || t.helped === 'd')).toBe(false);
    expect((await readRoster(store)).map((p) => p.person)).toEqual(['a', 'b', 'c', 'e']);
    const always = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    expect([...(await readPresence(store, always, {})).keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('reads the roster with accounts, the newest interaction and a data version', async () => {
    const store = await seeded();
    const roster = await readRoster(store);
    expect(roster).toHaveLength(5);
    expect(roster[0]).toMatchObject({
      person: 'a',
      name: 'Ana',
      team: 'core',
      joinedAt: '2020-01-01',
      accounts: ['interchange:a', 'interchange:ana@x.org'],
    });
    expect(roster.find((p) => p.person === 'e')!.accounts).toEqual([]);
    expect((await readRoster(store, { team: 'data' })).map((p) => p.person)).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(await readTimeRange(store)).toEqual({
      oldest: '2026-03-02T10:00:00.000Z',
      newest: '2026-03-12T10:00:00.000Z',
    });
    const version = await readDataVersion(store);
    await store.run(`UPDATE people SET opted_out = true WHERE person_id = 'e'`);
    expect(await readDataVersion(store)).not.toBe(version);
  });

  it('weights topic help by recency with the given half-life', async () => {
    const store = await seeded();
    const rows = await readTopicHelp(store, {
      asOf: '2026-03-14T10:00:00Z',
      halfLifeDays: 2,
      topic: 'sql',
    });
    const cd = rows.find((r) => r.helper === 'c' && r.helped === 'd')!;
    // two replies, 4 and 3 days before asOf, half-life 2 days
    expect(cd.interactions).toBe(2);
    expect(cd.recencyWeight).toBeCloseTo(0.5 ** 2 + 0.5 ** 1.5, 10);
    expect(cd.lastAt).toBe('2026-03-11T10:00:00Z');
    expect(rows.every((r) => r.topic === 'sql')).toBe(true);
  });

  it('reads only the topic help a search can match: an exact topic, else a substring', async () => {
    const store = await seeded();
    const read = (search: string) =>
      readTopicHelp(store, { asOf: '2026-03-14T10:00:00Z', halfLifeDays: 30, search });
    // "SQL" names a topic exactly (case-insensitive): its rows only.
    expect(new Set((await read(' SQL ')).map((r) => r.topic))).toEqual(new Set(['sql']));
    // "dat" names no topic: rows whose topic or context contains it (#data).
    const partial = await read('dat');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((r) => r.context === '#data')).toBe(true);
    expect(await read('kubernetes')).toEqual([]);
  });

  it('sums the help each person gave per topic', async () => {
    const store = await seeded();
    expect(await readTopicWeights(store)).toEqual({
      a: { go: 2, sql: 5 }, // a review (kind weight 2), an answer with explicit weight 5
      b: { go: 1 },
      c: { sql: 2 },
      d: { python: 1 },
    });
    expect(await readTopicWeights(store, { team: 'core' })).toEqual({ a: { go: 2 }, b: { go: 1 } });
  });

  it('reads topic and context weights in one scan exactly as it reads each alone', async () => {
    const store = await seeded();
    // A direct message, and help with a context but no topic: each counts on one side only.
    const more = [
      'id,helper,helped,at,kind,topic,context,weight',
      'x1,b,c,2026-03-06T10:00:00Z,reply,go,direct message,0.1',
      'x2,b,c,2026-03-06T11:00:00Z,reply,,#data,0.1',
    ];
    await runImport(store, interactions, {
      path: writeTemp('more.csv', more.join('\n')),
      options: {},
    });
    const cases: Filters[] = [
      {},
      { team: 'core' },
      { source: 'interchange', kind: 'reply' },
      // Whole weeks: the weekly tie aggregate, read the same way.
      { from: '2026-03-02T00:00:00Z', to: '2026-03-16T00:00:00Z' },
      { kindWeights: { reply: 0.3 } },
    ];
    for (const filters of cases) {
      const both = await readTopicAndContextWeights(store, filters);
      expect(both).toEqual({
        topic: await readTopicWeights(store, filters),
        context: await readContextWeights(store, filters),
      });
    }
    const all = await readTopicAndContextWeights(store);
    expect(all.topic.b).toEqual({ go: 1.1 });
    expect(all.context.b).toEqual({ '#core': 1, '#data': 0.1 });
  });

  it('builds weekly series per team and for the whole organisation', async () => {
    const store = await seeded();
    const rows = await readWeeklyTrends(store);
    const row = (week: string, team: string | null) =>
      rows.find((r) => r.week === week && r.team === team)!;
    expect(new Set(rows.map((r) => r.week))).toEqual(new Set(['2026-03-02', '2026-03-09']));
    // week 1: a→b, b→a, a→c; org: 3 ties, helpers a and b, d and e isolated, 1 of 3 crosses teams
    expect(row('2026-03-02', null)).toEqual({
      week: '2026-03-02',
      team: null,
      people: 5,
      activeHelpers: 2,
      ties: 3,
      isolated: 2,
      crossTeamShare: 1 / 3,
    });
    // core in week 1: all three ties touch core, a and b both connected
    expect(row('2026-03-02', 'core')).toMatchObject({
      people: 2,
      activeHelpers: 2,
      ties: 3,
      isolated: 0,
    });
    // data in week 1: only a→c touches data; c connected, d and e not; no data member helped
    expect(row('2026-03-02', 'data')).toMatchObject({
      people: 3,
      activeHelpers: 0,
      ties: 1,
      isolated: 2,
      crossTeamShare: 1,
    });
    // core in week 2: nothing at all
    expect(row('2026-03-09', 'core')).toMatchObject({ ties: 0, isolated: 2, crossTeamShare: null });
    expect(row('2026-03-09', 'data')).toMatchObject({
      activeHelpers: 2,
      ties: 2,
      isolated: 1,
      crossTeamShare: 0,
    });
    const dataOnly = await readWeeklyTrends(store, { team: 'data' });
    expect(dataOnly.every((r) => r.team === 'data')).toBe(true);
    expect(dataOnly).toHaveLength(2);
  });
});
