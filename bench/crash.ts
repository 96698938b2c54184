/**
 * `npm run crash`: the crash test of issue 13 at full size. Seeded interchange imports (default
 * 3,000,000 rows among 10,000 people) are killed with SIGKILL at each stage (bench/crash-harness.ts)
 * through the CLI and through `helpflow serve`, --runs times each; after every kill the next open
 * must find all of the import or nothing of it. Prints one JSON line per kill and a summary;
 * exits 1 if any invariant broke.
 *
 * Options: --rows N, --people N, --runs N, --stages logged,writing,commit,checkpoint, --via cli,serve
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import {
  CRASH_STAGES,
  crashCliImport,
  crashServeImport,
  inspectAfterCrash,
  type CrashStage,
} from './crash-harness.ts';
import { writeWorkload } from './workloads.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    people: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    stages: { type: 'string', default: CRASH_STAGES.join(',') },
    via: { type: 'string', default: 'cli,serve' },
  },
});

const dir = resolve(import.meta.dirname, '../.bench');
mkdirSync(dir, { recursive: true });
const files = await writeWorkload(dir, {
  name: 'crash',
  people: Number(values.people),
  interactions: Number(values.rows),
});
const base = join(dir, 'crash-base.duckdb');
rmSync(base, { force: true });
rmSync(`${base}.wal`, { force: true });
const store = await Store.open(base);
await runImport(store, orgChart, { path: files.orgChart, options: {} });
const { token } = await createToken(store, { role: 'admin' });
const expected = (await store.one<{ n: number }>(
  `SELECT count(DISTINCT id) FILTER (WHERE helper <> helped)::INTEGER AS n
   FROM read_csv('${files.events}')`,
))!.n;
store.close();

let broken = 0;
const outcomes: Record<string, number> = {};
for (const via of values.via.split(',') as ('cli' | 'serve')[]) {
  for (const stage of values.stages.split(',') as CrashStage[]) {
    // `helpflow serve` writes no checkpoint as an import ends, and logs before the upload.
    if (via === 'serve' && (stage === 'logged' || stage === 'checkpoint')) continue;
    for (let i = 0; i < Number(values.runs); i++) {
      const db = join(dir, 'crash.duckdb');
      rmSync(`${db}.wal`, { force: true });
      copyFileSync(base, db);
      const run =
        via === 'cli'
          ? await crashCliImport(db, files.events, stage)
          : await crashServeImport(db, files.events, token, stage);
      const after = await inspectAfterCrash(db, 2);
      const whole = after.status === 'succeeded' && after.interactions === expected;
      const none = after.status === 'interrupted' && after.interactions === 0;
      const ok =
        after.withoutAccounts === 0 &&
        after.withoutImport === 0 &&
        after.weeklyTiesOff === 0 &&
        after.unfinished === 0 &&
        (whole || none);
      if (!ok) broken += 1;
      const outcome = `${via} ${stage}: ${whole ? 'all' : none ? 'nothing' : 'BROKEN'}${
        after.removed && Object.keys(after.removed).length ? ' (rows removed on open)' : ''
      }`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      console.log(JSON.stringify({ ...run, after, ok }));
    }
  }
}
console.log(JSON.stringify({ rows: Number(values.rows), expected, broken, outcomes }));
process.exitCode = broken > 0 ? 1 : 0;
