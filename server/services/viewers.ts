import fp from 'fastify-plugin';
import { groupSizesOf, type Audience, type Directory } from '../access/audience.ts';
import type { Role } from '../access/tokens.ts';
import { Viewer } from '../access/viewer.ts';
import { VersionedCache } from '../reports/cache.ts';
import { readDirectory } from '../store/people-queries.ts';
import type { Store } from '../store/database.ts';
import type { DataCaches } from './caches.ts';

declare module 'fastify' {
  interface FastifyInstance {
    viewers: Viewers;
  }
}

/** Who is asking (a token's or a session's viewer) and whom they may see, per data version. */
export class Viewers {
  private readonly store: Store;
  private readonly caches: DataCaches;
  private readonly minGroupSize: number;
  private readonly viewers: VersionedCache;

  constructor(store: Store, caches: DataCaches, minGroupSize: number) {
    this.store = store;
    this.caches = caches;
    this.minGroupSize = minGroupSize;
    this.viewers = new VersionedCache(() => caches.version(), 256);
  }

  of(holder: { role: Role; tokenId: string | null; person: string | null }) {
    return this.viewers.get(`${holder.tokenId}|${holder.role}|${holder.person}`, () =>
      Viewer.of(this.store, holder),
    );
  }

  /** Name, team and org-chart standing of everyone who has not opted out, for presenters. */
  directory(): Promise<Directory> {
    return this.caches.cached('directory', () => readDirectory(this.store));
  }

  /** What the presenters need to shape a response for this viewer. */
  async audience(viewer: Viewer): Promise<Audience> {
    const directory = await this.directory();
    const groupSizes = await this.caches.cached('group-sizes', async () => groupSizesOf(directory));
    return { viewer, directory, groupSizes, minGroupSize: this.minGroupSize };
  }
}

export default fp(
  async (app) => {
    app.decorate('viewers', new Viewers(app.store, app.caches, app.config.minGroupSize));
  },
  { name: 'helpflow-viewers', dependencies: ['helpflow-settings', 'helpflow-caches'] },
);
