import {
  AnalyticsWorker,
  type ReportName,
  type ReportQueryOf,
  type ReportResult,
  type WorkerApi,
} from '../analytics-worker/client.ts';
import { AuditWriter } from '../access/audit.ts';
import { touchToken, verifyToken, type Role } from '../access/tokens.ts';
import { Viewer } from '../access/viewer.ts';
import { groupSizesOf, type Audience, type Directory } from '../access/audience.ts';
import { ResultCache } from '../reports/cache.ts';
import type { ReportQuery, ReportsConfig } from '../reports/reports.ts';
import { onlyImportsSince, readDataVersion } from '../store/analytics-queries.ts';
import { readDirectory } from '../store/people-queries.ts';
import type { Store } from '../store/database.ts';
import type { SyncConfig } from '../sync/config.ts';
import { startSyncSchedule, type SyncSchedule } from '../sync/schedule.ts';
import { runImport } from '../store/ingest.ts';
import { applyRetention, describeRetention, type RetentionPolicy } from '../store/retention.ts';
import type { OidcSettings } from '../deploy/config.ts';
import { FairQueue, type FairQueueOptions } from './fair-queue.ts';
import { ImportJobs } from './import-jobs.ts';
import { removeStaleUploads } from './upload-folders.ts';

export interface ApiConfig {
  /** No team-level figure for a group smaller than this (docs/privacy.md). */
  minGroupSize: number;
  /** Requests per minute per client; 0 turns rate limiting off. */
  rateLimit: number;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  reports: Partial<ReportsConfig>;
  /** Sources to sync on a schedule (`helpflow serve --sync-every`), or none. */
  sync: { config: SyncConfig; intervalMs: number } | null;
  /**
   * Deletes old events and audit entries after each import and daily (`helpflow serve` reads
   * it from helpflow.config.json); null keeps everything.
   */
  retention: RetentionPolicy | null;
  /** Single sign-on with OpenID Connect (server/plugins/sso.ts), or none. */
  oidc: OidcSettings | null;
  /** fastify's trustProxy: believe X-Forwarded-For and -Proto from a reverse proxy. */
  trustProxy: boolean | string;
  /** Cold computations at once, and per token (see fair-queue.ts). */
  fairQueue: Partial<FairQueueOptions>;
  /** Analytics worker threads; the queue's slots take turns on them (default: one per slot). */
  analyticsWorkers: number | null;
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
  retention: null,
  oidc: null,
  trustProxy: false,
  fairQueue: {},
  analyticsWorkers: null,
  signInFailures: 30,
};

const DAY_MS = 86_400_000;

/**
 * What the routes share: the store (this thread's reads), the analytics worker (on its own
 * connection), the import queue (on a third), and caches of shaped responses per data version.
 */
export class Services {
  readonly store: Store;
  readonly config: ApiConfig;
  /** One analytics worker per slot of the fair queue, each on a connection of its own. */
  private readonly workers: AnalyticsWorker[];

  /** The first analytics worker: quick questions (windows) that need no turn in the queue. */
  get analytics(): WorkerApi {
    return this.workers[0]!.api;
  }
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
  /** True once warmUp() was called: the default view is computed again after data changes. */
  private warm = false;
  private retentionTimer: NodeJS.Timeout | undefined;

  private constructor(
    store: Store,
    config: ApiConfig,
    queue: FairQueue,
    workers: AnalyticsWorker[],
    imports: ImportJobs,
  ) {
    this.store = store;
    this.config = config;
    this.queue = queue;
    this.workers = workers;
    this.imports = imports;
    this.audit = new AuditWriter(store);
  }

  static async create(store: Store, config: Partial<ApiConfig> = {}): Promise<Services> {
    const settings = { ...DEFAULT_API_CONFIG, ...config };
    // Uploads a killed server left behind would otherwise stay in the temporary folder.
    await removeStaleUploads();
    const queue = new FairQueue(settings.fairQueue);
    const workers: AnalyticsWorker[] = [];
    for (let n = 0; n < (settings.analyticsWorkers ?? queue.slots); n++) {
      workers.push(new AnalyticsWorker(await store.connect(), settings.reports));
    }
    let services: Services | undefined = undefined;
    const imports = new ImportJobs(await store.connect(), async () => {
      await services?.retain();
      services?.dataChanged();
    });
    services = new Services(store, settings, queue, workers, imports);
    if (settings.sync) services.startSync(settings.sync.config, settings.sync.intervalMs);
    if (settings.retention) services.startRetention();
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
    if (this.warm) this.warmDefaultView();
  }

  /**
   * Boots the analytics workers and computes the dashboard's first view (the network with no
   * filters) in the background, now and after each change of the data, so the first visitor
   * finds it ready or under way instead of waiting for a worker to load and the reports to be
   * computed from nothing. `helpflow serve` turns it on; tests that build many apps leave it off.
   */
  warmUp(): void {
    this.warm = true;
    for (const worker of this.workers) worker.start();
    this.warmDefaultView();
  }

  private warmDefaultView(): void {
    // The graph route's own cache key for a query without filters (routes/graph/index.ts).
    void this.compute(undefined, 'graph|{}', {}, (analytics) => analytics.graphView({})).catch(
      () => undefined,
    );
  }

  /** Caches `compute` per data version and key. */
  async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.dataVersion();
    this.responses.keepOnly(version);
    return this.responses.get(`${version}|${key}`, compute);
  }

  /**
   * Like `cached`, but stale-while-revalidate across imports: after an import, a response
   * computed before it is answered at once while the new one is computed in the background,
   * so no read waits on a cold computation then. Only an import may be hidden this way: after an
   * opt-out, a merge or split, retention or an erasure, nothing older is ever shown.
   */
  async latest<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.dataVersion();
    this.responses.keepOnly(version);
    return this.responses.latest(version, key, compute, (older) =>
      onlyImportsSince(older, version),
    );
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

  /**
   * Drops remembered token holders and sign-in sessions: after a revocation or an erasure, the
   * next request checks again.
   */
  forgetTokens(): void {
    this.tokens.clear();
    for (const forget of this.credentialCaches) forget();
  }

  /** Another cache of credentials (the sign-in sessions) that forgetTokens must clear. */
  onForgetTokens(forget: () => void): void {
    this.credentialCaches.push(forget);
  }

  private readonly credentialCaches: (() => void)[] = [];

  /**
   * A cold computation, cached per data version and `key`, run in the fair queue in the turn of
   * the viewer's token, on the analytics worker of the slot it gets. `query` (the window and
   * filters) picks the worker that likely has its inputs cached, when that one is free.
   */
  compute<T>(
    viewer: Viewer | undefined,
    key: string,
    query: ReportQuery,
    run: (analytics: WorkerApi) => Promise<T>,
  ): Promise<T> {
    const owner = viewer ? (viewer.tokenId ?? `role:${viewer.role}`) : 'server';
    const { from, to, team, topic, source, kind } = query;
    const prefer =
      hashOf(JSON.stringify([from, to, team, topic, source, kind])) % this.workers.length;
    return this.cached(key, () =>
      this.queue.run(owner, (slot) => run(this.workers[slot % this.workers.length]!.api), prefer),
    );
  }

  /** A report from the analytics workers, cached per data version and query. */
  report<N extends ReportName>(
    name: N,
    query: ReportQueryOf<N>,
    viewer?: Viewer,
  ): Promise<ReportResult<N>> {
    return this.compute(viewer, `${name}|${JSON.stringify(query)}`, query, (analytics) =>
      analytics.report(name, query),
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
    return this.cached('directory', () => readDirectory(this.store));
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
        this.imports.exclusive(async () => {
          const summary = await runImport(store, connector, input);
          await this.retain();
          return summary;
        }),
      onSync: () => this.dataChanged(),
    });
  }

  /**
   * Applies the retention policy on the import connection; the caller holds the import queue.
   * A failure is logged and never fails the import that came before it.
   */
  private async retain(): Promise<void> {
    const policy = this.config.retention;
    if (!policy) return;
    try {
      const result = await applyRetention(this.imports.connection, policy);
      if (Object.values(result.tables).some((n) => n > 0)) {
        this.dataChanged();
        console.error(`helpflow: ${describeRetention(result, false)}`);
      }
    } catch (error) {
      console.error(`helpflow: retention failed: ${(error as Error).message}`);
    }
  }

  /** Retention now (events may have aged out while the server was stopped) and then daily. */
  private startRetention(): void {
    const run = () => void this.imports.exclusive(() => this.retain());
    run();
    this.retentionTimer = setInterval(run, DAY_MS);
    this.retentionTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.schedule?.stop();
    await this.imports.drain();
    await this.audit.flush();
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

/** A small stable hash of a string (FNV-1a), to spread windows over the workers. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
