/**
 * Communities, NMI and community tracking on real graphology graphs. Expected figures are
 * derived by hand in the comments, or recomputed by an independent route (graphology-metrics'
 * modularity, Louvain on a real merged UndirectedGraph), never remembered from a run.
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import karateClub from 'graphology-generators/social/karate-club.js';
import modularity from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, detectCommunities } from '../server/analytics/communities.ts';
import { trackCommunities, type CommunityEvent } from '../server/analytics/community-tracking.ts';
import type { HelpGraph, PersonAttributes, TieAttributes } from '../server/analytics/graph.ts';
import { normalizedMutualInformation } from '../server/analytics/nmi.ts';
import { mulberry32 } from '../server/analytics/random.ts';

/** The club, typed with the (absent) `team` detectCommunities reads. */
function karate() {
  return karateClub<{ club: string; team?: string }>(UndirectedGraph);
}

/** The partition as sorted member lists, sorted: equal for equal partitions, whatever the ids. */
function groups(assignment: Record<string, number | string>): string[][] {
  const byId = new Map<number | string, string[]>();
  for (const [node, id] of Object.entries(assignment)) {
    byId.set(id, [...(byId.get(id) ?? []), node]);
  }
  return [...byId.values()].map((g) => g.sort()).sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

/** The help graph's undirected tie graph built the plain way: A → B and B → A summed. */
function mergedUndirected(graph: DirectedGraph | UndirectedGraph): UndirectedGraph {
  const merged = new UndirectedGraph();
  for (const node of graph.nodes().sort())
    if (graph.degreeWithoutSelfLoops(node) > 0) merged.addNode(node);
  const pairs = new Map<string, [string, string, number]>();
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (source === target) return;
    const [s, t] = source < target ? [source, target] : [target, source];
    const pair = pairs.get(`${s}\u0000${t}`) ?? [s, t, 0];
    pair[2] += (attributes.weight as number | undefined) ?? 1;
    pairs.set(`${s}\u0000${t}`, pair);
  });
  for (const key of [...pairs.keys()].sort()) {
    const [s, t, weight] = pairs.get(key)!;
    merged.addUndirectedEdge(s, t, { weight });
  }
  return merged;
}

/** Louvain itself, best of `runs` runs on one seeded stream, as detectCommunities documents. */
function bestOfRuns(graph: UndirectedGraph, runs: number) {
  const rng = mulberry32(DEFAULTS.seed);
  let best = louvain.detailed(graph, { rng });
  for (let run = 1; run < runs; run++) {
    const next = louvain.detailed(graph, { rng });
    if (next.modularity > best.modularity) best = next;
  }
  return best;
}

describe('detectCommunities on Zachary’s karate club', () => {
  const graph = karate();
  const result = detectCommunities(graph);

  it('finds a partition near the known modularity optimum (0.4198), whatever the seed', () => {
    expect(result.modularity).toBeGreaterThan(0.4);
    expect(result.modularity).toBeLessThan(0.44);
    for (let seed = 0; seed < 50; seed++) {
      const best = detectCommunities(graph, { seed }).modularity;
      expect(best).toBeGreaterThan(0.4);
      expect(best).toBeLessThan(0.44);
      expect(detectCommunities(graph, { seed, runs: 1 }).modularity).toBeLessThanOrEqual(best);
    }
    // 78 ties: a budget of 100 leaves room for one run only.
    expect(detectCommunities(graph, { runBudget: 100 })).toEqual(
      detectCommunities(graph, { runs: 1 }),
    );
  });

  it('reports the modularity graphology-metrics computes for its partition', () => {
    const recomputed = modularity(graph, { getNodeCommunity: (node) => result.assignment[node]! });
    expect(result.modularity).toBeCloseTo(recomputed, 12);
  });

  it('recovers the two factions of the split', () => {
    // Criterion: every community is at least 90% one faction (at most one member in ten from
    // the other), and each faction is the majority of some community.
    const majorities = new Set<string>();
    for (const community of result.communities) {
      const counts = new Map<string, number>();
      for (const member of community.members) {
        const club = graph.getNodeAttribute(member, 'club');
        counts.set(club, (counts.get(club) ?? 0) + 1);
      }
      const [club, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      expect(count / community.size).toBeGreaterThanOrEqual(0.9);
      majorities.add(club);
    }
    expect([...majorities].sort()).toEqual(['Mr. Hi', 'Officer']);
  });

  it('puts every member (all have ties) in exactly one community, ids by size', () => {
    expect(Object.keys(result.assignment).sort()).toEqual(graph.nodes().sort());
    const sizes = result.communities.map((c) => c.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(34);
    result.communities.forEach((c, id) => {
      expect(c.id).toBe(id);
      for (const member of c.members) expect(result.assignment[member]).toBe(id);
    });
  });

  it('gives the same answer for the same seed, and whatever order the graph was built in', () => {
    expect(detectCommunities(karate())).toEqual(result);
    expect(detectCommunities(karate(), { seed: DEFAULTS.seed })).toEqual(result);
    const reversed = new UndirectedGraph();
    for (const node of graph.nodes().reverse())
      reversed.addNode(node, graph.getNodeAttributes(node));
    for (const edge of graph.edges().reverse()) {
      reversed.addUndirectedEdge(graph.target(edge), graph.source(edge));
    }
    expect(detectCommunities(reversed)).toEqual(result);
  });

  it('matches Louvain run on the graph itself with the same seed', () => {
    // 78 ties: all 8 runs fit the budget.
    const direct = bestOfRuns(mergedUndirected(graph), DEFAULTS.runs);
    expect(groups(result.assignment)).toEqual(groups(direct.communities));
    expect(result.modularity).toBeCloseTo(direct.modularity, 12);
  });
});

/**
 * Three communities of five, each a one-way clique (every pair has one tie, weight 2), joined by
 * two weak ties (weight 1), with two tweaks in P: a1 → c1 weighs 5, and b1 → a1 (weight 1)
 * reciprocates a1 → b1. Plus z, with no ties, and y, who only "helped" themself.
 *
 *   P = a1 a2 b1 b2 c1   teams A A B B C   → A 2, B 2, C 1: share 0.4, two teams of ≥ 2: cross-team
 *   Q = d1 d2 d3 d4 a3   teams D D D D A   → D 4, A 1: share 0.8: not cross-team
 *   R = e1 e2 f1 g1 n1   teams E E F G -   → E 2, F 1, G 1: share 0.4 but one team of ≥ 2: not
 *   bridges: a2 → d1, d2 → e1
 */
function crafted(): HelpGraph {
  const graph: HelpGraph = new DirectedGraph<PersonAttributes, TieAttributes>();
  const teams: Record<string, string | null> = {
    a1: 'A',
    a2: 'A',
    b1: 'B',
    b2: 'B',
    c1: 'C',
    d1: 'D',
    d2: 'D',
    d3: 'D',
    d4: 'D',
    a3: 'A',
    e1: 'E',
    e2: 'E',
    f1: 'F',
    g1: 'G',
    n1: null,
    z: 'Z',
    y: 'Y',
  };
  for (const [person, team] of Object.entries(teams)) {
    graph.addNode(person, {
      name: person,
      team,
      manager: null,
      title: null,
      joinedAt: null,
      accounts: [],
    });
  }
  const tie = (helper: string, helped: string, weight: number) =>
    graph.addDirectedEdge(helper, helped, { weight, interactions: weight });
  for (const members of [
    ['a1', 'a2', 'b1', 'b2', 'c1'],
    ['d1', 'd2', 'd3', 'd4', 'a3'],
    ['e1', 'e2', 'f1', 'g1', 'n1'],
  ]) {
    members.forEach((helper, i) => {
      for (const helped of members.slice(i + 1))
        tie(helper, helped, helper === 'a1' && helped === 'c1' ? 5 : 2);
    });
  }
  tie('b1', 'a1', 1);
  tie('a2', 'd1', 1);
  tie('d2', 'e1', 1);
  tie('y', 'y', 4);
  return graph;
}

describe('detectCommunities summaries', () => {
  const topicWeights = {
    a1: { kafka: 3, sql: 1 },
    c1: { kafka: 2, go: 4, rust: 0 },
    b1: { sql: 2 },
    d1: { terraform: 5 },
    z: { kafka: 100 },
  };
  const result = detectCommunities(crafted(), { topicWeights });
  const [p, q, r] = result.communities;

  it('finds the three planted communities, without the people who have no ties', () => {
    expect(result.communities.map((c) => c.members)).toEqual([
      ['a1', 'a2', 'b1', 'b2', 'c1'],
      ['a3', 'd1', 'd2', 'd3', 'd4'],
      ['e1', 'e2', 'f1', 'g1', 'n1'],
    ]);
    expect('z' in result.assignment).toBe(false);
    expect('y' in result.assignment).toBe(false);
  });

  it('reports their modularity', () => {
    // Undirected weights: inside P 8 × 2 + 5 + (2 + 1) = 24, inside Q and R 10 × 2 = 20, two
    // bridges of 1: m = 66. Community degrees: P 2 × 24 + 1 = 49, Q 40 + 2 = 42, R 40 + 1 = 41.
    const expected = (24 + 20 + 20) / 66 - (49 ** 2 + 42 ** 2 + 41 ** 2) / 132 ** 2;
    expect(result.modularity).toBeCloseTo(expected, 12);
    const direct = bestOfRuns(mergedUndirected(crafted()), DEFAULTS.runs);
    expect(groups(result.assignment)).toEqual(groups(direct.communities));
  });

  it('counts teams and decides cross-team', () => {
    expect(p!.teams).toEqual([
      { team: 'A', count: 2 },
      { team: 'B', count: 2 },
      { team: 'C', count: 1 },
    ]);
    expect(p!.mainTeamShare).toBeCloseTo(0.4, 12);
    expect(p!.crossTeam).toBe(true);
    expect(q!.teams).toEqual([
      { team: 'D', count: 4 },
      { team: 'A', count: 1 },
    ]);
    expect(q!.mainTeamShare).toBeCloseTo(0.8, 12);
    expect(q!.crossTeam).toBe(false);
    expect(r!.teams).toEqual([
      { team: 'E', count: 2 },
      { team: 'F', count: 1 },
      { team: 'G', count: 1 },
    ]);
    expect(r!.mainTeamShare).toBeCloseTo(0.4, 12);
    expect(r!.crossTeam).toBe(false);
    // With one member enough for a team to count, R draws on three teams.
    const lenient = detectCommunities(crafted(), { minTeamMembers: 1 });
    expect(lenient.communities[2]!.crossTeam).toBe(true);
  });

  it('ranks key people by their ties inside the community, both directions summed', () => {
    // a1: a2 2 + b1 (2 + 1) + b2 2 + c1 5 = 12; c1: 5 + 2 + 2 + 2 = 11; b1: 3 + 2 + 2 + 2 = 9;
    // a2: 2 + 2 + 2 + 2 = 8 (its bridge to d1 left out); b2: 8.
    expect(p!.keyPeople).toEqual([
      { person: 'a1', weight: 12 },
      { person: 'c1', weight: 11 },
      { person: 'b1', weight: 9 },
      { person: 'a2', weight: 8 },
      { person: 'b2', weight: 8 },
    ]);
    // Q is a plain clique of weight 2: 4 × 2 = 8 each, ties broken by id.
    expect(q!.keyPeople).toEqual(
      ['a3', 'd1', 'd2', 'd3', 'd4'].map((person) => ({ person, weight: 8 })),
    );
    expect(detectCommunities(crafted(), { topKeyPeople: 2 }).communities[0]!.keyPeople).toEqual([
      { person: 'a1', weight: 12 },
      { person: 'c1', weight: 11 },
    ]);
  });

  it('sums topics over members', () => {
    // P: kafka 3 + 2, go 4, sql 1 + 2; rust 0 left out; z is in no community.
    expect(p!.topics).toEqual([
      { topic: 'kafka', weight: 5 },
      { topic: 'go', weight: 4 },
      { topic: 'sql', weight: 3 },
    ]);
    expect(q!.topics).toEqual([{ topic: 'terraform', weight: 5 }]);
    expect(r!.topics).toEqual([]);
    const top = detectCommunities(crafted(), { topicWeights, topTopics: 1 });
    expect(top.communities[0]!.topics).toEqual([{ topic: 'kafka', weight: 5 }]);
    expect(detectCommunities(crafted()).communities[0]!.topics).toEqual([]);
  });

  it('names each community by its most distinctive topics, else its main team', () => {
    // Topic totals: P kafka 5, go 4, sql 3 (of 12); Q terraform 5; overall 17. In P every
    // topic has lift (x/12)/(x/17) = 17/12, so share × ln(lift) ranks them by share: kafka, go.
    // R gave no topics and no contexts: its main team (E, 2 of 5) names it.
    expect(result.communities.map((c) => [c.name, c.nameFrom])).toEqual([
      ['kafka · go', 'topics'],
      ['terraform', 'topics'],
      ['mostly E', 'team'],
    ]);
    const withContexts = detectCommunities(crafted(), {
      topicWeights,
      contextWeights: { e1: { '#support': 2 }, f1: { '#support': 1, '#random': 1 } },
    });
    expect(withContexts.communities[2]).toMatchObject({
      name: '#support · #random',
      nameFrom: 'contexts',
    });
  });

  it('leaves out a topic everyone shares, and never names two communities alike', () => {
    // "help" is everywhere with the same share: lift 1, score 0, so it names no one.
    const everywhere = {
      a1: { help: 5, kafka: 5 },
      d1: { help: 5, terraform: 5 },
      e1: { help: 5, terraform: 1, kafka: 1, k8s: 3 },
    };
    const names = detectCommunities(crafted(), { topicWeights: everywhere }).communities.map(
      (c) => c.name,
    );
    expect(names[0]).toBe('kafka');
    expect(names[1]).toBe('terraform');
    expect(names[2]!.startsWith('k8s')).toBe(true);
    expect(new Set(names).size).toBe(3);
  });

  it('has no org-chart agreement, not a null one, when no one has a team', () => {
    const graph = crafted();
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'team', null));
    const result = detectCommunities(graph, { topicWeights });
    expect(result).not.toHaveProperty('agreement');
    expect(result.communities[2]).toMatchObject({
      name: 'no shared topic or context',
      nameFrom: 'none',
    });
  });

  it('measures agreement with the org chart over people in a community with a team', () => {
    // n1 has no team; z and y are in no community: 14 people, teams A B C D E F G.
    expect(result.agreement!.people).toBe(14);
    expect(result.agreement!.teams).toBe(7);
    const teams = new Map<string, string>();
    const graph = crafted();
    for (const person of Object.keys(result.assignment)) {
      const team = graph.getNodeAttribute(person, 'team');
      if (team) teams.set(person, team);
    }
    expect(result.agreement!.nmi).toBeCloseTo(
      normalizedMutualInformation(result.assignment, teams),
      12,
    );
  });

  it('handles a graph without ties, and rejects bad input naming itself', () => {
    const lonely: HelpGraph = new DirectedGraph<PersonAttributes, TieAttributes>();
    lonely.addNode('z', {
      name: 'z',
      team: 'Z',
      manager: null,
      title: null,
      joinedAt: null,
      accounts: [],
    });
    expect(detectCommunities(lonely)).toEqual({
      modularity: 0,
      assignment: {},
      communities: [],
    });
    expect(() => detectCommunities({} as HelpGraph)).toThrow(/^detectCommunities:/);
    expect(() => detectCommunities(crafted(), { resolution: 0 })).toThrow(/^detectCommunities:/);
    expect(() =>
      detectCommunities(crafted(), { topicWeights: { a1: { go: Number.NaN } } }),
    ).toThrow(/^detectCommunities: topic weight/);
    // Undefined options take their defaults.
    expect(detectCommunities(crafted(), { seed: undefined })).toEqual(detectCommunities(crafted()));
    const bad = crafted();
    bad.setEdgeAttribute(bad.edges()[0]!, 'weight', Number.NaN);
    expect(() => detectCommunities(bad)).toThrow(/^detectCommunities: tie .* invalid weight/);
  });
});

describe('detectCommunities on a larger random graph', () => {
  /**
   * 300 people in 6 teams of 50; each tie stays in the helper's team with probability 0.8;
   * about a third are reciprocated. Inserted in a seeded random order, twice differently.
   */
  function planted(order: number): HelpGraph {
    const rng = mulberry32(11);
    const ties = new Map<string, [string, string, number]>();
    const person = (i: number) => `p${String(i).padStart(3, '0')}`;
    while (ties.size < 3000) {
      const s = Math.floor(rng() * 300);
      const t =
        rng() < 0.8 ? Math.floor(s / 50) * 50 + Math.floor(rng() * 50) : Math.floor(rng() * 300);
      if (s === t) continue;
      const weight = 1 + Math.floor(rng() * 4);
      ties.set(`${person(s)}>${person(t)}`, [person(s), person(t), weight]);
      if (rng() < 0.3) ties.set(`${person(t)}>${person(s)}`, [person(t), person(s), weight]);
    }
    const shuffle = mulberry32(order);
    const rows = [...ties.values()].sort(() => shuffle() - 0.5);
    const people = Array.from({ length: 300 }, (_, i) => i).sort(() => shuffle() - 0.5);
    const graph: HelpGraph = new DirectedGraph<PersonAttributes, TieAttributes>();
    for (const i of people) {
      graph.addNode(person(i), {
        name: null,
        team: `t${Math.floor(i / 50)}`,
        manager: null,
        title: null,
        joinedAt: null,
        accounts: [],
      });
    }
    for (const [helper, helped, weight] of rows) {
      graph.addDirectedEdge(helper, helped, { weight, interactions: 1 });
    }
    return graph;
  }

  it('matches Louvain on the merged UndirectedGraph, whatever the insertion order', () => {
    const graph = planted(1);
    const result = detectCommunities(graph);
    const merged = mergedUndirected(graph);
    const runs = Math.min(DEFAULTS.runs, Math.floor(DEFAULTS.runBudget / merged.size));
    const direct = bestOfRuns(merged, runs);
    expect(groups(result.assignment)).toEqual(groups(direct.communities));
    expect(result.modularity).toBeCloseTo(direct.modularity, 12);
    expect(result.modularity).toBeCloseTo(
      modularity(merged, { getNodeCommunity: (node) => result.assignment[node]! }),
      12,
    );
    expect(detectCommunities(planted(2))).toEqual(result);
    // The planted teams come back: 80% of ties inside a team is strong structure.
    expect(result.agreement!.nmi).toBeGreaterThan(0.9);
  });
});

describe('normalizedMutualInformation', () => {
  it('equals a hand computation', () => {
    // A = {x1 x2}{x3 x4}, B = {x1 x2 x3}{x4}. p(A) = ½ ½, p(B) = ¾ ¼;
    // joint: (A1,B1) ½, (A2,B1) ¼, (A2,B2) ¼.
    const a = { x1: 0, x2: 0, x3: 1, x4: 1 };
    const b = new Map([
      ['x1', 'u'],
      ['x2', 'u'],
      ['x3', 'u'],
      ['x4', 'v'],
    ]);
    const mutual =
      0.5 * Math.log(0.5 / (0.5 * 0.75)) +
      0.25 * Math.log(0.25 / (0.5 * 0.75)) +
      0.25 * Math.log(0.25 / (0.5 * 0.25));
    const hA = Math.log(2);
    const hB = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    const expected = mutual / ((hA + hB) / 2); // ≈ 0.3437
    expect(normalizedMutualInformation(a, b)).toBeCloseTo(expected, 12);
    expect(normalizedMutualInformation(b, a)).toBeCloseTo(expected, 12);
  });

  it('is 1 for identical partitions, whatever the labels', () => {
    const a = { p: 1, q: 1, r: 2, s: 3, t: 3 };
    const b = { p: 'x', q: 'x', r: 'y', s: 'z', t: 'z' };
    expect(normalizedMutualInformation(a, b)).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation(a, a)).toBeCloseTo(1, 12);
  });

  it('is 0 for independent partitions, and symmetric', () => {
    // Every block of one meets every block of the other in the same proportion.
    const a = { x1: 0, x2: 0, x3: 1, x4: 1, x5: 0, x6: 0, x7: 1, x8: 1 };
    const b = { x1: 'u', x2: 'v', x3: 'u', x4: 'v', x5: 'u', x6: 'v', x7: 'u', x8: 'v' };
    expect(normalizedMutualInformation(a, b)).toBeCloseTo(0, 12);
    const c = { x1: 0, x2: 1, x3: 1, x4: 2, x5: 2, x6: 2, x7: 0, x8: 1 };
    expect(normalizedMutualInformation(a, c)).toBe(normalizedMutualInformation(c, a));
    expect(normalizedMutualInformation(b, c)).toBe(normalizedMutualInformation(c, b));
  });

  it('counts only items in both, and handles single blocks', () => {
    expect(
      normalizedMutualInformation({ x: 0, y: 0, z: 1, extra: 5 }, { x: 0, y: 0, z: 1 }),
    ).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation({ x: 0, y: 0 }, { x: 'a', y: 'a' })).toBe(1);
    expect(normalizedMutualInformation({ x: 0, y: 0 }, { x: 'a', y: 'b' })).toBe(0);
    expect(() => normalizedMutualInformation(null as never, {})).toThrow(
      /^normalizedMutualInformation:/,
    );
  });
});

describe('trackCommunities', () => {
  const people = (prefix: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
  const assign = (communities: string[][]) =>
    Object.fromEntries(communities.flatMap((members, id) => members.map((m) => [m, id])));

  const previous = assign([
    people('a', 1, 10), // 0 → stays as current 0
    people('b', 1, 10), // 1 → grows
    people('c', 1, 10), // 2 → shrinks
    people('d', 1, 12), // 3 → splits in two
    people('e', 1, 6), // 4 ┐ merge
    people('f', 1, 4), // 5 ┘
    people('h', 1, 6), // 6 → dissolves
    people('k', 1, 20), // 7 → splits; one piece matches by containment only
  ]);
  const current = assign([
    people('a', 1, 10), // 0
    [...people('b', 1, 10), 'n1', 'n2', 'n3'], // 1
    people('c', 1, 7), // 2
    people('d', 1, 8), // 3
    people('d', 9, 12), // 4
    [...people('e', 1, 6), ...people('f', 1, 4)], // 5
    [...people('g', 1, 4), 'h1'], // 6
    people('k', 1, 16), // 7
    ['k17', 'k18', 'k19', 'x1'], // 8
    ['k20', 'y1'], // 9
  ]);
  const events = trackCommunities(previous, current);
  const of = (c: number) => events.find((e) => e.current === c)!;

  it('gives each current community a status by the documented rules', () => {
    expect(events.map((e) => [e.current, e.status])).toEqual([
      [0, 'stable'], // Jaccard 1, same size
      [1, 'grown'], // Jaccard 10/13, size +30%
      [2, 'shrunk'], // Jaccard 7/10, size −30%
      [3, 'split'], // Jaccard 8/12 with previous 3, which also matches current 4
      [4, 'split'], // Jaccard 4/12 ≥ 0.3
      [5, 'merged'], // Jaccard 6/10 and 4/10 with previous 4 and 5
      [6, 'new'], // one person of previous 6: Jaccard 1/10, containment 1/5
      [7, 'split'], // Jaccard 16/20 with previous 7, which also matches current 8
      [8, 'split'], // Jaccard 3/21 but containment 3/4 ≥ 0.5 with 3 shared
      [9, 'new'], // containment 1/2 but only 1 shared
      [null, 'dissolved'], // previous 6
    ]);
  });

  it('reports the matched ids and overlaps', () => {
    expect(of(0)).toEqual({
      status: 'stable',
      current: 0,
      previous: [0],
      size: 10,
      previousSize: 10,
      matches: [{ previous: 0, current: 0, shared: 10, jaccard: 1 }],
    } satisfies CommunityEvent);
    expect(of(1).matches).toEqual([{ previous: 1, current: 1, shared: 10, jaccard: 10 / 13 }]);
    expect(of(4).matches).toEqual([{ previous: 3, current: 4, shared: 4, jaccard: 4 / 12 }]);
    expect(of(5)).toMatchObject({ previous: [4, 5], size: 10, previousSize: 10 });
    expect(of(5).matches.map((m) => m.jaccard)).toEqual([6 / 10, 4 / 10]);
    expect(of(8).matches).toEqual([{ previous: 7, current: 8, shared: 3, jaccard: 3 / 21 }]);
    expect(of(6)).toMatchObject({ previous: [], previousSize: 0, matches: [] });
    expect(events.at(-1)).toEqual({
      status: 'dissolved',
      current: null,
      previous: [6],
      size: 0,
      previousSize: 6,
      matches: [],
    });
  });

  it('follows its thresholds', () => {
    // Current 1 grew by 30%: at a 35% threshold it is stable.
    expect(trackCommunities(previous, current, { sizeChange: 0.35 })[1]!.status).toBe('stable');
    // Without the containment rule, current 8 is new.
    const strict = trackCommunities(previous, current, { minContainment: 1, minShared: 4 });
    expect(strict.find((e) => e.current === 8)!.status).toBe('new');
    expect(strict.find((e) => e.current === 7)!.status).toBe('shrunk'); // 16 of 20: −20%
  });

  it('treats everything as new or dissolved across empty windows, and rejects bad input', () => {
    expect(trackCommunities({}, { p: 0 }).map((e) => e.status)).toEqual(['new']);
    expect(trackCommunities({ p: 0 }, {}).map((e) => e.status)).toEqual(['dissolved']);
    expect(() => trackCommunities({ p: 0.5 }, {})).toThrow(/^trackCommunities:/);
    expect(() => trackCommunities({}, {}, { minJaccard: 2 })).toThrow(/^trackCommunities:/);
    expect(() => trackCommunities({}, {}, { minShared: -1 })).toThrow(/^trackCommunities:/);
  });
});
