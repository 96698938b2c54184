/**
 * Per-person network metrics. Every expected figure is either worked out by hand in a comment or
 * recomputed here by a deliberately plain implementation (power iteration, all-pairs BFS path
 * counting, pair counting, naive peeling, the constraint formula term by term), and, where
 * graphology-metrics has the same measure, checked against it too.
 */
import { UndirectedGraph } from 'graphology';
import karateClub from 'graphology-generators/social/karate-club.js';
import graphologyBetweenness from 'graphology-metrics/centrality/betweenness.js';
import graphologyPagerank from 'graphology-metrics/centrality/pagerank.js';
import { DirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { betweenness } from '../server/analytics/betweenness.ts';
import { buildHelpGraph, type HelpGraph, type TieRow } from '../server/analytics/graph.ts';
import { tieIndex } from '../server/analytics/indices/tie-index.ts';
import { personMetrics } from '../server/analytics/person-metrics.ts';
import { PERSONAS } from '../server/analytics/persona.ts';
import { mulberry32 } from '../server/analytics/random.ts';

type Tie = [helper: string, helped: string, weight?: number];

function graphOf(ties: Tie[], alsoOnRoster: string[] = []): HelpGraph {
  const people = new Set(alsoOnRoster);
  for (const [helper, helped] of ties) people.add(helper).add(helped);
  const roster = [...people].map((person) => ({
    person,
    name: null,
    team: null,
    manager: null,
    title: null,
    joinedAt: null,
    accounts: [],
  }));
  const rows: TieRow[] = ties.map(([helper, helped, weight = 1]) => ({
    helper,
    helped,
    weight,
    interactions: 1,
  }));
  return buildHelpGraph(roster, rows);
}

/** Zachary's karate club, each friendship turned into help one way, the other, or both. */
function karateHelp(seed: number): HelpGraph {
  const random = mulberry32(seed);
  const ties: Tie[] = [];
  karateClub(UndirectedGraph).forEachEdge((_edge, _attributes, a, b) => {
    const weight = () => 1 + Math.floor(random() * 5);
    const way = random();
    if (way < 0.4 || way >= 0.7) ties.push([a, b, weight()]);
    if (way >= 0.4) ties.push([b, a, weight()]);
  });
  return graphOf(ties);
}

/** n people, each possible tie present with probability p, weights 1–9, some people idle. */
function randomHelp(n: number, p: number, seed: number): HelpGraph {
  const random = mulberry32(seed);
  const ties: Tie[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a !== b && random() < p) ties.push([`p${a}`, `p${b}`, 1 + Math.floor(random() * 9)]);
    }
  }
  return graphOf(
    ties,
    Array.from({ length: n }, (_, i) => `p${i}`),
  );
}

/** Teams of `team` people, most help within the team: a sparse graph with real brokers. */
function teamHelp(n: number, ties: number, team: number, seed: number): HelpGraph {
  const random = mulberry32(seed);
  const seen = new Set<string>();
  const list: Tie[] = [];
  while (list.length < ties) {
    const a = Math.floor(random() * n);
    const b =
      random() < 0.7
        ? Math.min(n - 1, Math.floor(a / team) * team + Math.floor(random() * team))
        : Math.floor(random() * n);
    const key = `${a}>${b}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    list.push([`p${a}`, `p${b}`, 1 + Math.floor(random() * 5)]);
  }
  return graphOf(list);
}

// ---------------------------------------------------------------- plain reference implementations

/** Undirected partners with the summed weight of both directions, self-loops ignored. */
function partnersOf(graph: HelpGraph): Map<string, Map<string, number>> {
  const partners = new Map<string, Map<string, number>>();
  graph.forEachNode((node) => partners.set(node, new Map()));
  graph.forEachEdge((_edge, { weight }, source, target) => {
    if (source === target) return;
    const a = partners.get(source)!;
    const b = partners.get(target)!;
    a.set(target, (a.get(target) ?? 0) + weight);
    b.set(source, (b.get(source) ?? 0) + weight);
  });
  return partners;
}

function connectedPeople(graph: HelpGraph): string[] {
  const partners = partnersOf(graph);
  return graph.nodes().filter((node) => partners.get(node)!.size > 0);
}

/** Power iteration on the reversed ties, over the people with ties. */
function referencePagerank(graph: HelpGraph, alpha = 0.85): Map<string, number> {
  const people = connectedPeople(graph);
  const n = people.length;
  const received = new Map(people.map((p) => [p, 0]));
  graph.forEachEdge((_e, { weight }, _s, target) =>
    received.set(target, received.get(target)! + weight),
  );
  let x = new Map(people.map((p) => [p, 1 / n]));
  for (let iteration = 0; iteration < 10_000; iteration++) {
    let dangling = 0;
    for (const p of people) if (received.get(p) === 0) dangling += x.get(p)!;
    const next = new Map(people.map((p) => [p, (1 - alpha) / n + (alpha * dangling) / n]));
    // The walker at the helped person moves to a helper in proportion to the help received.
    graph.forEachEdge((_e, { weight }, helper, helped) => {
      next.set(
        helper,
        next.get(helper)! + (alpha * x.get(helped)! * weight) / received.get(helped)!,
      );
    });
    let change = 0;
    for (const p of people) change += Math.abs(next.get(p)! - x.get(p)!);
    x = next;
    if (change < 1e-15) break;
  }
  return x;
}

/**
 * Betweenness by its definition: BFS from everyone gives d(s, t) and σ(s, t); v lies on
 * σ(s, v) σ(v, t) of the σ(s, t) shortest paths when d(s, v) + d(v, t) = d(s, t).
 */
function referenceBetweenness(graph: HelpGraph): Map<string, number> {
  const people = connectedPeople(graph);
  const bfs = (source: string) => {
    const distance = new Map([[source, 0]]);
    const paths = new Map([[source, 1]]);
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (const w of graph.outNeighbors(v)) {
        if (!distance.has(w)) {
          distance.set(w, distance.get(v)! + 1);
          paths.set(w, 0);
          queue.push(w);
        }
        if (distance.get(w) === distance.get(v)! + 1) paths.set(w, paths.get(w)! + paths.get(v)!);
      }
    }
    return { distance, paths };
  };
  const from = new Map(people.map((p) => [p, bfs(p)]));
  const result = new Map(people.map((p) => [p, 0]));
  for (const s of people) {
    for (const t of people) {
      const dst = from.get(s)!.distance.get(t);
      if (s === t || dst === undefined) continue;
      for (const v of people) {
        if (v === s || v === t) continue;
        const dsv = from.get(s)!.distance.get(v);
        const dvt = from.get(v)!.distance.get(t);
        if (dsv === undefined || dvt === undefined || dsv + dvt !== dst) continue;
        const share =
          (from.get(s)!.paths.get(v)! * from.get(v)!.paths.get(t)!) / from.get(s)!.paths.get(t)!;
        result.set(v, result.get(v)! + share);
      }
    }
  }
  const n = people.length;
  for (const p of people) result.set(p, n < 3 ? 0 : result.get(p)! / ((n - 1) * (n - 2)));
  return result;
}

function referenceClustering(graph: HelpGraph): Map<string, number> {
  const partners = partnersOf(graph);
  const result = new Map<string, number>();
  for (const [person, mine] of partners) {
    const list = [...mine.keys()];
    let tied = 0;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) if (partners.get(list[a]!)!.has(list[b]!)) tied++;
    }
    const pairs = (list.length * (list.length - 1)) / 2;
    result.set(person, pairs === 0 ? 0 : tied / pairs);
  }
  return result;
}

/** The k-core is what remains after deleting people with fewer than k partners, repeatedly. */
function referenceCores(graph: HelpGraph): Map<string, number> {
  const partners = partnersOf(graph);
  const core = new Map([...partners.keys()].map((p) => [p, 0]));
  for (let k = 1; ; k++) {
    const alive = new Set(partners.keys());
    let removed = true;
    while (removed) {
      removed = false;
      for (const p of alive) {
        if ([...partners.get(p)!.keys()].filter((q) => alive.has(q)).length < k) {
          alive.delete(p);
          removed = true;
        }
      }
    }
    if (alive.size === 0) return core;
    for (const p of alive) core.set(p, k);
  }
}

function referenceConstraint(graph: HelpGraph): Map<string, number | null> {
  const partners = partnersOf(graph);
  const p = (i: string, j: string) => {
    const mine = partners.get(i)!;
    let total = 0;
    for (const w of mine.values()) total += w;
    return (mine.get(j) ?? 0) / total;
  };
  const result = new Map<string, number | null>();
  for (const [i, mine] of partners) {
    if (mine.size === 0) {
      result.set(i, null);
      continue;
    }
    let c = 0;
    for (const j of mine.keys()) {
      let indirect = 0;
      for (const q of mine.keys()) if (q !== j) indirect += p(i, q) * p(q, j);
      c += (p(i, j) + indirect) ** 2;
    }
    result.set(i, c);
  }
  return result;
}

function expectClose(
  actual: Record<string, number>,
  expected: Map<string, number>,
  tolerance: number,
): void {
  for (const [person, value] of expected) {
    expect(Math.abs(actual[person]! - value), person).toBeLessThanOrEqual(tolerance);
  }
}

const figure = (graph: HelpGraph, key: 'pagerank' | 'betweenness' | 'clustering' | 'coreNumber') =>
  Object.fromEntries(
    Object.entries(personMetrics(graph).people).map(([person, m]) => [person, m[key]]),
  );

// A triangle a, b, c with a pendant d on c; help in assorted directions and weights.
const TRIANGLE_AND_PENDANT: Tie[] = [
  ['a', 'b', 2],
  ['b', 'a', 1],
  ['b', 'c', 1],
  ['c', 'a', 3],
  ['c', 'd', 1],
];

const SMALL_GRAPHS: [string, () => HelpGraph][] = [
  ['triangle and pendant, one idle person', () => graphOf(TRIANGLE_AND_PENDANT, ['idle'])],
  [
    'directed path',
    () =>
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
      ]),
  ],
  [
    'directed cycle',
    () =>
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'a'],
      ]),
  ],
  ['karate club', () => karateHelp(11)],
  ['seeded random, 60 people', () => randomHelp(60, 0.06, 5)],
];

describe('personMetrics: basic figures', () => {
  it('counts help given and received, partners and reciprocity', () => {
    const { people } = personMetrics(graphOf(TRIANGLE_AND_PENDANT, ['idle']));
    // a: helps b (2), helped by b (1) and c (3): partners b (both ways) and c (one way).
    expect(people.a).toMatchObject({ helpGiven: 2, helpReceived: 4, peopleHelped: 1, helpedBy: 2 });
    expect(people.a!.reciprocity).toBe(1 / 2);
    // c: helps a (3) and d (1), helped by b (1): three partners, none both ways.
    expect(people.c).toMatchObject({ helpGiven: 4, helpReceived: 1, peopleHelped: 2, helpedBy: 1 });
    expect(people.c!.reciprocity).toBe(0);
    expect(people.idle).toEqual({
      helpGiven: 0,
      helpReceived: 0,
      peopleHelped: 0,
      helpedBy: 0,
      reciprocity: 0,
      pagerank: 0,
      betweenness: 0,
      clustering: 0,
      coreNumber: 0,
      constraint: null,
      persona: PERSONAS.notConnected,
    });
  });

  it('ignores self-help', () => {
    const plain = personMetrics(graphOf(TRIANGLE_AND_PENDANT));
    const withLoop = personMetrics(graphOf([...TRIANGLE_AND_PENDANT, ['a', 'a', 5]]));
    expect(withLoop).toEqual(plain);
  });

  it('handles a graph without ties, and an empty graph', () => {
    const { people, betweenness } = personMetrics(graphOf([], ['x', 'y']));
    expect(people.x!.persona).toBe(PERSONAS.notConnected);
    expect(people.y!.pagerank).toBe(0);
    expect(betweenness).toEqual({ method: 'exact', sources: 0 });
    expect(personMetrics(graphOf([])).people).toEqual({});
  });

  it('copes with ties of zero weight', () => {
    // a's only tie weighs nothing: no shares to compute constraint from. b received no weight,
    // so PageRank's walker teleports from b.
    const { people } = personMetrics(
      graphOf([
        ['a', 'b', 0],
        ['b', 'c', 2],
        ['c', 'b', 1],
      ]),
    );
    expect(people.a!.constraint).toBeNull();
    expect(people.a!.persona).toBe(PERSONAS.oneTie);
    expect(people.b!.constraint).toBeCloseTo(1, 12);
    const ranks = Object.values(people).map((p) => p.pagerank);
    expect(ranks.reduce((x, y) => x + y)).toBeCloseTo(1, 12);
  });

  it('rejects what is not a simple directed help graph, and bad options', () => {
    expect(() => personMetrics({} as HelpGraph)).toThrow(/^personMetrics: /);
    expect(() => personMetrics(new UndirectedGraph() as unknown as HelpGraph)).toThrow(
      /personMetrics: .*directed/,
    );
    const negative = graphOf([['a', 'b', -1]]);
    expect(() => personMetrics(negative)).toThrow(/personMetrics: tie a -> b has weight -1/);
    const graph = graphOf(TRIANGLE_AND_PENDANT);
    expect(() => personMetrics(graph, { alpha: 1 })).toThrow(/personMetrics: alpha/);
    expect(() => personMetrics(graph, { betweennessSamples: 1 })).toThrow(/betweenness: samples/);
    expect(() => personMetrics(graph, { persona: { high: 2 } })).toThrow(/persona: high/);
  });

  it('assign writes every figure as a node attribute', () => {
    const graph = graphOf(TRIANGLE_AND_PENDANT, ['idle']);
    const { people, betweenness: summary } = personMetrics(graph);
    expect(personMetrics.assign(graph)).toEqual(summary);
    for (const [person, metrics] of Object.entries(people)) {
      expect(graph.getNodeAttributes(person)).toMatchObject({ ...metrics, accounts: [] });
    }
  });
});

describe('personMetrics: PageRank on the reversed ties', () => {
  it.each(SMALL_GRAPHS)('equals plain power iteration: %s', (_name, make) => {
    const graph = make();
    const ranks = figure(graph, 'pagerank');
    expectClose(ranks, referencePagerank(graph), 1e-9);
    expect(Object.values(ranks).reduce((x, y) => x + y)).toBeCloseTo(1, 12);
  });

  it('equals graphology-metrics on a reversed copy', () => {
    const graph = karateHelp(3);
    const reversed = new DirectedGraph();
    graph.forEachNode((node) => reversed.addNode(node));
    graph.forEachEdge((_e, { weight }, source, target) =>
      reversed.addDirectedEdge(target, source, { weight }),
    );
    const expected = graphologyPagerank(reversed, {
      getEdgeWeight: 'weight',
      tolerance: 1e-14,
      maxIterations: 10_000,
    });
    expectClose(figure(graph, 'pagerank'), new Map(Object.entries(expected)), 1e-9);
  });

  it('ranks the person everyone turns to first', () => {
    const ranks = figure(
      graphOf([
        ['hub', 'a'],
        ['hub', 'b'],
        ['hub', 'c'],
        ['a', 'b'],
        ['c', 'hub'],
      ]),
      'pagerank',
    );
    expect(Object.entries(ranks).sort((x, y) => y[1] - x[1])[0]![0]).toBe('hub');
  });
});

describe('personMetrics: betweenness, directed and unweighted', () => {
  it.each(SMALL_GRAPHS)('exact equals all-pairs path counting: %s', (_name, make) => {
    const graph = make();
    expectClose(figure(graph, 'betweenness'), referenceBetweenness(graph), 1e-12);
  });

  it('exact equals graphology-metrics (unweighted) on the karate club', () => {
    // No idle people here, so both normalise by the same (n − 1)(n − 2).
    const graph = karateHelp(7);
    const expected = graphologyBetweenness(graph, { getEdgeWeight: null });
    expectClose(figure(graph, 'betweenness'), new Map(Object.entries(expected)), 1e-12);
  });

  it('a directed path: the middle person brokers most', () => {
    // a→b→c→d→e: c sits on a→d, a→e, b→d, b→e = 4 of (5−1)(5−2) = 12 ordered pairs.
    const scores = figure(
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
      ]),
      'betweenness',
    );
    expect(scores.c).toBeCloseTo(4 / 12, 12);
    expect(scores.b).toBeCloseTo(3 / 12, 12);
    expect(scores.a).toBe(0);
  });

  it('the sampled estimate stays within its stated error bound of the exact value', () => {
    // Two shapes: teams that mostly help inside; looser teams with a few hubs everyone uses.
    for (const graph of [teamHelp(1500, 15_000, 30, 3), teamHelp(1500, 4_000, 20, 8)]) {
      const index = tieIndex(graph);
      const exact = betweenness(index, { exactUpTo: Infinity, budget: Infinity });
      expect(exact.method).toBe('exact');
      for (const seed of [1, 2, 3, 4, 5]) {
        const sampled = betweenness(index, { exactUpTo: 1000, samples: 200, seed });
        expect(sampled.method).toBe('sampled');
        const errors = index.nodes.map((_node, i) =>
          Math.abs(sampled.scores[i]! - exact.scores[i]!),
        );
        // The bound holds for everyone at once; the largest standard error alone would not.
        expect(Math.max(...errors)).toBeLessThanOrEqual(sampled.errorBound!);
        expect(sampled.errorBound!).toBeGreaterThan(3 * sampled.expectedError!);
      }
    }
    const graph = teamHelp(1500, 15_000, 30, 3);
    const { people, betweenness: summary } = personMetrics(graph, {
      exactBetweennessUpTo: 1000,
      betweennessSamples: 150,
      seed: 9,
    });
    expect(summary.method).toBe('sampled');
    expect(summary.sources).toBe(150);
    const index = tieIndex(graph);
    const sampled = betweenness(index, { exactUpTo: 1000, samples: 150, seed: 9 });
    expect(summary.errorBound).toBe(sampled.errorBound);
    expect(Array.from(sampled.scores)).toEqual(
      index.nodes.map((node) => people[node]!.betweenness),
    );
  });

  it('is exact at 5,000 people by default, equal to graphology-metrics', () => {
    const graph = teamHelp(5000, 20_000, 25, 11);
    const { people, betweenness: summary } = personMetrics(graph);
    expect(summary).toEqual({ method: 'exact', sources: graph.order });
    const expected = graphologyBetweenness(graph, { getEdgeWeight: null });
    expectClose(
      Object.fromEntries(Object.entries(people).map(([node, m]) => [node, m.betweenness])),
      new Map(Object.entries(expected)),
      1e-12,
    );
  }, 120_000);

  it('samples above 10,000 people, or when exact work would exceed its budget', () => {
    const large = tieIndex(teamHelp(10_200, 30_000, 10, 12));
    const connected = large.nodes.filter((_n, i) => large.offsets[i + 1]! > large.offsets[i]!);
    expect(connected.length).toBeGreaterThan(10_000);
    expect(betweenness(large).method).toBe('sampled');
    const index = tieIndex(teamHelp(300, 2_000, 20, 4));
    const work = 300 * index.outNeighbours.length;
    expect(betweenness(index, { budget: work }).method).toBe('exact');
    expect(betweenness(index, { budget: work - 1 }).method).toBe('sampled');
    expect(() => betweenness(index, { confidence: 1 })).toThrow(/^betweenness: confidence/);
  });

  it('the sample depends on the seed only', () => {
    const graph = teamHelp(300, 2_000, 20, 4);
    const options = { exactBetweennessUpTo: 100, betweennessSamples: 30 };
    const once = personMetrics(graph, { ...options, seed: 1 });
    expect(personMetrics(graph, { ...options, seed: 1 })).toEqual(once);
    expect(personMetrics(graph, { ...options, seed: 2 }).betweenness.expectedError).not.toBe(
      once.betweenness.expectedError,
    );
  });
});

describe('personMetrics: clustering, core number, constraint on the undirected ties', () => {
  it('a triangle with a pendant, by hand', () => {
    const { people } = personMetrics(graphOf(TRIANGLE_AND_PENDANT, ['idle']));
    // a and b: their two partners are tied. c: partners a, b, d; only a–b of 3 pairs tied.
    expect(people.a!.clustering).toBe(1);
    expect(people.b!.clustering).toBe(1);
    expect(people.c!.clustering).toBeCloseTo(1 / 3, 15);
    expect(people.d!.clustering).toBe(0);
    // The triangle is a 2-core; d hangs on by one tie.
    expect([people.a, people.b, people.c, people.d, people.idle].map((p) => p!.coreNumber)).toEqual(
      [2, 2, 2, 1, 0],
    );
    // d has one tie: c = p² = 1. c: s(c,a) = 3, s(c,b) = 1, s(c,d) = 1, so p = 3/5, 1/5, 1/5;
    // a: s(a,b) = 3, s(a,c) = 3, p = 1/2 each; b: s(b,a) = 3, s(b,c) = 1, p = 3/4, 1/4.
    // c_c = (3/5 + 1/5·3/4)² + (1/5 + 3/5·1/2)² + (1/5)² = 0.5625 + 0.25 + 0.04.
    expect(people.d!.constraint).toBe(1);
    expect(people.c!.constraint).toBeCloseTo(0.5625 + 0.25 + 0.04, 12);
    expect(people.idle!.constraint).toBeNull();
  });

  it('a star: the centre of n is constrained 1/n, each leaf 1', () => {
    for (const n of [2, 5, 12]) {
      const leaves = Array.from({ length: n }, (_, i) => `leaf${i}`);
      const { people } = personMetrics(
        graphOf(leaves.map((leaf, i): Tie => (i % 2 ? ['centre', leaf, 3] : [leaf, 'centre', 3]))),
      );
      expect(people.centre!.constraint).toBeCloseTo(1 / n, 12);
      expect(people.centre!.clustering).toBe(0);
      expect(people.centre!.coreNumber).toBe(1);
      for (const leaf of leaves) expect(people[leaf]!.constraint).toBe(1);
    }
  });

  it('a clique of four with equal help: everyone at (1/3 + 2/9)² · 3', () => {
    const members = ['a', 'b', 'c', 'd'];
    const ties = members.flatMap((x) => members.filter((y) => y !== x).map((y): Tie => [x, y]));
    const { people } = personMetrics(graphOf(ties));
    for (const m of members) {
      expect(people[m]!.constraint).toBeCloseTo(3 * (1 / 3 + 2 / 9) ** 2, 12);
      expect(people[m]!.clustering).toBe(1);
      expect(people[m]!.coreNumber).toBe(3);
      expect(people[m]!.reciprocity).toBe(1);
    }
  });

  it.each(SMALL_GRAPHS)('equal plain pair counting, peeling and the formula: %s', (_name, make) => {
    const graph = make();
    const { people } = personMetrics(graph);
    expectClose(figure(graph, 'clustering'), referenceClustering(graph), 1e-12);
    expect(figure(graph, 'coreNumber')).toEqual(Object.fromEntries(referenceCores(graph)));
    for (const [person, expected] of referenceConstraint(graph)) {
      if (expected === null) expect(people[person]!.constraint).toBeNull();
      else expect(people[person]!.constraint).toBeCloseTo(expected, 12);
    }
  });
});

describe('personMetrics: persona', () => {
  it('go-to person, asks more than helps, balanced, one tie only, not connected', () => {
    // hub helps p1…p6; p1→p2, p3→p4, p5→p6; x→y apart. People helped, sorted: 0,0,0,0,1,1,1,1,6:
    // median (5th of 9) 1, 90th percentile (9th of 9) 6: only the hub helps many, asking nothing.
    const ties: Tie[] = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p): Tie => ['hub', p]);
    ties.push(['p1', 'p2'], ['p3', 'p4'], ['p5', 'p6']);
    const { people } = personMetrics(graphOf([...ties, ['x', 'y']], ['idle']));
    expect(people.hub!.persona).toBe(PERSONAS.goTo);
    // p2 is helped by the hub and p1 and helps nobody; p1 gives 1 and gets 1. Neither brokers
    // (betweenness 0) nor stands out on clustering (1, like every p: not above the median).
    expect(people.p2!.persona).toBe(PERSONAS.asksMore);
    expect(people.p1!.persona).toBe(PERSONAS.balanced);
    expect(people.x!.persona).toBe(PERSONAS.oneTie);
    expect(people.idle!.persona).toBe(PERSONAS.notConnected);
    // Without x and y: 0,0,0,1,1,1,6, median 1 and 90th percentile 6 still. With no imbalance
    // required, getting as much as one gives already counts as asking more.
    const even = personMetrics(graphOf(ties), { persona: { imbalance: 1 } }).people;
    expect(even.p1!.persona).toBe(PERSONAS.asksMore);
  });

  it('broker between groups', () => {
    // Two groups of four, everyone helping everyone within; x trades help with a1 and b1 only.
    // Betweenness: x lies on all 32 ordered routes between {a*} and {b*}; a1 and b1 on 30 (a2…a4
    // to x and the b's, and back); the rest 0: median 0, 90th percentile (9th of 9) 32. x has the
    // least constraint (two unconnected partners: 1/2 against a1's 0.58 and a2's 0.87).
    const ties: Tie[] = [];
    for (const group of ['a', 'b']) {
      for (let i = 1; i <= 4; i++) {
        for (let j = 1; j <= 4; j++) if (i !== j) ties.push([`${group}${i}`, `${group}${j}`]);
      }
      ties.push(['x', `${group}1`], [`${group}1`, 'x']);
    }
    const { people } = personMetrics(graphOf(ties));
    expect(people.x!.betweenness).toBeCloseTo(32 / (8 * 7), 12);
    expect(people.x!.constraint).toBeCloseTo(0.5, 12);
    // a1: four ties of s = 2, p = 1/4; to a2 also via a3 and a4 (1/4 · 1/3 each): 3 (5/12)² +
    // (1/4)² = 84/144. a2: p = 1/3 each; to a1 via a3, a4: (1/3 + 2/9)²; to a3 via a1 (1/3 · 1/4)
    // and a4 (1/9): (1/3 + 7/36)², the same to a4.
    expect(people.a1!.constraint).toBeCloseTo(84 / 144, 12);
    expect(people.a2!.constraint).toBeCloseTo((5 / 9) ** 2 + 2 * (19 / 36) ** 2, 12);
    expect(people.x!.persona).toBe(PERSONAS.broker);
    expect(people.a2!.persona).toBe(PERSONAS.balanced);
    // a1 helps the most people (4; 90th percentile 4, median 3) but gets as much as it gives.
    expect(people.a1!.persona).toBe(PERSONAS.balanced);
    // From the 80th percentile (8th of 9: 30), a1 brokers too: its constraint is below the median.
    const wider = personMetrics(graphOf(ties), { persona: { high: 0.8 } }).people;
    expect(wider.a1!.persona).toBe(PERSONAS.broker);
  });

  it('helps within a tight circle', () => {
    // A clique of four trading help, beside a chain c1→…→c6. Clustering: 1 in the clique, 0 on
    // the chain: median 0, 90th percentile (9th of 10) 1. Clique members help many (3 of them,
    // the 90th percentile) but as much as they get, and broker nothing (betweenness 0).
    const ties: Tie[] = [];
    for (const x of ['t1', 't2', 't3', 't4']) {
      for (const y of ['t1', 't2', 't3', 't4']) if (x !== y) ties.push([x, y]);
    }
    for (let i = 1; i < 6; i++) ties.push([`c${i}`, `c${i + 1}`]);
    const { people } = personMetrics(graphOf(ties));
    for (const t of ['t1', 't2', 't3', 't4']) expect(people[t]!.persona).toBe(PERSONAS.tightCircle);
    expect(people.c1!.persona).toBe(PERSONAS.oneTie);
  });
});
