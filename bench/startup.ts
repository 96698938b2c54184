import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `--only startup`: how long `helpflow --help` takes from the build (what bin/helpflow.js runs)
 * and from the sources through tsx (bin/helpflow-dev.js), against a bare `node -e 0` on the
 * same machine at the same moment (goal: the build within 6x of bare node). The runs alternate,
 * so a busy machine slows all three alike; medians of `runs` each.
 */
const ROOT = resolve(import.meta.dirname, '..');

function wallMs(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

export function benchStartup(log: (message: string) => void, runs = 15) {
  log('startup: npm run build …');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const bare: number[] = [];
  const built: number[] = [];
  const sources: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(wallMs(['-e', '0']));
    built.push(wallMs(['bin/helpflow.js', '--help']));
    sources.push(wallMs(['bin/helpflow-dev.js', '--help']));
  }
  const nodeMs = median(bare);
  const buildMs = median(built);
  return {
    name: 'startup',
    runs,
    nodeMs,
    helpFromBuildMs: buildMs,
    helpFromSourcesMs: median(sources),
    ratio: Math.round((buildMs / nodeMs) * 100) / 100,
    goal: 'helpFromBuildMs <= 6 x nodeMs',
  };
}
