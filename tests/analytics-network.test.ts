import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../server/analytics/communities.ts';
import { flows } from '../server/analytics/flows.ts';
import { buildHelpGraph, type HelpGraph, type RosterPerson } from '../server/analytics/graph.ts';
import { isolation } from '../server/analytics/isolation.ts';
import {
  adjacency,
  helpGraphOf,
  networkOf,
  type HelpNetwork,
} from '../server/analytics/network.ts';
import { personMetrics } from '../server/analytics/person-metrics.ts';
import { mulberry32 } from '../server/analytics/random.ts';
import { Reports } from '../server/reports/reports.ts';
import {
  readHelpNetwork,
  readRoster,
  readTies,
  readWeeklyTrends,
} from '../server/store/analytics-queries.ts';
import { openStore, storeWith } from './helpers.ts';

/**
 * The help network: the roster and typed tie columns the reports work on instead of a graphology
 * graph. Read from a real DuckDB file, it must carry exactly the ties of the graph it replaces,
 * and every analysis must give the same result on it as on the graph.
 */

const CHART = [
  'person,name,email,team,manager,title,joined',
  'a,Ana,ana@x.org,core,,Lead,2020-01-01',
  'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
  'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
  'd,Dee,dee@x.org,data,c,Analyst,2020-01-01',
  'e,Eve,eve@x.org,,c,Analyst,2026-03-01',
  'f,Fay,fay@x.org,data,c,Analyst,2020-01-01',
].join('\n');

// Sun 2026-03-08 23:59:59Z and Mon 2026-03-09 00:00:00Z fall in different weeks.
const EVENTS = [
  'id,helper,helped,at,kind,topic,context,weight',
  '1,b,a,2026-03-02T10:00:00Z,review,go,api,',
  '2,a,b,2026-03-03T10:00:00Z,reply,go,#core,',
  '3,a,c,2026-03-04T10:00:00Z,answer,sql,#data,5',
  '4,c,d,2026-03-08T23:59:59Z,reply,sql,#data,',
  '5,c,d,2026-03-09T00:00:00Z,reply,sql,#data,',
  '6,d,c,2026-03-12T10:00:00Z,help,python,#data,',
  '7,e,a,2026-03-12T11:00:00Z,reply,go,#core,',
  '8,f,a,2026-03-13T11:00:00Z,reply,go,#core,',
  // Ana helping herself through two accounts: no tie.
  '9,a,ana@x.org,2026-03-05T10:00:00Z,reply,go,#core,',
].join('\n');

const seeded = () => storeWith(CHART, EVENTS);

/** A graph's people in order, and its ties with their attributes (edge keys are generated). */
const shape = (graph: HelpGraph) => {
  const { nodes, edges } = graph.export();
  const ties = edges.map(({ source, target, attributes }) => ({ source, target, attributes }));
  return {
    nodes,
    edges: ties.sort(
      (a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
    ),
  };
};

const pairs = (network: HelpNetwork) =>
  Array.from(
    network.helper,
    (h, k) => `${network.people[h]!.person}>${network.people[network.helped[k]!]!.person}`,
  );

/** A seeded random help graph of `people` people, in teams of 7, ties added in random order. */
function randomGraph(people: number, ties: number, seed: number): HelpGraph {
  const random = mulberry32(seed);
  const ids = Array.from({ length: people }, (_, i) => `p${String(i).padStart(3, '0')}`);
  const roster: RosterPerson[] = ids
    .map((id, i) => ({
      person: id,
      name: null,
      team: i % 11 === 0 ? null : `team-${Math.floor(i / 7)}`,
      manager: i % 7 === 0 ? null : ids[i - (i % 7)]!,
      title: null,
      joinedAt: '2020-01-01',
      accounts: [],
    }))
    .sort(() => random() - 0.5);
  const seen = new Set<string>();
  const rows = [];
  while (rows.length < ties) {
    const helper = ids[Math.floor(random() * people)]!;
    // Mostly within the team, so there are communities to find.
    const near = Math.floor(random() * people);
    const helped =
      random() < 0.7 ? ids[(ids.indexOf(helper) + 1 + (near % 6)) % people]! : ids[near]!;
    if (helper === helped || seen.has(`${helper}>${helped}`)) continue;
    seen.add(`${helper}>${helped}`);
    // Halves and whole numbers, like the kind weights: sums come out the same in any order.
    rows.push({ helper, helped, weight: Math.ceil(random() * 8) / 2, interactions: 1 });
  }
  return buildHelpGraph(roster, rows);
}

describe('readHelpNetwork', () => {
  it('numbers people as the roster lists them and reads each tie once, by helper then helped', async () => {
    const store = await seeded();
    const network = await readHelpNetwork(store);
    expect(network.people).toEqual(await readRoster(store));
    expect(pairs(network)).toEqual(['a>b', 'a>c', 'b>a', 'c>d', 'd>c', 'e>a', 'f>a']);
    const tie = (pair: string) => pairs(network).indexOf(pair);
    expect(network.weight[tie('a>c')]).toBe(5);
    expect(network.weight[tie('b>a')]).toBe(2); // a review
    expect(network.interactions[tie('c>d')]).toBe(2);
    // readTies is the same network as rows, heaviest first, then by helper and helped
    const rows = await readTies(store);
    expect(rows.map((t) => `${t.helper}>${t.helped}:${t.weight}`)).toEqual([
      'a>c:5',
      'b>a:2',
      'c>d:2',
      'a>b:1',
      'd>c:1',
      'e>a:1',
      'f>a:1',
    ]);
    for (const row of rows) {
      const k = tie(`${row.helper}>${row.helped}`);
      expect(row).toEqual({
        ...row,
        weight: network.weight[k],
        interactions: network.interactions[k],
      });
    }
  });

  it('numbers positions within the team under a team filter, and leaves opted-out people out', async () => {
    const store = await seeded();
    const data = await readHelpNetwork(store, { team: 'data' });
    expect(data.people.map((p) => p.person)).toEqual(['c', 'd', 'f']);
    expect(pairs(data)).toEqual(['c>d', 'd>c']);
    await store.run(`UPDATE people SET opted_out = true WHERE person_id = 'c'`);
    const rest = await readHelpNetwork(store, { team: 'data' });
    expect(rest.people.map((p) => p.person)).toEqual(['d', 'f']);
    expect(pairs(rest)).toEqual([]);
    expect(pairs(await readHelpNetwork(store))).toEqual(['a>b', 'b>a', 'e>a', 'f>a']);
  });

  it('builds the same graphology graph as the tie rows do', async () => {
    const store = await seeded();
    const reports = new Reports(store);
    const { graph, window } = await reports.graph();
    const ties = await readTies(store, window);
    expect(shape(graph)).toEqual(shape(buildHelpGraph(await readRoster(store), ties)));
    // heaviest first, as the tie rows (and so the exports) list them
    expect(graph.mapEdges((_e, _a, source, target) => `${source}>${target}`)).toEqual(
      ties.map((t) => `${t.helper}>${t.helped}`),
    );
  });
});

describe('Store.columns', () => {
  it('reads INTEGER and DOUBLE columns across chunks into typed arrays', async () => {
    const store = await openStore();
    const { i, x } = await store.columns(
      'SELECT range::INTEGER AS i, range / 4 AS x FROM range(5000)',
      [],
      { i: 'INTEGER', x: 'DOUBLE' },
    );
    expect(i).toBeInstanceOf(Int32Array);
    expect(x).toBeInstanceOf(Float64Array);
    expect(i.length).toBe(5000);
    expect(i[4999]).toBe(4999);
    expect(x[4999]).toBe(4999 / 4);
  });

  it('names the column that is missing, of another type, or NULL', async () => {
    const store = await openStore();
    await expect(store.columns('SELECT 1::BIGINT AS n', [], { n: 'INTEGER' })).rejects.toThrow(
      'columns: the query has no INTEGER column "n"',
    );
    await expect(store.columns('SELECT 1 AS m', [], { n: 'INTEGER' })).rejects.toThrow(
      'columns: the query has no INTEGER column "n"',
    );
    await expect(store.columns('SELECT NULL::DOUBLE AS w', [], { w: 'DOUBLE' })).rejects.toThrow(
      'columns: "w" is NULL in row 0',
    );
  });
});

describe('adjacency', () => {
  const network = (helper: number[], helped: number[]): HelpNetwork => ({
    people: ['a', 'b', 'c', 'd'].map((person) => ({
      person,
      name: null,
      team: null,
      manager: null,
      title: null,
      joinedAt: null,
      accounts: [],
    })),
    helper: Int32Array.from(helper),
    helped: Int32Array.from(helped),
    weight: new Float64Array(helper.length).fill(1),
    interactions: new Int32Array(helper.length).fill(1),
  });

  it('lists who each person helped and was helped by, sorted, whatever the tie order', () => {
    // d→a, b→c, a→a (to oneself), a→d, a→b, c→a
    const lists = adjacency(network([3, 1, 0, 0, 0, 2], [0, 2, 0, 3, 1, 0]), 'test');
    const list = (offsets: Int32Array, neighbours: Int32Array, i: number) =>
      Array.from(neighbours.subarray(offsets[i], offsets[i + 1]));
    expect([0, 1, 2, 3].map((i) => list(lists.outOffsets, lists.outNeighbours, i))).toEqual([
      [1, 3],
      [2],
      [0],
      [0],
    ]);
    expect([0, 1, 2, 3].map((i) => list(lists.inOffsets, lists.inNeighbours, i))).toEqual([
      [2, 3],
      [0],
      [1],
      [0],
    ]);
    // each entry points back at its tie
    expect(Array.from(lists.outTies.subarray(0, 2))).toEqual([4, 3]);
  });

  it('rejects two ties for one pair, and ties to people not on the roster, naming the caller', () => {
    expect(() => adjacency(network([0, 1, 0], [1, 2, 1]), 'flows')).toThrow(
      'flows: two ties from a to b; ties must be aggregated per pair',
    );
    expect(() => adjacency(network([0, 4], [1, 0]), 'isolation')).toThrow(
      'isolation: tie 1 names a person not on the roster',
    );
  });
});

describe('the analyses on a network and on the graph', () => {
  const graph = randomGraph(120, 900, 7);
  const network = networkOf(graph);

  it('converts both ways without losing a tie or an attribute', () => {
    expect(shape(helpGraphOf(network))).toEqual(shape(graph));
  });

  it('gives the same person metrics, communities and flows, in any tie order', () => {
    const random = mulberry32(3);
    const order = Array.from(network.helper, (_, k) => k).sort(() => random() - 0.5);
    const reordered: HelpNetwork = {
      people: network.people,
      helper: Int32Array.from(order, (k) => network.helper[k]!),
      helped: Int32Array.from(order, (k) => network.helped[k]!),
      weight: Float64Array.from(order, (k) => network.weight[k]!),
      interactions: Int32Array.from(order, (k) => network.interactions[k]!),
    };
    for (const input of [network, reordered]) {
      expect(personMetrics(input, { seed: 5 })).toEqual(personMetrics(graph, { seed: 5 }));
      expect(detectCommunities(input, { seed: 5 })).toEqual(detectCommunities(graph, { seed: 5 }));
      expect(flows(input)).toEqual(flows(graph));
    }
  });

  it('counts isolation partners as graphology counts neighbours', () => {
    // Sparse, so that some people have one partner or none; the previous window's roster comes
    // in another order.
    const current = randomGraph(120, 150, 9);
    const previous = randomGraph(120, 300, 8);
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    const options = {
      window,
      presence: new Map(),
      coveringWindow: new Set<string>(),
      coveringPrevious: new Set<string>(),
    };
    const result = isolation(networkOf(current), networkOf(previous), options);
    expect(result).toEqual(isolation(current, previous, options));
    for (const entry of result.people) {
      const others = (list: string[]) => list.filter((other) => other !== entry.person).length;
      expect(entry.ties).toEqual({
        partners: others(current.neighbors(entry.person)),
        helped: others(current.outNeighbors(entry.person)),
        helpedBy: others(current.inNeighbors(entry.person)),
      });
      expect(entry.previousTies.partners).toBe(others(previous.neighbors(entry.person)));
    }
    expect(result.people.some((entry) => entry.flags.includes('peripheral'))).toBe(true);
  });
});

describe('the reports read each network once and agree with a sequential run', () => {
  it('gives the same reports cold and all at once as one after the other', async () => {
    const store = await seeded();
    const together = new Reports(store);
    const all = await Promise.all([
      together.people(),
      together.isolation(),
      together.communities(),
      together.flows(),
      together.experts({ search: 'sql' }),
      together.trends(),
    ]);
    const apart = new Reports(store);
    const sequential = [
      await apart.people(),
      await apart.isolation(),
      await apart.communities(),
      await apart.flows(),
      await apart.experts({ search: 'sql' }),
      await apart.trends(),
    ];
    expect(all).toEqual(sequential);
    expect(all[0].people.find((p) => p.person === 'a')).toMatchObject({ helpReceived: 4 });
  });

  it('puts the last minute of a Sunday and the first of a Monday in different weeks', async () => {
    const store = await seeded();
    const weeks = (await readWeeklyTrends(store))
      .filter((row) => row.team === 'data')
      .map((row) => [row.week, row.ties]);
    const truncated = await store.all<{ week: string }>(
      `SELECT DISTINCT strftime(date_trunc('week', occurred_at), '%Y-%m-%d') AS week
       FROM interactions ORDER BY week`,
    );
    expect(weeks.map(([week]) => week)).toEqual(truncated.map((row) => row.week));
    // a→c and Sunday's c→d in the first week; c→d, d→c and f→a in the second
    expect(weeks).toEqual([
      ['2026-03-02', 2],
      ['2026-03-09', 3],
    ]);
  });
});
