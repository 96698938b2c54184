import { resolve } from 'node:path';

/**
 * Whether this process runs the TypeScript sources (through tsx or vitest: development and the
 * tests) or the compiled build in dist/ that `npm run build` makes and bin/helpflow.js runs.
 * Only the sources build the dashboard with Vite on demand and load the analytics worker through
 * tsx; the build needs neither, so a production install (`npm ci --omit=dev`) can serve.
 */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The checkout's root: this file is server/build-mode.ts, or dist/server/build-mode.js. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, FROM_SOURCES ? '..' : '../..');
