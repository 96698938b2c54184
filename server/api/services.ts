import { AnalyticsWorker, type ReportName, type ReportResult } from '../analytics-worker/client.ts';
import { AuditWriter } from '../access/audit.ts';
import { touchToken, verifyToken, type Role } from '../access/tokens.ts';
import { Viewer } from '../access/viewer.ts';
import { groupSizesOf, type Audience, type Directory } from '../access/audience.ts';
import { ResultCache } from '../reports/cache.ts';
import type { ReportQuery, ReportsConfig, TrendsQuery } from '../reports/reports.ts';
import { readDataVersion } from '../store/analytics-queries.ts';
import type { Store } from '../store/database.ts';
import type { SyncConfig } from '../sync/config.ts';
import { startSyncSchedule, type SyncSchedule } from '../sync/schedule.ts';
import { runImport } from '../store/ingest.ts';
import { FairQueue, type FairQueueOptions } from './fair-queue.ts';
import { ImportJobs } from './import-jobs.ts';
import { removeStaleUploads } from './upload-folders.ts';

export interface ApiConfig {
  /** No team-level figure for a group smaller than this (GUIDE §6). */
  minGroupSize: number;
  /** Requests per minute per client; 0 turns rate limiting off. */
  rateLimit: number;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  reports: Partial<ReportsConfig>;
  /** Sources to sync on a schedule (`helpflow serve --sync-every`), or none. */
  sync: { config: SyncConfig; intervalMs: number } | null;
  /** Cold computations at once, and per token (see fair-queue.ts). */
  fairQueue: Partial<FairQueueOptions>;
  /** Failed sign-ins per client address per minute before 429; 0 turns the limit off. */
  signInFailures: number;
}

const TOKEN_TTL_MS = 5_000;

export const DEFAULT_API_CONFIG: ApiConfig = {
  minGroupSize: 5,
  rateLimit: 1200,
  maxUploadBytes: 2 * 1024 ** 3,
  reports: {},
  sync: null,
  fairQueue: {},
  signInFailures: 30,
};

/**
 * What the routes share: the store (this thread's reads), the analytics worker (on its own
 * connection), the import queue (on a third), and caches of shaped responses per data version.
 */
export class Services {
  readonly store: Store;
  readonly config: ApiConfig;
  readonly analytics: AnalyticsWorker;
  readonly imports: ImportJobs;
  readonly audit: AuditWriter;
  /** Cold computations, in turn per token. */
  readonly queue: FairQueue;
  /** Responses shaped for a viewer, keyed by data version first. */
  readonly responses = new ResultCache(256);
  private readonly viewers = new ResultCache(256);
  private version: Promise<string> | null = null;
  private readonly tokens = new Map<
    string,
    { holder: ReturnType<typeof verifyToken>; expires: number }
  >();
  private readonly touched = new Map<string, number>();
  private schedule: SyncSchedule | null = null;

  private constructor(
    store: Store,
    config: ApiConfig,
    analytics: AnalyticsWorker,
    imports: ImportJobs,
  ) {
    this.store = store;
    this.config = config;
    this.analytics = analytics;
    this.imports = imports;
    this.audit = new AuditWriter(store);
    this.queue = new FairQueue(config.fairQueue);
  }

  static async create(store: Store, config: Partial<ApiConfig> = {}): Promise<Services> {
    const settings = { ...DEFAULT_API_CONFIG, ...config };
    // Uploads a killed server left behind would otherwise stay in the temporary folder.
    await removeStaleUploads();
    const analytics = new AnalyticsWorker(await store.connect(), settings.reports);
    let services: Services | undefined = undefined;
    const imports = new ImportJobs(await store.connect(), () => services?.dataChanged());
    services = new Services(store, settings, analytics, imports);
    if (settings.sync) services.startSync(settings.sync.config, settings.sync.intervalMs);
    return services;
  }

  /**
   * The data version, read once until something changes it (an import or an opt-out through
   * this server), so a warm request costs no query.
   */
  dataVersion(): Promise<string> {
    this.version ??= readDataVersion(this.store).catch((error: unknown) => {
      this.version = null;
      throw error;
    });
    return this.version;
  }

  dataChanged(): void {
    this.version = null;
  }

  /** Caches `compute` per data version and key. */
  async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.dataVersion();
    this.responses.keepOnly(version);
    return this.responses.get(`${version}|${key}`, compute);
  }

  /**
   * The holder of a token, remembered for a few seconds so that a busy client costs one query
   * per token, not one per request (a revocation takes effect within `TOKEN_TTL_MS`).
   */
  async holder(token: string) {
    const now = Date.now();
    let entry = this.tokens.get(token);
    if (!entry || entry.expires < now) {
      if (this.tokens.size > 10_000) this.tokens.clear();
      entry = { holder: verifyToken(this.store, token), expires: now + TOKEN_TTL_MS };
      this.tokens.set(token, entry);
    }
    const holder = await entry.holder;
    if (holder && (this.touched.get(holder.tokenId) ?? 0) < now - 60_000) {
      this.touched.set(holder.tokenId, now);
      void touchToken(this.store, holder.tokenId).catch(() => undefined);
    }
    return holder;
  }

  /** Drops remembered token holders: after a revocation, the next request checks again. */
  forgetTokens(): void {
    this.tokens.clear();
  }

  /**
   * A cold computation in the analytics worker, cached per data version and `key`, and run in
   * the fair queue in the turn of the viewer's token (see fair-queue.ts).
   */
  compute<T>(viewer: Viewer | undefined, key: string, run: () => Promise<T>): Promise<T> {
    const owner = viewer ? (viewer.tokenId ?? `role:${viewer.role}`) : 'server';
    return this.cached(key, () => this.queue.run(owner, run));
  }

  /** A report from the analytics worker, cached per data version and query. */
  report<N extends ReportName>(
    name: N,
    query: ReportQuery &
      (N extends 'experts' ? { search: string } : N extends 'trends' ? TrendsQuery : object),
    viewer?: Viewer,
  ): Promise<ReportResult<N>> {
    return this.compute(viewer, `${name}|${JSON.stringify(query)}`, () =>
      this.analytics.report(name, query),
    );
  }

  async viewer(holder: { role: Role; tokenId: string | null; person: string | null }) {
    const version = await this.dataVersion();
    this.viewers.keepOnly(version);
    return this.viewers.get(`${version}|${holder.tokenId}|${holder.role}|${holder.person}`, () =>
      Viewer.of(this.store, holder),
    );
  }

  /** Name, team and org-chart standing of everyone who has not opted out, for presenters. */
  directory(): Promise<Directory> {
    return this.cached('directory', async () => {
      const rows = await this.store.all<{
        person: string;
        name: string | null;
        team: string | null;
        inOrgChart: boolean;
      }>(
        `SELECT person_id AS person, display_name AS name, team, in_org_chart AS "inOrgChart"
         FROM people WHERE NOT opted_out`,
      );
      return new Map(
        rows.map(({ person, name, team, inOrgChart }) => [person, { name, team, inOrgChart }]),
      );
    });
  }

  /** What the presenters need to shape a response for this viewer. */
  async audience(viewer: Viewer): Promise<Audience> {
    const directory = await this.directory();
    const groupSizes = await this.cached('group-sizes', async () => groupSizesOf(directory));
    return { viewer, directory, groupSizes, minGroupSize: this.config.minGroupSize };
  }

  /**
   * Syncs the configured sources now and every `intervalMs` after: each source's import waits
   * its turn with uploads (one writer), and a failed source never stops the others.
   */
  private startSync(config: SyncConfig, intervalMs: number): void {
    this.schedule = startSyncSchedule(this.imports.connection, config, intervalMs, {
      importSource: (store, connector, input) =>
        this.imports.exclusive(() => runImport(store, connector, input)),
      onSync: () => this.dataChanged(),
    });
  }

  async close(): Promise<void> {
    await this.schedule?.stop();
    await this.imports.drain();
    await this.audit.flush();
    await this.analytics.close();
  }
}
