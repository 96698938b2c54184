/**
 * Sync on a schedule, for `helpflow serve`: one sync at once, then one every `intervalMs`
 * after the previous one ended, so that a slow sync never overlaps the next.
 */
import type { Store } from '../store/database.ts';
import type { SyncConfig } from './config.ts';
import { runSync, type SourceResult, type SyncOptions } from './run.ts';

export interface SyncSchedule {
  /** Stops the schedule; resolves once a sync under way has finished. */
  stop(): Promise<void>;
}

export function startSyncSchedule(
  store: Store,
  config: SyncConfig,
  intervalMs: number,
  options: Partial<SyncOptions> & { onSync?: (results: SourceResult[]) => void } = {},
): SyncSchedule {
  if (!(intervalMs > 0))
    throw new RangeError(`startSyncSchedule: intervalMs must be > 0, got ${intervalMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      options.onSync?.(await runSync(store, config, options));
    } catch (error) {
      // runSync reports each source's failure itself; this is a callback's own error, and the
      // schedule must outlive it.
      console.error(`helpflow sync: ${(error as Error).message}`);
    }
    if (!stopped) {
      timer = setTimeout(() => {
        running = tick();
      }, intervalMs);
    }
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
