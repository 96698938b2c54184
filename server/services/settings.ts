import fp from 'fastify-plugin';
import type { OidcSettings } from '../deploy/config.ts';
import type { FairQueueOptions } from '../api/fair-queue.ts';
import type { ReportsConfig } from '../reports/reports.ts';
import type { RetentionPolicy } from '../store/retention.ts';
import type { Store } from '../store/database.ts';
import type { SyncConfig } from '../sync/config.ts';

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

declare module 'fastify' {
  interface FastifyInstance {
    /** The database (this thread's reads); the other services open connections of their own. */
    store: Store;
    /** The server's settings, defaults filled in. */
    config: ApiConfig;
  }
}

/** The store and the settings every other service plugin starts from. */
export default fp<{ store: Store; config: ApiConfig }>(
  async (app, { store, config }) => {
    app.decorate('store', store);
    app.decorate('config', config);
  },
  { name: 'helpflow-settings' },
);
