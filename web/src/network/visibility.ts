import type { NetworkGraph } from './graph-model.ts';

/**
 * Which people and ties the picture shows, from the controls beside it: ties at least as heavy
 * as `minWeight`; then people with at least `minDegree` partners over those ties and in the
 * `minCore`-core (each has `minCore` partners who are also in it); and, when
 * `hideUnconnected`, no one left without a tie. Ties are counted both ways (a partner is a
 * partner whoever helped). No DOM here: the view turns the result into Sigma's `hidden`.
 */

export interface VisibilityOptions {
  hideUnconnected: boolean;
  minWeight: number;
  minDegree: number;
  minCore: number;
}

export const SHOW_ALL: VisibilityOptions = {
  hideUnconnected: false,
  minWeight: 0,
  minDegree: 0,
  minCore: 0,
};

export interface Visible {
  nodes: Set<string>;
  edges: Set<string>;
}

export function visibleParts(graph: NetworkGraph, options: VisibilityOptions): Visible {
  const partners = new Map<string, Set<string>>();
  graph.forEachNode((node) => partners.set(node, new Set()));
  const heavy: string[] = [];
  graph.forEachEdge((edge, data, source, target) => {
    if (data.weight < options.minWeight) return;
    heavy.push(edge);
    partners.get(source)!.add(target);
    partners.get(target)!.add(source);
  });
  const cores = options.minCore > 0 ? coreNumbers(partners) : null;
  const nodes = new Set<string>();
  for (const [node, set] of partners) {
    if (set.size < options.minDegree) continue;
    if (cores && cores.get(node)! < options.minCore) continue;
    if (options.hideUnconnected && set.size === 0) continue;
    nodes.add(node);
  }
  const edges = new Set<string>();
  for (const edge of heavy) {
    if (nodes.has(graph.source(edge)) && nodes.has(graph.target(edge))) edges.add(edge);
  }
  return { nodes, edges };
}

/** People without a single tie in the graph: the ring around the picture. */
export function unconnectedCount(graph: NetworkGraph): number {
  let count = 0;
  graph.forEachNode((node) => {
    if (graph.degree(node) === 0) count++;
  });
  return count;
}

/**
 * Core numbers by Batagelj and Zaversnik's bucket peeling (O(ties)): a person's core number is
 * the largest k such that they belong to a group where everyone has at least k partners inside.
 */
export function coreNumbers(
  partners: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, number> {
  const nodes = [...partners.keys()];
  const index = new Map(nodes.map((node, i) => [node, i]));
  const degree = new Int32Array(nodes.length);
  let maxDegree = 0;
  nodes.forEach((node, i) => {
    degree[i] = partners.get(node)!.size;
    maxDegree = Math.max(maxDegree, degree[i]);
  });
  // Nodes sorted by degree, with where each degree's bucket starts.
  const start = new Int32Array(maxDegree + 2);
  for (const d of degree) start[d + 1]!++;
  for (let d = 1; d <= maxDegree + 1; d++) start[d]! += start[d - 1]!;
  const order = new Int32Array(nodes.length);
  const position = new Int32Array(nodes.length);
  const fill = start.slice();
  for (let i = 0; i < nodes.length; i++) {
    position[i] = fill[degree[i]!]!++;
    order[position[i]!] = i;
  }
  for (let k = 0; k < nodes.length; k++) {
    const v = order[k]!;
    for (const neighbour of partners.get(nodes[v]!)!) {
      const u = index.get(neighbour)!;
      if (degree[u]! <= degree[v]!) continue;
      // Move u to the front of its bucket, then shrink its degree by one.
      const du = degree[u]!;
      const first = start[du]!;
      const w = order[first]!;
      if (w !== u) {
        order[position[u]!] = w;
        position[w] = position[u]!;
        order[first] = u;
        position[u] = first;
      }
      start[du]!++;
      degree[u]!--;
    }
  }
  return new Map(nodes.map((node, i) => [node, degree[i]!]));
}
