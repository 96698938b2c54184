#!/usr/bin/env node
// The helpflow command: runs the compiled build in dist/, which `npm run build` makes (and
// `npm install` in a checkout runs). bin/helpflow-dev.js runs the TypeScript sources instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`helpflow: it is not built yet: run \`npm run build\` in ${root}`);
  process.exit(1);
}
await import(main.href);
