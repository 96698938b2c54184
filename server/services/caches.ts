import fp from 'fastify-plugin';
import { VersionedCache } from '../reports/cache.ts';
import { onlyImportsSince, readDataVersion } from '../store/analytics-queries.ts';
import type { Store } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    caches: DataCaches;
  }
}

/**
 * Responses shaped for a viewer, cached per data version: the version is read once until this
 * server changes the data (an import, an opt-out), so a warm request costs no query.
 */
export class DataCaches {
  private readonly store: Store;
  private readonly responses = new VersionedCache(() => this.version(), 256);
  private current: Promise<string> | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(store: Store) {
    this.store = store;
  }

  /** The data version: it changes with every import, opt-out, merge or deletion. */
  version(): Promise<string> {
    this.current ??= readDataVersion(this.store).catch((error: unknown) => {
      this.current = null;
      throw error;
    });
    return this.current;
  }

  /** The data changed through this server: read the version again, and tell the listeners. */
  dataChanged(): void {
    this.current = null;
    for (const listener of this.listeners) listener();
  }

  /** Called after every change of the data (the analytics warm their default view again). */
  onDataChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Caches `compute` per data version and key. */
  cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.responses.get(key, compute);
  }

  /**
   * Like `cached`, but stale-while-revalidate across imports: after an import, a response
   * computed before it is answered at once while the new one is computed in the background,
   * so no read waits on a cold computation then. Only an import may be hidden this way: after an
   * opt-out, a merge or split, retention or an erasure, nothing older is ever shown.
   */
  latest<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.responses.latest(key, compute, onlyImportsSince);
  }
}

export default fp(
  async (app) => {
    app.decorate('caches', new DataCaches(app.store));
  },
  { name: 'helpflow-caches', dependencies: ['helpflow-settings'] },
);
