// `npm install` and `npm ci` run this in a checkout: they build helpflow (`npm run build`), so
// that a fresh clone works after its install (`npm install && npm start`). A production install
// (`npm ci --omit=dev`) has neither TypeScript nor Vite to build with: it keeps the build that
// is there, made before it by an install with them.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function installed(name) {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (installed('typescript') && installed('vite')) {
  execSync('npm run build', { stdio: 'inherit' });
} else if (!existsSync(new URL('../dist/server/cli/main.js', import.meta.url))) {
  console.warn(
    'helpflow is not built, and this install has no development dependencies to build it with:' +
      ' run `npm ci && npm run build` first, then `npm ci --omit=dev`',
  );
}
