/**
 * `npm run golden`: every report, byte for byte, on the demo organisation and the benchmark
 * organisations, so that a refactor can prove it changed no answer (issue 14).
 *
 *   npm run golden                      write the reports of this checkout to .golden/current/
 *   npm run golden -- --base main~5     the same for REF (in a temporary git worktree) and for
 *                                       this checkout; list every report that differs, with the
 *                                       first differing lines, and exit 1 if any does
 *
 * Options: --sizes S,M (benchmark organisations beside the demo; default S), --out DIR.
 *
 * Each organisation is built into a fresh temporary database: the demo as `helpflow demo` makes
 * it (its fixed seed, events up to 2026-11-01, so nothing depends on today), the benchmark ones
 * from bench/workloads.ts's seeded files. Then the real fastify app (server/app.ts, through
 * `inject`) answers, for the roles admin, analyst, the manager of a team and a member of it, and
 * for four windows (the default; the last whole week of the data; a team filter; a topic, source
 * and kind filter): isolation, experts (three topics; admin also a free-text search), communities,
 * flows by team, community and context, people search, trends, the graph (auto, people with a
 * minimum weight, communities, one community), person pages, a flagged person's follow-up, the
 * brief (HTML) and the CSV, GEXF and GraphML exports. Errors are answers too: a role refused a
 * route is recorded with its status and problem JSON. `Reports` (server/reports/reports.ts) is
 * also asked directly for each report of each window, before any shaping.
 *
 * What is not the same from run to run is fixed or left out, so that two runs of one commit
 * write the same bytes:
 * - the pseudonym key (random per database) is set to a constant before the app starts, so
 *   aliases and the keyed order of non-admin lists are stable;
 * - tokens are random but never appear in an answer;
 * - DuckDB runs on one thread: before server/store/steady-sum.ts, a parallel SUM of doubles
 *   (the experts' `help`, for one) added in an order that varied, and so did its last bits, and
 *   --base may run such a commit (helpflow itself runs on every core);
 * - the brief's "made YYYY-MM-DD" date is replaced by "made <date>";
 * - on commits from before the tie ids `helper->helped` (server/export/network.ts), the GEXF and
 *   GraphML edge ids graphology made (`geid_<graph>_<n>`) lose the graph's number, which counted
 *   the graphs the process made before (so depended on the requests before it);
 * - of the response headers only content-type, content-disposition and X-Helpflow-* are kept
 *   (not date, length, connection or rate limits).
 * Everything else, timings included, would show as a difference: there are none in the reports.
 *
 * Written per organisation: one file per answer (status, kept headers, then the body; JSON
 * pretty-printed for reading, while the manifest's sha256 is of the body's exact bytes) and
 * manifest.json (report name → sha256). With --base, this same file is copied into the other
 * checkout and run there, so both sides ask exactly the same questions; the modules it loads are
 * looked up in the places they have lived (see MODULES) so that it runs on older commits too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

type StoreModule = typeof import('../server/store/database.ts');
type IngestModule = typeof import('../server/store/ingest.ts');
type OrgChartModule = typeof import('../connectors/org-chart/index.ts');
type SlackModule = typeof import('../connectors/slack-export/index.ts');
type InteractionsModule = typeof import('../connectors/interactions/index.ts');
type DemoModule = typeof import('../demo/generate.ts');
type TokensModule = typeof import('../server/access/tokens.ts');
type AppModule = typeof import('../server/app.ts');
type ReportsModule = typeof import('../server/reports/reports.ts');
type WorkloadsModule = typeof import('./workloads.ts');
type Store = import('../server/store/database.ts').Store;

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Where each module this script needs lives, newest place first: a refactor that moves one adds
 * its new path in front, so that `--base` on a commit from before the move still runs.
 */
const MODULES = {
  store: ['server/store/database.ts'],
  ingest: ['server/store/ingest.ts'],
  orgChart: ['connectors/org-chart/index.ts'],
  slack: ['connectors/slack-export/index.ts'],
  interactions: ['connectors/interactions/index.ts'],
  demo: ['demo/generate.ts', 'server/demo/generate.ts'],
  tokens: ['server/access/tokens.ts'],
  app: ['server/app.ts'],
  reports: ['server/reports/reports.ts'],
  workloads: ['bench/workloads.ts'],
};

async function load<T>(name: keyof typeof MODULES): Promise<T> {
  const path = MODULES[name].find((candidate) => existsSync(join(ROOT, candidate)));
  if (!path) throw new Error(`golden: no ${name} module at ${MODULES[name].join(' or ')}`);
  return (await import(pathToFileURL(join(ROOT, path)).href)) as T;
}

/** A constant pseudonym key (64 hex digits), so that aliases are the same on every run. */
const PSEUDONYM_KEY = '67'.repeat(32);

/** Response headers that belong to the answer; the rest (date, length, limits) vary. */
function keptHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers)
    .filter((name) => /^(content-type|content-disposition|x-helpflow-.*)$/i.test(name))
    .sort()
    .map((name) => `${name.toLowerCase()}: ${String(headers[name])}`);
}

/** What varies between two runs of the same commit, replaced by a placeholder. */
function normalised(body: string): string {
  return body
    .replace(/\bmade \d{4}-\d{2}-\d{2}\b/g, 'made <date>')
    .replace(/\bid="geid_\d+_(\d+)"/g, 'id="geid_<graph>_$1"');
}

/** JSON of anything a report returns (Maps, Sets, typed arrays, bigints), keys in their order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Map) return { $map: [...v.entries()] };
      if (v instanceof Set) return { $set: [...v] };
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return {
          $typed: v.constructor.name,
          values: Array.from(v as unknown as ArrayLike<number>),
        };
      }
      if (typeof v === 'number' && !Number.isFinite(v)) return `${v}`;
      return v;
    },
    2,
  );
}

interface Organisation {
  name: string;
  /** Fills a fresh store; returns nothing, the store is the organisation. */
  build(store: Store, dir: string): Promise<void>;
}

async function demoOrganisation(): Promise<Organisation> {
  const [{ generateDemo }, { runImport }, { orgChart }, { slackExport }] = await Promise.all([
    load<DemoModule>('demo'),
    load<IngestModule>('ingest'),
    load<OrgChartModule>('orgChart'),
    load<SlackModule>('slack'),
  ]);
  return {
    name: 'demo',
    async build(store, dir) {
      const out = join(dir, 'demo');
      await generateDemo({ outDir: out });
      await runImport(store, orgChart, { path: join(out, 'org-chart.csv'), options: {} });
      await runImport(store, slackExport, { path: join(out, 'slack-export'), options: {} });
    },
  };
}

async function benchOrganisation(size: string): Promise<Organisation> {
  const [{ WORKLOADS, writeWorkload }, { runImport }, { orgChart }, { interactions }] =
    await Promise.all([
      load<WorkloadsModule>('workloads'),
      load<IngestModule>('ingest'),
      load<OrgChartModule>('orgChart'),
      load<InteractionsModule>('interactions'),
    ]);
  const workload = WORKLOADS[size];
  if (!workload) {
    throw new Error(`golden: unknown size "${size}"; use ${Object.keys(WORKLOADS).join(', ')}`);
  }
  return {
    name: `bench-${size}`,
    async build(store, dir) {
      const files = await writeWorkload(dir, workload);
      await runImport(store, orgChart, { path: files.orgChart, options: {} });
      await runImport(store, interactions, { path: files.events, options: {} });
    },
  };
}

/** The people and groups the questions name, chosen from the data (never written down). */
interface Subjects {
  team: string;
  topics: string[];
  source: string;
  kind: string;
  manager: string;
  member: string;
}

async function subjectsOf(store: Store): Promise<Subjects> {
  const first = async (sql: string): Promise<string> => {
    const row = await store.one<{ v: string }>(sql);
    if (!row) throw new Error(`golden: nothing for ${sql}`);
    return String(row.v);
  };
  const team = await first(
    `SELECT team AS v FROM people WHERE team IS NOT NULL GROUP BY team ORDER BY count(*) DESC, team LIMIT 1`,
  );
  const topics = (
    await store.all<{ v: string }>(
      `SELECT topic AS v FROM interactions WHERE topic IS NOT NULL
       GROUP BY topic ORDER BY count(*) DESC, topic LIMIT 3`,
    )
  ).map((row) => String(row.v));
  const source = await first(
    `SELECT source AS v FROM interactions GROUP BY source ORDER BY count(*) DESC, source LIMIT 1`,
  );
  const kind = await first(
    `SELECT kind AS v FROM interactions GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 1`,
  );
  const manager = await first(
    `SELECT manager_id AS v FROM people WHERE team = '${team.replaceAll("'", "''")}'
     AND manager_id IS NOT NULL GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`,
  );
  const member = await first(
    `SELECT person_id AS v FROM people WHERE manager_id = '${manager.replaceAll("'", "''")}'
     ORDER BY person_id LIMIT 1`,
  );
  return { team, topics, source, kind, manager, member };
}

/** Monday 00:00 UTC on or before `iso`, minus `weeks` weeks. */
function mondayBefore(iso: string, weeks = 0): string {
  const day = new Date(iso);
  day.setUTCHours(0, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7) - 7 * weeks);
  return day.toISOString();
}

function queryString(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

/** Asks every question of one organisation and writes the answers into `out`. */
async function goldenOf(organisation: Organisation, out: string, log: (m: string) => void) {
  const [{ Store }, { createToken }, { buildApp }, { Reports }] = await Promise.all([
    load<StoreModule>('store'),
    load<TokensModule>('tokens'),
    load<AppModule>('app'),
    load<ReportsModule>('reports'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), `helpflow-golden-${organisation.name}-`));
  const started = performance.now();
  const store = await Store.open(join(dir, 'helpflow.duckdb'));
  // One DuckDB thread: on commits from before server/store/steady-sum.ts, a parallel SUM of
  // doubles added in an order that varied from run to run (--base may run one).
  await store.run('SET threads = 1');
  const manifest: Record<string, string> = {};
  const write = (name: string, text: string, hashed: string) => {
    const file = `${name.replace(/[^A-Za-z0-9=._-]+/g, '_')}.txt`;
    writeFileSync(join(out, file), text);
    manifest[name] = createHash('sha256').update(hashed).digest('hex');
  };
  mkdirSync(out, { recursive: true });
  try {
    log(`golden ${organisation.name}: building …`);
    await organisation.build(store, dir);
    await store.run(
      `INSERT INTO settings VALUES ('pseudonym_key', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [PSEUDONYM_KEY],
    );
    const subjects = await subjectsOf(store);
    const people = await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM people`);

    // Reports themselves, before the API shapes them.
    const reports = new Reports(store);
    const window = await reports.window();
    const weekTo = mondayBefore(window.to);
    const windows: Record<string, Record<string, string | undefined>> = {
      default: {},
      week: { from: mondayBefore(window.to, 1), to: weekTo },
      team: { team: subjects.team },
      filtered: { topic: subjects.topics[0], source: subjects.source, kind: subjects.kind },
    };
    log(`golden ${organisation.name}: reports …`);
    for (const [label, query] of Object.entries(windows)) {
      const raw: Record<string, () => Promise<unknown>> = {
        window: () => reports.window(query),
        people: () => reports.people(query),
        isolation: () => reports.isolation(query),
        communities: () => reports.communities(query),
        trends: () => reports.trends(query),
        ...Object.fromEntries(
          (['team', 'community', 'context'] as const).map((by) => [
            `flows-${by}`,
            () => reports.flows({ ...query, by }),
          ]),
        ),
        ...Object.fromEntries(
          subjects.topics.map((topic) => [
            `experts-${topic}`,
            () => reports.experts({ ...query, search: topic }),
          ]),
        ),
      };
      for (const [name, run] of Object.entries(raw)) {
        let text: string;
        try {
          text = canonicalJson(await run());
        } catch (error) {
          text = `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        }
        write(`reports/${label}/${name}`, text, text);
      }
    }

    // The API, as each role gets it.
    const app = await buildApp({ store, config: { rateLimit: 0, signInFailures: 0 } });
    try {
      const tokens: Record<string, string> = {
        admin: (await createToken(store, { role: 'admin' })).token,
        analyst: (await createToken(store, { role: 'analyst' })).token,
        manager: (await createToken(store, { role: 'manager', personId: subjects.manager })).token,
        member: (await createToken(store, { role: 'member', personId: subjects.member })).token,
      };
      const ask = async (role: string, name: string, url: string) => {
        const response = await app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${tokens[role]}` },
        });
        const body = normalised(response.body);
        const head = [
          `GET ${url}`,
          `status: ${response.statusCode}`,
          ...keptHeaders(response.headers),
        ];
        let shown = body;
        if (String(response.headers['content-type'] ?? '').includes('json')) {
          shown = JSON.stringify(JSON.parse(body), null, 2);
        }
        write(
          `api/${role}/${name}`,
          `${head.join('\n')}\n\n${shown}\n`,
          `${head.join('\n')}\n\n${body}`,
        );
        return { status: response.statusCode, body };
      };
      // Whom to open: the flagged people of the admin's isolation report, the manager, the member.
      const isolation = await ask('admin', 'default/isolation', `/api/v1/isolation`);
      const flagged = flaggedIn(isolation.body);
      // The follow-up of someone who lost partners says more than one of someone who had none.
      const followed = flagged.find((person) => person.lostPartners) ?? flagged[0];
      const persons = [
        ...new Set([
          subjects.manager,
          subjects.member,
          ...flagged.slice(0, 2).map((person) => person.id),
          ...(followed ? [followed.id] : []),
        ]),
      ];
      log(`golden ${organisation.name}: the API for ${Object.keys(tokens).join(', ')} …`);
      for (const [label, query] of Object.entries(windows)) {
        const q = (extra: Record<string, string | undefined> = {}) =>
          queryString({ ...query, ...extra });
        for (const role of Object.keys(tokens)) {
          const at = (name: string) => `${label}/${name}`;
          await ask(role, at('isolation'), `/api/v1/isolation${q()}`);
          await ask(role, at('communities'), `/api/v1/communities${q()}`);
          await ask(role, at('trends'), `/api/v1/trends${q()}`);
          for (const by of ['team', 'community', 'context']) {
            await ask(role, at(`flows-${by}`), `/api/v1/flows${q({ by })}`);
          }
          for (const topic of subjects.topics) {
            await ask(role, at(`experts-${topic}`), `/api/v1/experts${q({ topic })}`);
          }
          if (role === 'admin') {
            const text = subjects.topics[0]!.slice(0, 4);
            await ask(role, at(`experts-search-${text}`), `/api/v1/experts${q({ topic: text })}`);
          }
          await ask(role, at('graph'), `/api/v1/graph${q()}`);
          await ask(
            role,
            at('graph-people'),
            `/api/v1/graph${q({ level: 'people', minWeight: '2' })}`,
          );
          await ask(role, at('graph-communities'), `/api/v1/graph${q({ level: 'communities' })}`);
          await ask(role, at('graph-community-0'), `/api/v1/graph${q({ community: '0' })}`);
          await ask(role, at('brief'), `/api/v1/brief${q()}`);
          for (const person of persons) {
            await ask(
              role,
              at(`person-${person}`),
              `/api/v1/people/${encodeURIComponent(person)}${q()}`,
            );
          }
          if (followed) {
            await ask(
              role,
              at(`follow-up-${followed.id}`),
              `/api/v1/people/${encodeURIComponent(followed.id)}/follow-up${q()}`,
            );
          }
          for (const format of ['csv', 'gexf', 'graphml']) {
            await ask(role, at(`export-${format}`), `/api/v1/export${q({ format })}`);
          }
        }
      }
      for (const role of Object.keys(tokens)) {
        await ask(role, 'people-search', `/api/v1/people?limit=1000`);
        await ask(
          role,
          'people-search-team',
          `/api/v1/people${queryString({ team: subjects.team, limit: '1000' })}`,
        );
      }
    } finally {
      await app.close();
    }
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      people: people?.n ?? 0,
      reports: Object.keys(manifest).length,
      subjects,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The flagged people of an isolation answer, in its order, and whether they lost partners. */
function flaggedIn(body: string): { id: string; lostPartners: boolean }[] {
  const parsed = JSON.parse(body) as {
    people?: { person?: string; formerPartners?: unknown[] }[];
  };
  return (parsed.people ?? []).flatMap((person) =>
    typeof person.person === 'string'
      ? [{ id: person.person, lostPartners: (person.formerPartners ?? []).length > 0 }]
      : [],
  );
}

async function runHere(sizes: string[], out: string, log: (m: string) => void) {
  rmSync(out, { recursive: true, force: true });
  const organisations = [await demoOrganisation()];
  for (const size of sizes) organisations.push(await benchOrganisation(size));
  const results: Record<string, unknown> = {};
  for (const organisation of organisations) {
    results[organisation.name] = await goldenOf(organisation, join(out, organisation.name), log);
  }
  return results;
}

type Manifest = Record<string, string>;

function readManifests(out: string, organisations: string[]): Manifest {
  const all: Manifest = {};
  for (const name of organisations) {
    const manifest = JSON.parse(readFileSync(join(out, name, 'manifest.json'), 'utf8')) as Manifest;
    for (const [report, sha] of Object.entries(manifest)) all[`${name}/${report}`] = sha;
  }
  return all;
}

/** The first differing line of two answers, after two lines of what comes before it. */
function firstDifference(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) {
    return '  (the files agree: the bytes of the JSON body differ)';
  }
  const cut = (line: string | undefined) => (line ?? '(end of file)').slice(0, 200);
  return [
    `  line ${i + 1}:`,
    ...a.slice(Math.max(0, i - 2), i).map((line) => `    ${cut(line)}`),
    `  - ${cut(a[i])}`,
    `  + ${cut(b[i])}`,
  ].join('\n');
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'S' },
      out: { type: 'string' },
      base: { type: 'string' },
    },
  });
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const sizes = values.sizes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const goldenDir = resolve(ROOT, '.golden');
  const out = resolve(values.out ?? join(goldenDir, 'current'));
  const started = performance.now();
  if (!values.base) {
    const organisations = await runHere(sizes, out, log);
    console.log(
      JSON.stringify(
        {
          name: 'golden',
          commit: git(['rev-parse', 'HEAD']),
          out: relative(process.cwd(), out) || '.',
          organisations,
          ms: Math.round(performance.now() - started),
        },
        null,
        2,
      ),
    );
    return 0;
  }

  // The base: a temporary worktree of REF, this script copied into it, run there with tsx.
  const ref = values.base;
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const worktree = mkdtempSync(join(tmpdir(), 'helpflow-golden-base-'));
  const baseOut = resolve(goldenDir, 'base');
  rmSync(baseOut, { recursive: true, force: true });
  log(`golden: ${ref} (${commit.slice(0, 10)}) in ${worktree} …`);
  git(['worktree', 'add', '--detach', worktree, commit]);
  try {
    // The dependencies are this checkout's: a base with other pinned versions would need `npm ci`.
    symlinkSync(join(ROOT, 'node_modules'), join(worktree, 'node_modules'), 'dir');
    mkdirSync(join(worktree, 'bench'), { recursive: true });
    copyFileSync(import.meta.filename, join(worktree, 'bench', 'golden.ts'));
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['bench/golden.ts', '--sizes', sizes.join(','), '--out', baseOut], {
      cwd: worktree,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`golden: the run on ${ref} failed (exit ${run.status})`);
  } finally {
    git(['worktree', 'remove', '--force', worktree]);
    rmSync(worktree, { recursive: true, force: true });
  }
  log(`golden: this checkout …`);
  const organisations = await runHere(sizes, out, log);
  const names = Object.keys(organisations);
  const before = readManifests(baseOut, names);
  const after = readManifests(out, names);
  const differing: string[] = [];
  const onlyBase = Object.keys(before).filter((name) => !(name in after));
  const onlyHere = Object.keys(after).filter((name) => !(name in before));
  for (const [name, sha] of Object.entries(after)) {
    if (name in before && before[name] !== sha) differing.push(name);
  }
  for (const name of differing.slice(0, 20)) {
    const [organisation, ...rest] = name.split('/');
    const file = `${rest.join('/').replace(/[^A-Za-z0-9=._-]+/g, '_')}.txt`;
    log(`differs: ${name}`);
    log(
      firstDifference(
        readFileSync(join(baseOut, organisation!, file), 'utf8'),
        readFileSync(join(out, organisation!, file), 'utf8'),
      ),
    );
  }
  if (differing.length > 20) log(`… and ${differing.length - 20} more`);
  for (const name of onlyBase) log(`only in ${ref}: ${name}`);
  for (const name of onlyHere) log(`only here: ${name}`);
  const same = differing.length === 0 && onlyBase.length === 0 && onlyHere.length === 0;
  console.log(
    JSON.stringify(
      {
        name: 'golden',
        base: { ref, commit },
        commit: git(['rev-parse', 'HEAD']),
        reports: Object.keys(after).length,
        differing: differing.length,
        onlyInBase: onlyBase.length,
        onlyHere: onlyHere.length,
        identical: same,
        out: { base: relative(process.cwd(), baseOut), here: relative(process.cwd(), out) },
        organisations,
        ms: Math.round(performance.now() - started),
      },
      null,
      2,
    ),
  );
  return same ? 0 : 1;
}

process.exitCode = await main();
