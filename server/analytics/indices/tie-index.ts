import type { HelpGraph } from '../graph.ts';
import { networkInput, type HelpNetwork } from '../network.ts';
import { directedTies, mergeUndirected, type UndirectedTies } from './undirected-ties.ts';

/**
 * The tie index every person metric runs on (person-metrics.ts, betweenness, clustering,
 * constraint, k-core): built once from the ties, in a module of its own so that the metrics
 * and person-metrics.ts, which composes them, do not import each other.
 */

/**
 * The graph as typed arrays; position i in every per-person array is `nodes[i]`. Neighbour lists
 * are sorted ascending. The undirected simple tie graph (`offsets`, `neighbours`, `weights`) is
 * undirected-ties.ts's, the one Louvain runs on too.
 */
export interface TieIndex extends UndirectedTies {
  /** Directed ties helper → helped: out(i) = outNeighbours[outOffsets[i] .. outOffsets[i + 1]). */
  outOffsets: Int32Array;
  outNeighbours: Int32Array;
  outWeights: Float64Array;
  /** Distinct people who helped i. */
  inDegree: Int32Array;
  /** Σ weight of the ties out of / into i. */
  outStrength: Float64Array;
  inStrength: Float64Array;
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
  const directed = directedTies(network, 'personMetrics');
  const { outOffsets, outNeighbours, outWeights, inOffsets, inWeights } = directed;

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

  const { offsets, neighbours, weights } = mergeUndirected(directed);
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
