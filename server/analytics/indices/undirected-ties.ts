import { adjacency, type HelpNetwork } from '../network.ts';

/**
 * The undirected simple tie graph that every person metric (clustering, k-core, constraint,
 * betweenness through the tie index) and Louvain (communities.ts) run on: a pair of people is
 * tied when help went either way, A → B and B → A are one tie, and its weight is the sum of
 * both. Built here once, by one merge, so that "tied" means the same to every measure.
 */

/**
 * The ties in CSR form; position i in every per-person array is `nodes[i]`. The partners of i
 * are `neighbours[offsets[i] .. offsets[i + 1])`, ascending, and `weights` the ties' weights
 * (w_ij + w_ji) alike. A pair whose help weighs 0 is still a tie (it is one in the data);
 * Louvain, for which it changes nothing, leaves it out.
 */
export interface UndirectedTies {
  nodes: string[];
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
}

/**
 * The directed ties (helper → helped) of each person as sorted lists in CSR form, with their
 * weights: out(i) = outNeighbours[outOffsets[i] .. outOffsets[i + 1]), the same for in(i).
 */
export interface DirectedTies {
  outOffsets: Int32Array;
  outNeighbours: Int32Array;
  outWeights: Float64Array;
  inOffsets: Int32Array;
  inNeighbours: Int32Array;
  inWeights: Float64Array;
}

/**
 * The directed ties of a network, ties to oneself left out. `name` (the analysis) prefixes the
 * error thrown for a weight that is not finite and non-negative, for a tie naming a person not
 * on the roster, and for two ties of one pair.
 */
export function directedTies(network: HelpNetwork, name: string): DirectedTies {
  const { people, helper, helped, weight } = network;
  for (let k = 0; k < helper.length; k++) {
    const w = weight[k]!;
    if (helper[k] !== helped[k] && !(w >= 0 && w < Infinity)) {
      throw new Error(
        `${name}: tie ${people[helper[k]!]?.person} -> ${people[helped[k]!]?.person} has weight ${w}, an invalid weight; weights must be finite and non-negative`,
      );
    }
  }
  const { outOffsets, outNeighbours, outTies, inOffsets, inNeighbours, inTies } = adjacency(
    network,
    name,
  );
  const outWeights = new Float64Array(outTies.length);
  for (let e = 0; e < outTies.length; e++) outWeights[e] = weight[outTies[e]!]!;
  const inWeights = new Float64Array(inTies.length);
  for (let e = 0; e < inTies.length; e++) inWeights[e] = weight[inTies[e]!]!;
  return { outOffsets, outNeighbours, outWeights, inOffsets, inNeighbours, inWeights };
}

/**
 * The undirected ties of a network, people in its roster order (see `directedTies` for
 * `name`).
 */
export function undirectedTies(network: HelpNetwork, name: string): UndirectedTies {
  return {
    nodes: network.people.map((p) => p.person),
    ...mergeUndirected(directedTies(network, name)),
  };
}

/**
 * Merges the sorted out- and in-lists of each person into one sorted list of partners, summing
 * the two weights of a mutual tie; counted first, so that the arrays are no larger than needed.
 * O(people + ties), whatever order the ties came in.
 */
export function mergeUndirected(
  directed: DirectedTies,
): Pick<UndirectedTies, 'offsets' | 'neighbours' | 'weights'> {
  const { outOffsets, outNeighbours, outWeights, inOffsets, inNeighbours, inWeights } = directed;
  const n = outOffsets.length - 1;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let a = outOffsets[i]!;
    let b = inOffsets[i]!;
    const aEnd = outOffsets[i + 1]!;
    const bEnd = inOffsets[i + 1]!;
    let count = 0;
    while (a < aEnd && b < bEnd) {
      const x = outNeighbours[a]!;
      const y = inNeighbours[b]!;
      if (x <= y) a++;
      if (y <= x) b++;
      count++;
    }
    offsets[i + 1] = offsets[i]! + count + (aEnd - a) + (bEnd - b);
  }
  const neighbours = new Int32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  for (let i = 0, u = 0; i < n; i++) {
    let a = outOffsets[i]!;
    let b = inOffsets[i]!;
    const aEnd = outOffsets[i + 1]!;
    const bEnd = inOffsets[i + 1]!;
    while (a < aEnd || b < bEnd) {
      const x = a < aEnd ? outNeighbours[a]! : n;
      const y = b < bEnd ? inNeighbours[b]! : n;
      neighbours[u] = x < y ? x : y;
      weights[u++] = (x <= y ? outWeights[a++]! : 0) + (y <= x ? inWeights[b++]! : 0);
    }
  }
  return { offsets, neighbours, weights };
}
