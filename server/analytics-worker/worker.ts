import { existsSync, rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Reports, type ReportsConfig } from '../reports/reports.ts';
import { workerApi, type WorkerApi } from './api.ts';
import { openChannel, type StoreApi } from './protocol.ts';
import { remoteStore } from './remote-store.ts';

/**
 * The analytics worker: graphs, metrics, communities and layouts are computed here, off the
 * API's thread, so one slow computation never stalls other requests. It serves `workerApi`
 * (api.ts); its SQL goes back to the API's thread.
 */

// The methods are filled in below: the store they read through needs the channel first.
const methods = {} as WorkerApi;
const main = openChannel<StoreApi, WorkerApi>(methods, parentPort!);
const store = remoteStore(main);
const api = workerApi(new Reports(store, (workerData ?? {}) as Partial<ReportsConfig>), store);
const trigger = process.env.HELPFLOW_TEST_WORKER_EXIT;
Object.assign(methods, trigger ? exitingOnce(api, trigger) : api);

/**
 * For tests only (tests/worker-crash.test.ts): with HELPFLOW_TEST_WORKER_EXIT set to a file's
 * path, the worker that receives a call while that file exists deletes it and exits at once,
 * as a crash would, leaving the call unanswered.
 */
function exitingOnce(api: WorkerApi, trigger: string): WorkerApi {
  const wrapped: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    wrapped[name] = (...args: never[]) => {
      if (existsSync(trigger)) {
        rmSync(trigger);
        process.exit(70);
      }
      return (method as (...args: never[]) => unknown)(...args);
    };
  }
  return wrapped as WorkerApi;
}
