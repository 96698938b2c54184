import type { UndirectedTies } from './indices/undirected-ties.ts';

/**
 * Core number on the undirected simple tie graph: the largest k such that the person belongs to
 * a group where everyone has at least k partners inside the group. Batagelj & Zaversnik (2003):
 * people bucketed by degree, peeled lowest first, in O(people + ties). 0 without ties.
 */
export function coreNumbers(index: UndirectedTies): Int32Array {
  const { offsets, neighbours } = index;
  const n = index.nodes.length;
  const degree = new Int32Array(n);
  let maxDegree = 0;
  for (let i = 0; i < n; i++) {
    degree[i] = offsets[i + 1]! - offsets[i]!;
    if (degree[i]! > maxDegree) maxDegree = degree[i]!;
  }

  // Bucket sort by degree: order holds people by current degree, start[d] where bucket d begins.
  const start = new Int32Array(maxDegree + 1);
  for (let i = 0; i < n; i++) start[degree[i]!]!++;
  for (let d = 0, sum = 0; d <= maxDegree; d++) {
    const size = start[d]!;
    start[d] = sum;
    sum += size;
  }
  const order = new Int32Array(n);
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    position[i] = start[degree[i]!]!++;
    order[position[i]!] = i;
  }
  for (let d = maxDegree; d > 0; d--) start[d] = start[d - 1]!;
  start[0] = 0;

  for (let q = 0; q < n; q++) {
    const v = order[q]!;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
      const u = neighbours[e]!;
      const du = degree[u]!;
      if (du <= degree[v]!) continue;
      // Swap u with the first person of its bucket, then shrink the bucket past it.
      const first = start[du]!;
      const w = order[first]!;
      if (w !== u) {
        order[position[u]!] = w;
        position[w] = position[u]!;
        order[first] = u;
        position[u] = first;
      }
      start[du]!++;
      degree[u] = du - 1;
    }
  }
  return degree;
}
