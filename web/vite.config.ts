import { defineConfig } from 'vite';

/**
 * The dashboard's build: `helpflow serve` builds web/dist with this when the sources are newer,
 * and serves it. For working on the app, `npx vite web` serves it with hot reload and passes
 * /api to a helpflow server on port 8080.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // No inline module-preload script: the content-security-policy allows no inline scripts.
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false } },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
