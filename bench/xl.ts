import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { detectCommunities } from '../server/analytics/communities.ts';
import { personMetrics } from '../server/analytics/person-metrics.ts';
import { Reports } from '../server/reports/reports.ts';
import { readHelpNetwork, readRoster } from '../server/store/analytics-queries.ts';
import { Store } from '../server/store/database.ts';
import { WORKLOADS, writeWorkload } from './workloads.ts';

/**
 * The XL organisation (issue 15): 50,000 people in 200 teams, 15 M help events over two years,
 * run as an administrator runs it, every helpflow step a process of its own: the two imports
 * (`helpflow import`), then `helpflow serve`, asked over HTTP for the communities, people,
 * isolation, flows and trends reports at once from a cold cache, then each again warm, and for
 * what the dashboard's first frame needs (the session and the default, community-level graph).
 * Each process's peak resident memory is recorded (bench/peak-rss.mjs). In the same run,
 * python-igraph parses, builds and runs Louvain and PageRank on the same ties (the API's tie
 * export), when it is installed (`pip install --user igraph`); the report says so when not.
 */

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/helpflow.js');
const PEAK_RSS = join(import.meta.dirname, 'peak-rss.mjs');
/**
 * The five reports' routes. The people report (everyone's metrics) has no route of its own: a
 * person's page is computed from it, so the page of one person stands for it.
 */
const REPORTS: Record<string, string> = {
  communities: 'communities',
  people: 'people/p00042',
  isolation: 'isolation',
  flows: 'flows',
  trends: 'trends',
};
/** Warm figures are the median of this many requests. */
const WARM_TRIES = 3;
const GiB = 1024 ** 3;

interface Process {
  ms: number;
  cpuMs: number;
  peakRssBytes: number;
}

/** A helpflow command in a process of its own: its output, time, CPU and peak memory. */
async function helpflow(benchDir: string, args: string[]): Promise<Process & { stdout: string }> {
  const peakFile = join(benchDir, `peak-${process.pid}-${args[0]}.txt`);
  rmSync(peakFile, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, HELPFLOW_BENCH_PEAK_RSS: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const cpu = cpuOf(child.pid!);
  let lastCpu = 0;
  const sampler = setInterval(() => (lastCpu = cpu() ?? lastCpu), 200);
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`helpflow ${args.join(' ')} exited with ${code}:\n${stderr}`);
  return {
    stdout,
    ms: Math.round(performance.now() - started),
    cpuMs: lastCpu,
    peakRssBytes: Number(readFileSync(peakFile, 'utf8')),
  };
}

/** A reader of a process's CPU time so far (ms, all threads), from /proc; undefined once gone. */
function cpuOf(pid: number): () => number | undefined {
  return () => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime, fields 14 and 15 of the line, in clock ticks of 10 ms.
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
}

/** `helpflow serve` on the database, once it listens; stop() returns its peak memory. */
async function serve(benchDir: string, db: string, config: string) {
  const peakFile = join(benchDir, `peak-${process.pid}-serve.txt`);
  rmSync(peakFile, { force: true });
  const child = spawn(
    process.execPath,
    ['--import', PEAK_RSS, BIN, 'serve', '--port', '0', '--db', db, '--config', config],
    { cwd: ROOT, env: { ...process.env, HELPFLOW_BENCH_PEAK_RSS: peakFile } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  const url = await new Promise<string>((done, fail) => {
    void exited.then((code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
    child.stdout.on('data', () => {
      const match = / at (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
      if (match) done(match[1]!);
    });
  });
  return {
    url,
    cpuMs: cpuOf(child.pid!),
    async stop(): Promise<number> {
      child.kill('SIGTERM');
      await exited;
      return Number(readFileSync(peakFile, 'utf8'));
    },
  };
}

/**
 * A GET timed to its last byte, as curl times it, with node:http: undici's fetch took 140–350 ms
 * to hand over the XL isolation report's 14 MB (text() or arrayBuffer()) that curl had in
 * 14–20 ms. It accepts gzip, as every browser does; unzipping and decoding into a JavaScript
 * string are the client's work, so they come after the clock stops.
 */
function timedGet(url: string, token: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const request = get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = Math.round(performance.now() - started);
        const bytes = Buffer.concat(chunks);
        const encoded = response.headers['content-encoding'] === 'gzip';
        const body = (encoded ? gunzipSync(bytes) : bytes).toString('utf8');
        if (response.statusCode !== 200) {
          reject(new Error(`${url}: ${response.statusCode} ${body.slice(0, 300)}`));
        } else resolve({ ms, body });
      });
    });
    request.on('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** python-igraph on a tie CSV: seconds per step, or why it did not run. */
async function igraphOn(ties: string): Promise<Record<string, unknown>> {
  const script = join(import.meta.dirname, 'igraph-ties.py');
  const child = spawn('python3', [script, ties], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => {
    child.on('exit', done);
    child.on('error', () => done(-1));
  });
  if (code !== 0) return { available: false, reason: `igraph not available (${stderr.trim()})` };
  return JSON.parse(stdout) as Record<string, unknown>;
}

const gib = (bytes: number) => Number((bytes / GiB).toFixed(2));

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

/**
 * Where the reports' time goes, step by step in this process on the same database (the server
 * has stopped): the window's roster and ties read from DuckDB, Louvain, the person metrics
 * (PageRank, sampled betweenness, clustering, k-core, constraint) and the weekly trends SQL.
 * The communities and isolation reports need the network and Louvain of the previous window
 * as well.
 */
async function breakdown(db: string) {
  const store = await Store.open(db);
  try {
    const reports = new Reports(store);
    const window = await reports.window();
    const [roster, rosterMs] = await timed(() => readRoster(store));
    const [network, networkMs] = await timed(() =>
      readHelpNetwork(store, window, Promise.resolve(roster)),
    );
    const [, louvainMs] = await timed(() => detectCommunities(network, { seed: 42 }));
    const [metrics, metricsMs] = await timed(() => personMetrics(network, { seed: 42 }));
    const [, trendsMs] = await timed(() => reports.trends());
    return {
      ties: network.helper.length,
      readRoster: rosterMs,
      readNetwork: networkMs,
      louvain: louvainMs,
      personMetrics: metricsMs,
      betweenness: metrics.betweenness,
      trendsSql: trendsMs,
    };
  } finally {
    store.close();
  }
}

export async function benchXl(benchDir: string, log: (m: string) => void) {
  const workload = WORKLOADS.XL!;
  // The processes run the build (bin/helpflow.js), as a deployment does: made fresh from the
  // sources, so the figures are of this checkout and never of an older build.
  log('xl: building (npm run build) …');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  log('xl: generating the organisation (DuckDB SQL) …');
  const generateStarted = performance.now();
  const files = await writeWorkload(benchDir, workload);
  const generateMs = Math.round(performance.now() - generateStarted);
  const db = join(benchDir, 'xl.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  // The workload's two years (from 2024-09-01) are fixed, so that every run measures the same
  // events; the default retention of 730 days counts back from today and would delete their
  // oldest months, at the import (1.9 M events on 2026-12-04) and again as `serve` starts,
  // which then computes every report twice. The bench keeps everything.
  const config = join(benchDir, 'xl-config.json');
  writeFileSync(config, JSON.stringify({ retention: { days: 0, auditDays: 0 } }));

  log('xl: importing the org chart …');
  const chart = await helpflow(benchDir, [
    'import',
    'org-chart',
    files.orgChart,
    '--db',
    db,
    '--config',
    config,
  ]);
  log(`xl: importing ${workload.interactions} help events …`);
  const events = await helpflow(benchDir, [
    'import',
    'interactions',
    files.events,
    '--db',
    db,
    '--config',
    config,
    '--json',
  ]);
  const stored = (JSON.parse(events.stdout) as { counts: { interactionsStored: number } }).counts
    .interactionsStored;
  // Two administrators: the server runs at most four computations a token at once.
  const tokens: string[] = [];
  for (const label of ['xl-1', 'xl-2']) {
    const made = await helpflow(benchDir, [
      'token',
      'create',
      '--role',
      'admin',
      '--label',
      label,
      '--db',
      db,
      '--json',
    ]);
    tokens.push((JSON.parse(made.stdout) as { token: string }).token);
  }
  const token = tokens[0]!;

  log('xl: serving; the five reports at once, cold …');
  const server = await serve(benchDir, db, config);
  const api = (path: string) => `${server.url}/api/v1/${path}`;
  const cpuBefore = server.cpuMs() ?? 0;
  const coldStarted = performance.now();
  const coldDone: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  await Promise.all(
    Object.entries(REPORTS).map(async ([name, route], index) => {
      const { body } = await timedGet(api(route), tokens[index % 2]!);
      coldDone[name] = Math.round(performance.now() - coldStarted);
      bytes[name] = Buffer.byteLength(body);
    }),
  );
  const reportsColdMs = Math.round(performance.now() - coldStarted);
  const reportsColdCpuMs = (server.cpuMs() ?? 0) - cpuBefore;
  log('xl: the first frame (session and community-level graph), cold …');
  const session = await timedGet(api('session'), token);
  const graphCold = await timedGet(api('graph'), token);
  const graph = JSON.parse(graphCold.body) as { level: string; total: unknown };
  log('xl: warm …');
  const warm: Record<string, number> = {};
  const warmRoutes = { ...REPORTS, session: 'session', graph: 'graph' };
  for (const [name, route] of Object.entries(warmRoutes)) {
    const times = [];
    for (let i = 0; i < WARM_TRIES; i++) times.push((await timedGet(api(route), token)).ms);
    warm[name] = median(times);
  }
  log('xl: the ties, for igraph …');
  const tiesFile = join(benchDir, 'xl-ties.csv');
  const tiesExport = await timedGet(api('export?format=csv'), token);
  writeFileSync(tiesFile, tiesExport.body);
  const servePeak = await server.stop();

  log('xl: igraph on the same ties …');
  const igraph = await igraphOn(tiesFile);
  log('xl: where the reports’ time goes …');
  const steps = await breakdown(db);
  const igraphSeconds = igraph.available ? (igraph.totalSeconds as number) : null;
  const peaks = {
    importOrgChart: gib(chart.peakRssBytes),
    importEvents: gib(events.peakRssBytes),
    serve: gib(servePeak),
  };
  return {
    name: 'XL organisation',
    people: workload.people,
    teams: workload.people / workload.teamSize!,
    interactions: workload.interactions,
    eventsFileBytes: statSync(files.events).size,
    generateMs,
    import: {
      orgChartMs: chart.ms,
      eventsMs: events.ms,
      eventsCpuMs: events.cpuMs,
      interactionsStored: stored,
      interactionsPerSecond: Math.round(stored / (events.ms / 1000)),
    },
    reports: {
      coldTogetherMs: reportsColdMs,
      coldTogetherCpuMs: reportsColdCpuMs,
      coldDone,
      bytes,
      warmMedianMs: warm,
      stepsMs: steps,
    },
    firstFrame: {
      level: graph.level,
      total: graph.total,
      coldMs: session.ms + graphCold.ms,
      warmMs: warm.session! + warm.graph!,
      graphBytes: Buffer.byteLength(graphCold.body),
    },
    ties: { exportMs: tiesExport.ms, bytes: Buffer.byteLength(tiesExport.body) },
    peakRssGiB: peaks,
    igraph,
    reportsColdToIgraph:
      igraphSeconds === null ? null : Number((reportsColdMs / 1000 / igraphSeconds).toFixed(2)),
    goals: {
      importPerSecond: '>= 1,000,000',
      reportsColdToIgraph: '<= 0.5',
      warmEach: '<= 50 ms',
      peakRssEach: '<= 4 GiB',
      firstFrameWarm: '<= 2000 ms',
    },
  };
}
