/**
 * Normalised mutual information between two partitions of the same items, each given as a
 * label per item (a Map or a plain object; labels are compared by identity, so a partition's
 * labels need only be consistent within it).
 *
 *   NMI(A, B) = I(A; B) / ((H(A) + H(B)) / 2)
 *
 * Arithmetic-mean normalisation (Danon et al. 2005; scikit-learn's default), in natural log
 * (the base cancels out). 1 when the partitions are identical up to renaming, 0 when they are
 * independent, symmetric in A and B.
 *
 * Only items labelled in both partitions count. When both partitions are a single block (both
 * entropies 0), or there are no common items, they are identical and NMI is 1 (scikit-learn's
 * convention); when only one is a single block, it says nothing about the other: 0.
 */

export type Partition = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

export function normalizedMutualInformation(a: Partition, b: Partition): number {
  const left = asMap(a, 'first');
  const right = asMap(b, 'second');

  const leftIds = new Map<unknown, number>();
  const rightIds = new Map<unknown, number>();
  const pairs: [number, number][] = [];
  for (const [item, label] of left) {
    if (!right.has(item)) continue;
    pairs.push([idOf(leftIds, label), idOf(rightIds, right.get(item))]);
  }
  const n = pairs.length;
  const leftCounts = new Float64Array(leftIds.size);
  const rightCounts = new Float64Array(rightIds.size);
  const joint = new Map<number, number>();
  for (const [i, j] of pairs) {
    leftCounts[i]! += 1;
    rightCounts[j]! += 1;
    const cell = i * rightIds.size + j;
    joint.set(cell, (joint.get(cell) ?? 0) + 1);
  }

  const leftEntropy = entropy(leftCounts, n);
  const rightEntropy = entropy(rightCounts, n);
  if (leftEntropy === 0 && rightEntropy === 0) return 1;

  let mutual = 0;
  for (const [cell, count] of joint) {
    const i = Math.floor(cell / rightIds.size);
    const j = cell % rightIds.size;
    mutual += (count / n) * Math.log((n * count) / (leftCounts[i]! * rightCounts[j]!));
  }
  // Rounding can push the ratio a hair outside [0, 1].
  return Math.min(1, Math.max(0, mutual / ((leftEntropy + rightEntropy) / 2)));
}

function asMap(partition: Partition, which: string): ReadonlyMap<string, unknown> {
  if (partition instanceof Map) return partition;
  if (partition === null || typeof partition !== 'object') {
    throw new Error(
      `normalizedMutualInformation: the ${which} partition must be a Map or an object`,
    );
  }
  return new Map(Object.entries(partition));
}

function idOf(ids: Map<unknown, number>, label: unknown): number {
  let id = ids.get(label);
  if (id === undefined) {
    id = ids.size;
    ids.set(label, id);
  }
  return id;
}

/** Shannon entropy (nats) of a distribution given as counts summing to `n`. */
function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (const count of counts) if (count > 0) h -= (count / n) * Math.log(count / n);
  return h;
}
