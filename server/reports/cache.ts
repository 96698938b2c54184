/**
 * A small least-recently-used cache of computed graphs and reports. Keys include the data
 * version, so an import makes every older entry unreachable; `keepOnly` frees them.
 */
export class ResultCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  /** The last value computed for each key (without its version), for `latest`. */
  private readonly settled = new Map<string, { version: string; value: unknown }>();
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

  /**
   * Stale-while-revalidate: the value of `key` at `version` once it is computed. Until then, the
   * last value computed for `key` at an older version that `servable` accepts is answered at
   * once, while the new one is computed in the background; only a key never computed, or whose
   * last value may not be shown any more, waits for its computation.
   */
  latest<T>(
    version: string,
    key: string,
    compute: () => Promise<T>,
    servable: (older: string) => boolean,
  ): Promise<T> {
    const last = this.settled.get(key);
    if (last?.version === version) return Promise.resolve(last.value as T);
    const fresh = this.get(`${version}|${key}`, compute);
    if (last && !servable(last.version)) this.settled.delete(key);
    // Settled before anyone else learns of it, so the next call finds it.
    const done = fresh.then((value) => {
      this.settled.delete(key);
      this.settled.set(key, { version, value });
      while (this.settled.size > this.capacity) {
        this.settled.delete(this.settled.keys().next().value!);
      }
      return value;
    });
    const stale = this.settled.get(key);
    if (!stale) return done;
    // A failed refresh keeps the stale value; the next call tries again.
    done.catch(() => undefined);
    return Promise.resolve(stale.value as T);
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

/**
 * The cache of everything computed from the data (reports, the API's shaped responses, viewers):
 * each read first asks `version` for the data version, drops the entries of any other version,
 * and keys the entry by both, so that an import, an opt-out or an erasure is never answered
 * from before it.
 */
export class VersionedCache {
  private readonly results: ResultCache;
  private readonly version: () => Promise<string>;

  constructor(version: () => Promise<string>, capacity?: number) {
    this.version = version;
    this.results = new ResultCache(capacity);
  }

  /** The value of `key` at the current version, computed once (`ResultCache.get`). */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.version();
    this.results.keepOnly(version);
    return this.results.get(`${version}|${key}`, compute);
  }

  /**
   * Stale-while-revalidate (`ResultCache.latest`): the value of `key` at an older version is
   * answered while the current one is computed, when `servable(older, current)` allows it.
   */
  async latest<T>(
    key: string,
    compute: () => Promise<T>,
    servable: (older: string, current: string) => boolean,
  ): Promise<T> {
    const version = await this.version();
    this.results.keepOnly(version);
    return this.results.latest(version, key, compute, (older) => servable(older, version));
  }
}
