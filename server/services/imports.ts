import fp from 'fastify-plugin';
import { ImportJobs } from '../api/import-jobs.ts';
import { removeStaleUploads } from '../api/upload-folders.ts';
import { runImport } from '../store/ingest.ts';
import { applyRetention, describeRetention } from '../store/retention.ts';
import { startSyncSchedule } from '../sync/schedule.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one writer: uploads, scheduled syncs and retention, in turn on their connection. */
    imports: ImportJobs;
    /** Settles when the retention pass the server starts with is done (at once without one). */
    startupRetention: Promise<void>;
  }
}

const DAY_MS = 86_400_000;

/**
 * Imports (uploads and scheduled syncs) and retention, one at a time on a connection of their
 * own; each changes the data, so the caches read the version again.
 */
export default fp(
  async (app) => {
    const { retention, sync } = app.config;
    // Uploads a killed server left behind would otherwise stay in the temporary folder.
    await removeStaleUploads();

    /**
     * Applies the retention policy on the import connection; the caller holds the import queue.
     * A failure is logged and never fails the import that came before it.
     */
    const retain = async (): Promise<void> => {
      if (!retention) return;
      try {
        const result = await applyRetention(imports.connection, retention);
        if (Object.values(result.tables).some((n) => n > 0)) {
          app.caches.dataChanged();
          console.error(`helpflow: ${describeRetention(result, false)}`);
        }
      } catch (error) {
        console.error(`helpflow: retention failed: ${(error as Error).message}`);
      }
    };

    const imports = new ImportJobs(await app.store.connect(), async () => {
      await retain();
      app.caches.dataChanged();
    });
    app.decorate('imports', imports);

    // Retention now (events may have aged out while the server was stopped) and then daily. The
    // pass is queued before the first sync, so what waits for it (Analytics.warmUp) never waits
    // for a sync as well.
    let retentionTimer: NodeJS.Timeout | undefined;
    let startup = Promise.resolve();
    if (retention) {
      startup = imports.exclusive(retain);
      retentionTimer = setInterval(() => void imports.exclusive(retain), DAY_MS);
      retentionTimer.unref();
    }
    app.decorate('startupRetention', startup);

    // Syncs the configured sources now and every `intervalMs` after: each source's import
    // waits its turn with uploads (one writer), and a failed source never stops the others.
    const schedule = sync
      ? startSyncSchedule(imports.connection, sync.config, sync.intervalMs, {
          importSource: (store, connector, input) =>
            imports.exclusive(async () => {
              const summary = await runImport(store, connector, input);
              await retain();
              return summary;
            }),
          onSync: () => app.caches.dataChanged(),
        })
      : null;

    app.addHook('onClose', async () => {
      clearInterval(retentionTimer);
      await schedule?.stop();
      await imports.drain();
    });
  },
  { name: 'helpflow-imports', dependencies: ['helpflow-settings', 'helpflow-caches'] },
);
