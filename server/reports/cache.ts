/**
 * A small least-recently-used cache of computed graphs and reports. Keys include the data
 * version, so an import makes every older entry unreachable; `keepOnly` frees them.
 */
export class ResultCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private readonly capacity: number;

  constructor(capacity = 64) {
    this.capacity = capacity;
  }

  /**
   * The cached value for `key`, else the value `compute` makes (computed once even when several
   * callers ask at the same time). A failed computation is not kept.
   */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const value = compute();
    this.entries.set(key, value);
    value.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** Drops every entry whose key does not carry `version`. */
  keepOnly(version: string): void {
    for (const key of this.entries.keys()) {
      if (!key.startsWith(`${version}|`)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
