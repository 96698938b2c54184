/**
 * The real server with the dashboard for browser tests: the API on a real DuckDB file holding
 * the demo, plus the built web app (built once, when web/ is newer than web/dist).
 */
import type { Store } from '../server/store/database.ts';
import { dashboard, ensureDashboard } from '../server/plugins/dashboard.ts';
import { importDemo, startServer, type TestServer } from './api-server.ts';
import type { DemoManifest } from '../demo/generate.ts';

export async function startDashboard(
  prepare: (store: Store, dir: string) => Promise<void> = async () => undefined,
): Promise<{ server: TestServer; manifest: DemoManifest }> {
  await ensureDashboard(() => undefined);
  let manifest: DemoManifest | undefined;
  const server = await startServer(
    async (store, dir) => {
      manifest = await importDemo(store, dir);
      await prepare(store, dir);
    },
    {},
    dashboard,
  );
  return { server, manifest: manifest! };
}
