/**
 * `npm run bench`: import benchmarks, printed as JSON on standard output (progress on stderr).
 *
 *   interchange  a seeded CSV of 3,000,000 interactions among 10,000 people, imported into a
 *                fresh database (goal: at least 1,000,000 interactions/s end to end)
 *   slack        a generated Slack export of about 100 MB (~100,000 messages), imported into a
 *                fresh database (goal: under 10 s)
 *
 *   analytics    seeded organisations S (400 people, 20 k interactions), M (2,000, 300 k) and
 *                L (10,000, 3 M): import, graph build, Louvain, person metrics, every report
 *                from a cold and a warm cache
 *   api          the API on the M organisation under autocannon (50 connections): health, a
 *                warm graph and a warm person page (goal: p99 <= 50 ms, >= half of health's rate)
 *
 *   git, mattermost, teams, discord
 *                one generated input per connector (connectors.ts): 80,000 commits for git,
 *                100,000 posts for each chat export
 *
 *   fairness     the M organisation: another user's cold report alone and while one token sends
 *                --requests N (default 30) graph requests over distinct windows at once, with
 *                the fair queue and without it; the server's memory growth
 *
 *   startup      `helpflow --help` from the build and from the sources, against a bare
 *                `node -e 0` (goal: the build within 6x)
 *
 *   dashboard    (only with --only dashboard: it needs Chromium) the web bundle's size, and the
 *                time to the network's first drawn frame for M in headless Chromium
 *   first-frame  (only with --only first-frame: it needs Chromium) the default view's first frame
 *                for M, cold and warm (goals: cold <= 3 s, warm <= 1 s)
 *
 *   xl           (only with --only xl: it writes a 1.1 GB file and takes minutes) 50,000 people,
 *                15 M help events over two years, imported and served by helpflow processes,
 *                side by side with python-igraph on the same ties (bench/xl.ts)
 *
 * Options: --only interchange|slack|analytics|api|fairness|startup|dashboard|first-frame|xl|git|
 * mattermost|teams|discord,
 * --requests N (fairness burst), --rows N
 * (interchange size), --messages N (slack size), --sizes S,M,L (analytics workloads),
 * --commits N (git size), --posts N (chat export size).
 * Generated inputs are kept in .bench/ and reused while their parameters stay the same.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { interactions } from '../connectors/interactions/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { generateDemo } from '../demo/generate.ts';
import { Store } from '../server/store/database.ts';
import { runImport, type ImportSummary } from '../server/store/ingest.ts';
import { benchAnalytics } from './analytics.ts';
import { benchApi } from './api.ts';
import { CONNECTOR_BENCHES, benchConnector } from './connectors.ts';
import { benchDashboard } from './dashboard.ts';
import { benchFairness } from './fairness.ts';
import { benchFirstFrame } from './first-frame.ts';
import { benchXl } from './xl.ts';
import { benchStartup } from './startup.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    rows: { type: 'string', default: '3000000' },
    people: { type: 'string', default: '10000' },
    messages: { type: 'string', default: '100000' },
    sizes: { type: 'string', default: 'S,M,L' },
    commits: { type: 'string', default: '80000' },
    posts: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '30' },
  },
});

const BENCH_DIR = resolve(import.meta.dirname, '../.bench');
mkdirSync(BENCH_DIR, { recursive: true });

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function freshStore(name: string): Promise<Store> {
  const path = join(BENCH_DIR, name);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return Store.open(path);
}

/** A seeded interchange CSV, written by DuckDB from arithmetic mixing of the row number. */
async function interchangeFile(rows: number, people: number, seed = 42): Promise<string> {
  // v2: a year of dates that is past (the year 2026 of v1 ran into the future).
  const path = join(BENCH_DIR, `interchange-${rows}-${people}-${seed}-v2.csv`);
  if (existsSync(path)) return path;
  log(`generating ${path} …`);
  const store = await Store.open(':memory:');
  const mix = (a: number, b: number) => `((i * ${a} + ${seed * b}) % ${people})`;
  await store.run(`COPY (
    SELECT 'e' || i AS id,
           'p' || lpad(${mix(7919, 17)}::VARCHAR, 5, '0') AS helper,
           'p' || lpad(${mix(104729, 31)}::VARCHAR, 5, '0') AS helped,
           strftime(TIMESTAMPTZ '2025-01-01' + to_seconds((i * 6151 + ${seed}) % 31536000),
                    '%Y-%m-%dT%H:%M:%SZ') AS "at",
           ['reply', 'review', 'answer', 'comment'][1 + (i * 13 + ${seed}) % 4] AS kind,
           'topic-' || ((i * 37 + ${seed}) % 60) AS topic,
           'channel-' || ((i * 53 + ${seed}) % 300) AS context
    FROM range(${rows}) t(i)) TO '${path}' (HEADER)`);
  store.close();
  return path;
}

/**
 * Adds each import phase's milliseconds, of the clock and of CPU (every thread of the process:
 * JavaScript's and DuckDB's), to `into`, for the JSON. On a shared machine the CPU time is the
 * steadier figure. Start it just before the import.
 */
export function phaseCounter(into: Record<string, { ms: number; cpuMs: number }>) {
  let cpu = process.cpuUsage();
  return (phase: string, ms: number) => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const entry = (into[phase] ??= { ms: 0, cpuMs: 0 });
    entry.ms = Math.round(entry.ms + ms);
    entry.cpuMs = Math.round(entry.cpuMs + (used.user + used.system) / 1000);
  };
}

function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

function figures(summary: ImportSummary, seconds: number) {
  return {
    seconds: Number(seconds.toFixed(2)),
    interactionsStored: summary.counts.interactionsStored,
    interactionsPerSecond: Math.round(summary.counts.interactionsStored / seconds),
    skipped: summary.skipped,
  };
}

async function benchInterchange() {
  const rows = Number(values.rows);
  const path = await interchangeFile(rows, Number(values.people));
  const store = await freshStore('interchange.duckdb');
  log(`importing ${rows} interactions …`);
  const phasesMs: Record<string, { ms: number; cpuMs: number }> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await runImport(
    store,
    interactions,
    { path, options: {} },
    { onPhase: phaseCounter(phasesMs) },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = Number((cpuMsSince(cpu) / 1000).toFixed(2));
  store.close();
  const reader = await readerAlone(path);
  return {
    name: 'import interchange CSV',
    rows,
    people: Number(values.people),
    fileBytes: statSync(path).size,
    ...figures(summary, seconds),
    cpuSeconds,
    phasesMs,
    duckdbReaderAlone: {
      ...reader,
      interactionsPerSecond: Math.round(rows / reader.seconds),
      oursToReader: Number((seconds / reader.seconds).toFixed(2)),
    },
    goal: '>= 1,000,000 interactions/s',
  };
}

/**
 * DuckDB's own reader alone, as the yardstick, in the same run: the file into a table of a fresh
 * database file, its types sniffed, with no checks, no identities and no transaction of ours.
 */
export async function readerAlone(path: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const store = await freshStore('reader-alone.duckdb');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await store.run(`CREATE TABLE events AS FROM read_csv('${path.replaceAll("'", "''")}')`);
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return {
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number((cpuMsSince(cpu) / 1000).toFixed(2)),
  };
}

async function benchSlack() {
  const messages = Number(values.messages);
  const outDir = join(BENCH_DIR, `slack-${messages}`);
  if (!existsSync(join(outDir, 'slack-export', 'users.json'))) {
    log(`generating a Slack export of ${messages} messages in ${outDir} …`);
    await generateDemo({ outDir, scale: { people: 2000, messages } });
  }
  const exportDir = join(outDir, 'slack-export');
  const bytes = folderBytes(exportDir);
  const store = await freshStore('slack.duckdb');
  log(`importing ${(bytes / 1e6).toFixed(0)} MB of Slack export …`);
  const started = performance.now();
  const summary = await runImport(store, slackExport, { path: exportDir, options: {} });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return {
    name: 'import Slack export folder',
    messages,
    exportBytes: bytes,
    ...figures(summary, seconds),
    goal: '< 10 s for ~100 MB',
  };
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0);
}

const results = [];
if (!values.only || values.only === 'interchange') results.push(await benchInterchange());
if (!values.only || values.only === 'slack') results.push(await benchSlack());
if (!values.only || values.only === 'analytics') {
  for (const size of values.sizes.split(','))
    results.push(await benchAnalytics(size.trim(), BENCH_DIR, log));
}
if (!values.only || values.only === 'api') results.push(await benchApi(BENCH_DIR, log));
if (!values.only || values.only === 'fairness') {
  results.push(await benchFairness(BENCH_DIR, log, Number(values.requests)));
}
for (const name of Object.keys(CONNECTOR_BENCHES)) {
  if (values.only && values.only !== name) continue;
  const size = Number(name === 'git' ? values.commits : values.posts);
  results.push(await benchConnector(name, size, BENCH_DIR, log));
}
if (!values.only || values.only === 'startup') results.push(benchStartup(log));
if (values.only === 'dashboard') results.push(await benchDashboard(BENCH_DIR, log));
if (values.only === 'first-frame') results.push(await benchFirstFrame(BENCH_DIR, log));
if (values.only === 'xl') results.push(await benchXl(BENCH_DIR, log));
console.log(JSON.stringify({ machine: { cores: cpus().length }, results }, null, 2));
