import { orientTies } from './clustering.ts';
import type { TieIndex } from './indices/tie-index.ts';

/**
 * Burt's constraint on the undirected tie graph, weighted by the help in both directions:
 *
 *   p_ij = (w_ij + w_ji) / Σ_k (w_ik + w_ki)
 *   c_i  = Σ_j (p_ij + Σ_q p_iq p_qj)²    over i's partners j, q ≠ i, j
 *
 * High when a person's ties are few and their partners are tied to each other (no room to
 * broker); 1 for a single tie, 1/n for the centre of a star of n.
 *
 * With s_ij = w_ij + w_ji and S_i = Σ_k s_ik, the indirect term is X_ij / S_i where
 * X_ij = Σ_q s_iq s_qj / S_q is symmetric and non-zero only over triangles i, q, j: each triangle
 * adds one term to the X of each of its three ties. Then c_i = Σ_j (s_ij + X_ij)² / S_i², and a
 * tie adds the same (s_ij + X_ij)² to both its ends. NaN (reported as null) for people without
 * ties, or whose ties all weigh 0.
 *
 * Triangles are listed as in clustering.ts, but inline: on 1.6 M ties the third tie of each
 * triangle (v–w) lies in a list not otherwise in cache, and reading its s with every candidate,
 * with X beside it in the same array, lets the hardware stream that list (about 30 % faster than
 * a callback per triangle reading s and X from separate arrays on a hit).
 */

type WeightedTies = Pick<TieIndex, 'nodes' | 'offsets' | 'neighbours' | 'weights'>;

/** `ties`: as for `clustering`, from `orientTies(index)`. */
export function constraint(index: WeightedTies, ties = orientTies(index)): Float64Array {
  const { offsets, weights } = index;
  const n = index.nodes.length;

  const inverse = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let strength = 0;
    for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) strength += weights[e]!;
    if (strength > 0) inverse[i] = 1 / strength;
  }

  const { upOffsets, upNeighbours, upSlots } = ties;
  // Per tie id t: s at 2t, X at 2t + 1.
  const sx = new Float64Array(2 * upSlots.length);
  for (let t = 0; t < upSlots.length; t++) sx[2 * t] = weights[upSlots[t]!]!;
  // stamp[w] = u marks w as a higher-ranked partner of u, by the tie tieTo[w].
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
    const iu = inverse[u]!;
    for (let uv = start; uv < end; uv++) {
      const v = upNeighbours[uv]!;
      const suv = sx[2 * uv]!;
      const iv = inverse[v]!;
      for (let vw = upOffsets[v]!, bEnd = upOffsets[v + 1]!; vw < bEnd; vw++) {
        const w = upNeighbours[vw]!;
        const svw = sx[2 * vw]!;
        if (stamp[w] !== u) continue;
        const uw = tieTo[w]!;
        const suw = sx[2 * uw]!;
        sx[2 * uv + 1]! += suw * svw * inverse[w]!;
        sx[2 * uw + 1]! += suv * svw * iv;
        sx[2 * vw + 1]! += suv * suw * iu;
      }
    }
  }

  const sums = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    for (let t = upOffsets[u]!, end = upOffsets[u + 1]!; t < end; t++) {
      const term = (sx[2 * t]! + sx[2 * t + 1]!) ** 2;
      sums[u]! += term;
      sums[upNeighbours[t]!]! += term;
    }
  }
  const result = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (inverse[i]! > 0) result[i] = sums[i]! * inverse[i]! * inverse[i]!;
  }
  return result;
}
