import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { FROM_SOURCES, PACKAGE_ROOT } from '../build-mode.ts';

/**
 * The dashboard (web/, a Vite app) served by the API server: the built files at /, and
 * index.html for any other GET outside /api, so a reload on a view's address works. Run from
 * the sources, the app is rebuilt when its sources are newer than the build, so a checkout
 * serves what it holds; run from the build (`npm run build`), it serves web/dist as built, and
 * never loads Vite, a development dependency.
 */

export const WEB_ROOT = join(PACKAGE_ROOT, 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** Newest modification time under the app's sources (not dist). */
function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry.startsWith('dist') || entry === 'node_modules') continue;
    newest = Math.max(newest, newestSource(join(path, entry)));
  }
  return newest;
}

export function dashboardIsStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  return !existsSync(built) || statSync(built).mtimeMs < newestSource(WEB_ROOT);
}

/**
 * Builds web/dist with Vite when it is missing or older than web/'s sources. The build goes to
 * a folder of its own, then takes dist's place, so a server never serves half a build.
 */
export async function ensureDashboard(log: (line: string) => void = console.log): Promise<void> {
  if (!FROM_SOURCES) {
    if (existsSync(join(WEB_DIST, 'index.html'))) return;
    throw new Error(`the dashboard is not built (no ${WEB_DIST}): run \`npm run build\``);
  }
  if (!dashboardIsStale()) return;
  log('Building the dashboard (web/ changed since the last build) …');
  // Only when running from the sources (a checkout with its devDependencies), never in a build.
  // eslint-disable-next-line import-x/no-extraneous-dependencies
  const { build } = await import('vite');
  const outDir = `${WEB_DIST}.tmp-${process.pid}`;
  await build({
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
  });
  rmSync(WEB_DIST, { recursive: true, force: true });
  try {
    renameSync(outDir, WEB_DIST);
  } catch {
    // Another process put its build there first: the same sources, so the same files.
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function dashboard(app: FastifyInstance): Promise<void> {
  await app.register(pages);
}

/** The app's files, in a context of their own so the hook below touches only them. */
async function pages(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: false,
    index: ['index.html'],
    setHeaders(reply, path) {
      // Vite names assets by content hash: they never change; index.html must be fetched anew.
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
