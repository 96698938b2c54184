import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../server/analytics/communities.ts';
import { tieIndex } from '../server/analytics/indices/tie-index.ts';
import { undirectedTies } from '../server/analytics/indices/undirected-ties.ts';
import type { HelpNetwork, RosterPerson } from '../server/analytics/model.ts';
import { mulberry32 } from '../server/analytics/random.ts';

/**
 * The one undirected merge (analytics/indices/undirected-ties.ts) that the person metrics and
 * Louvain share, against the plain way: a map of pairs, each summing the help of both directions.
 */

function person(id: string): RosterPerson {
  return {
    person: id,
    name: null,
    team: null,
    manager: null,
    title: null,
    joinedAt: null,
    accounts: [],
  };
}

/** A random simple network: some ties mutual, some of weight 0, some to oneself, in any order. */
function randomNetwork(seed: number): HelpNetwork {
  const random = mulberry32(seed);
  const n = 12 + Math.floor(random() * 30);
  const people = Array.from({ length: n }, (_, i) => person(`p${Math.floor(random() * 1e6)}-${i}`));
  const ties = new Map<string, [number, number, number]>();
  for (let k = 0; k < n * 3; k++) {
    const a = Math.floor(random() * n);
    const b = random() < 0.05 ? a : Math.floor(random() * n);
    ties.set(`${a} ${b}`, [a, b, random() < 0.15 ? 0 : Math.ceil(random() * 40) / 8]);
  }
  const list = [...ties.values()];
  return {
    people,
    helper: Int32Array.from(list, (t) => t[0]),
    helped: Int32Array.from(list, (t) => t[1]),
    weight: Float64Array.from(list, (t) => t[2]),
    interactions: Int32Array.from(list, () => 1),
  };
}

/** Partner → summed weight per person, ties to oneself left out: the oracle. */
function pairsByHand(network: HelpNetwork): Map<number, Map<number, number>> {
  const pairs = new Map<number, Map<number, number>>();
  const add = (i: number, j: number, w: number) => {
    const partners = pairs.get(i) ?? new Map<number, number>();
    partners.set(j, (partners.get(j) ?? 0) + w);
    pairs.set(i, partners);
  };
  network.helper.forEach((i, k) => {
    const j = network.helped[k]!;
    if (i === j) return;
    add(i, j, network.weight[k]!);
    add(j, i, network.weight[k]!);
  });
  return pairs;
}

describe('the undirected tie graph', () => {
  it('sums both directions of each pair into one tie, partners sorted, whatever the tie order', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const network = randomNetwork(seed);
      const ties = undirectedTies(network, 'test');
      const expected = pairsByHand(network);
      expect(ties.nodes).toEqual(network.people.map((p) => p.person));
      for (let i = 0; i < ties.nodes.length; i++) {
        const partners = [...(expected.get(i) ?? new Map<number, number>())].sort(
          (a, b) => a[0] - b[0],
        );
        const start = ties.offsets[i]!;
        const end = ties.offsets[i + 1]!;
        expect([...ties.neighbours.subarray(start, end)]).toEqual(partners.map(([j]) => j));
        expect([...ties.weights.subarray(start, end)]).toEqual(partners.map(([, w]) => w));
      }
      // The tie index carries the very same undirected ties.
      const index = tieIndex(network);
      expect(index.offsets).toEqual(ties.offsets);
      expect(index.neighbours).toEqual(ties.neighbours);
      expect(index.weights).toEqual(ties.weights);
    }
  });

  it('puts in communities exactly the people with a tie of positive weight', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const network = randomNetwork(seed);
      const tied = new Set<string>();
      for (const [i, partners] of pairsByHand(network)) {
        if ([...partners.values()].some((w) => w > 0)) tied.add(network.people[i]!.person);
      }
      const { assignment } = detectCommunities(network, { seed });
      expect(new Set(Object.keys(assignment))).toEqual(tied);
    }
  });

  it('names the analysis, the tie and the weight when a weight is not finite and non-negative', () => {
    const network: HelpNetwork = {
      people: [person('a'), person('b')],
      helper: Int32Array.of(0),
      helped: Int32Array.of(1),
      weight: Float64Array.of(Number.NaN),
      interactions: Int32Array.of(1),
    };
    expect(() => undirectedTies(network, 'someAnalysis')).toThrow(
      'someAnalysis: tie a -> b has weight NaN, an invalid weight; weights must be finite and non-negative',
    );
  });
});
