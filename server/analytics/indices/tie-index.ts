import type { HelpGraph } from '../graph.ts';
import { adjacency, networkInput, type HelpNetwork } from '../network.ts';

/**
 * The tie index every person metric runs on (person-metrics.ts, betweenness, clustering,
 * constraint, k-core): built once from the ties, in a module of its own so that the metrics
 * and person-metrics.ts, which composes them, do not import each other.
 */

/**
 * The graph as typed arrays; position i in every per-person array is `nodes[i]`. Neighbour lists
 * are sorted ascending.
 */
export interface TieIndex {
  nodes: string[];
  /** Directed ties helper → helped: out(i) = outNeighbours[outOffsets[i] .. outOffsets[i + 1]). */
  outOffsets: Int32Array;
  outNeighbours: Int32Array;
  outWeights: Float64Array;
  /** Distinct people who helped i. */
  inDegree: Int32Array;
  /** Σ weight of the ties out of / into i. */
  outStrength: Float64Array;
  inStrength: Float64Array;
  /** Undirected simple tie graph, same layout; weight w_ij + w_ji. */
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
  /** Number of people with at least one tie. */
  connected: number;
}

/**
 * Builds the index in O(people + ties), from a network or a graph (people in its node order).
 * Ties to oneself are left out.
 */
export function tieIndex(input: HelpGraph | HelpNetwork): TieIndex {
  const network = networkInput(input, 'personMetrics: `graph`');
  const nodes = network.people.map((p) => p.person);
  const n = nodes.length;
  const { helper, helped, weight } = network;
  for (let k = 0; k < helper.length; k++) {
    const w = weight[k]!;
    if (helper[k] !== helped[k] && !(w >= 0 && w < Infinity)) {
      throw new Error(
        `personMetrics: tie ${nodes[helper[k]!]} -> ${nodes[helped[k]!]} has weight ${w}; weights must be finite and non-negative`,
      );
    }
  }
  const { outOffsets, outNeighbours, outTies, inOffsets, inNeighbours, inTies } = adjacency(
    network,
    'personMetrics',
  );
  const outWeights = new Float64Array(outTies.length);
  for (let e = 0; e < outTies.length; e++) outWeights[e] = weight[outTies[e]!]!;
  const inWeights = new Float64Array(inTies.length);
  for (let e = 0; e < inTies.length; e++) inWeights[e] = weight[inTies[e]!]!;

  const inDegree = new Int32Array(n);
  const outStrength = new Float64Array(n);
  const inStrength = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    inDegree[i] = inOffsets[i + 1]! - inOffsets[i]!;
    for (let e = outOffsets[i]!, end = outOffsets[i + 1]!; e < end; e++)
      outStrength[i]! += outWeights[e]!;
    for (let e = inOffsets[i]!, end = inOffsets[i + 1]!; e < end; e++)
      inStrength[i]! += inWeights[e]!;
  }

  // Undirected: merge the sorted out- and in-lists of each person, summing mutual ties; counted
  // first, so that the arrays are no larger than needed.
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
  let connected = 0;
  for (let i = 0; i < n; i++) if (offsets[i + 1]! > offsets[i]!) connected++;

  return {
    nodes,
    outOffsets,
    outNeighbours,
    outWeights,
    inDegree,
    outStrength,
    inStrength,
    offsets,
    neighbours,
    weights,
    connected,
  };
}
