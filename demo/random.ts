import { mulberry32, type Rng } from '../server/analytics/random.ts';

/**
 * Seeded randomness for the demo organisation. The same seed must give byte-identical files,
 * so nothing here (or anywhere in demo/) may call Math.random or read the clock.
 */

/** 32-bit string hash (FNV-1a with a final avalanche), used to derive independent streams. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded stream (mulberry32, shared with the analytics) with helpers for synthetic data. */
export class Random {
  readonly next: Rng;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /**
   * A stream of its own for one purpose, so that a change in, say, the message texts does not
   * reshuffle who helps whom.
   */
  static derive(seed: number, label: string): Random {
    return new Random(hashString(`${seed}/${label}`));
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: no items to pick from');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }

  /** `count` distinct items (fewer if there are not enough). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, count);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Heavy-tailed positive weight with median 1: a few people do much more than most. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars('0123456789abcdef', length);
  }

  /** RFC 4122 version-4 layout, like Slack's client_msg_id. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** Picks items in proportion to fixed weights (cumulative sums and a binary search). */
export class WeightedPicker<T> {
  readonly items: readonly T[];
  readonly #cumulative: Float64Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length) {
      throw new Error('WeightedPicker: items and weights differ in length');
    }
    this.items = items;
    this.#cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += Math.max(0, weights[i] as number);
      this.#cumulative[i] = sum;
    }
  }

  get size(): number {
    return this.items.length;
  }

  pick(rng: Random): T {
    const total = this.#cumulative[this.items.length - 1];
    if (total === undefined || total <= 0) throw new Error('WeightedPicker.pick: nothing to pick');
    const target = rng.next() * total;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
