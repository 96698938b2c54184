import type { UndirectedTies } from './indices/undirected-ties.ts';

/**
 * Local clustering coefficient on the undirected simple tie graph: the share of pairs of a
 * person's partners who are tied themselves, C(i) = 2 T(i) / (d(i) (d(i) − 1)); 0 below two
 * partners. Exact at every size: triangles are listed once each by the forward algorithm
 * (Latapy 2008), every tie oriented from the lower- to the higher-degree end, which bounds the work
 * by O(ties^1.5) and keeps it under a second on 10,000 people and 1.6 M ties.
 */

/**
 * Every tie once, from its lower-ranked end (rank: degree, then position): the ties of u are
 * `upNeighbours[upOffsets[u] .. upOffsets[u + 1])`, their positions there are the ties' ids.
 */
export interface OrientedTies {
  upOffsets: Int32Array;
  upNeighbours: Int32Array;
  /** The tie's slot in u's list of the undirected index. */
  upSlots: Int32Array;
}

export function orientTies(index: UndirectedTies): OrientedTies {
  const { offsets, neighbours } = index;
  const n = index.nodes.length;
  const upOffsets = new Int32Array(n + 1);
  const upNeighbours = new Int32Array(neighbours.length >> 1);
  const upSlots = new Int32Array(neighbours.length >> 1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    upOffsets[i] = count;
    const degree = offsets[i + 1]! - offsets[i]!;
    for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
      const j = neighbours[e]!;
      const other = offsets[j + 1]! - offsets[j]!;
      if (other > degree || (other === degree && j > i)) {
        upNeighbours[count] = j;
        upSlots[count++] = e;
      }
    }
  }
  upOffsets[n] = count;
  return { upOffsets, upNeighbours, upSlots };
}

/**
 * Calls `visit` once per triangle u, v, w (u lowest-ranked, then v) with the ids of its ties uv,
 * vw and uw. Tie ids index arrays laid out like `upNeighbours`, read in order here, so arrays
 * indexed by them stay in cache even on large graphs.
 */
function forEachTriangle(
  ties: OrientedTies,
  visit: (u: number, v: number, w: number, uv: number, vw: number, uw: number) => void,
): void {
  const { upOffsets, upNeighbours } = ties;
  const n = upOffsets.length - 1;
  const stamp = new Int32Array(n).fill(-1);
  const tieTo = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    const start = upOffsets[u]!;
    const end = upOffsets[u + 1]!;
    if (end - start < 2) continue;
    for (let a = start; a < end; a++) {
      stamp[upNeighbours[a]!] = u;
      tieTo[upNeighbours[a]!] = a;
    }
    for (let a = start; a < end; a++) {
      const v = upNeighbours[a]!;
      for (let b = upOffsets[v]!, bEnd = upOffsets[v + 1]!; b < bEnd; b++) {
        const w = upNeighbours[b]!;
        if (stamp[w] === u) visit(u, v, w, a, b, tieTo[w]!);
      }
    }
  }
}

/** `ties` may be passed in when the caller shares them with another triangle-based measure. */
export function clustering(index: UndirectedTies, ties = orientTies(index)): Float64Array {
  const { offsets } = index;
  const n = index.nodes.length;
  const triangles = new Float64Array(n);
  forEachTriangle(ties, (u, v, w) => {
    triangles[u]!++;
    triangles[v]!++;
    triangles[w]!++;
  });
  const coefficients = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = offsets[i + 1]! - offsets[i]!;
    if (d > 1) coefficients[i] = (2 * triangles[i]!) / (d * (d - 1));
  }
  return coefficients;
}
