/**
 * The demo organisation: a believable company of about 300 people, generated from a seed, as
 * the files a real deployment would import: a Slack workspace export, an org chart CSV, and a
 * manifest of the planted facts (experts, the guild, a team dependency, who went quiet, who just
 * joined).
 *
 *   npx tsx demo/generate.ts OUTDIR [--seed N] [--people N] [--messages N] [--teams N]
 *
 * The same options always give byte-identical files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ActivityPlanner } from './activity.ts';
import { buildManifest, type DemoManifest } from './manifest.ts';
import { orgChartCsv } from './org-chart.ts';
import { buildOrganisation } from './organisation.ts';
import { SlackExportWriter } from './slack-export.ts';

export type { DemoManifest } from './manifest.ts';

export const DEFAULTS = {
  seed: 20_261_031,
  people: 300,
  messages: 8_000,
  /** People per team when the team count is not given. */
  teamSize: 25,
} as const;

export interface DemoScale {
  people?: number;
  messages?: number;
  teams?: number;
}

export interface DemoOptions {
  /** Receives slack-export/, org-chart.csv and demo-manifest.json; slack-export/ is replaced. */
  outDir: string;
  seed?: number;
  scale?: DemoScale;
}

export interface DemoResult {
  manifest: DemoManifest;
  /** Paths relative to outDir, sorted, with forward slashes. */
  files: string[];
  bytes: number;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `generateDemo: ${name} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  if (typeof options?.outDir !== 'string' || options.outDir === '') {
    throw new TypeError('generateDemo: outDir must be a non-empty path');
  }
  const seed = checkInteger('seed', options.seed ?? DEFAULTS.seed, 0, 0xffff_ffff);
  const people = checkInteger('people', options.scale?.people ?? DEFAULTS.people, 60, 20_000);
  const messages = checkInteger(
    'messages',
    options.scale?.messages ?? DEFAULTS.messages,
    1_000,
    5_000_000,
  );
  const teams = checkInteger(
    'teams',
    options.scale?.teams ?? Math.max(3, Math.round(people / DEFAULTS.teamSize)),
    3,
    Math.floor((people - 1) / 5),
  );

  const org = buildOrganisation({ seed, people, teams });
  const planned = new ActivityPlanner(org, seed).plan(messages);
  const manifest = buildManifest(seed, org, planned);

  rmSync(join(options.outDir, 'slack-export'), { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const writer = new SlackExportWriter(org, seed, options.outDir);
  await writer.writeAll(planned);
  const extras = [
    { path: 'org-chart.csv', content: orgChartCsv(org.people) },
    { path: 'demo-manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
  ];
  for (const { path, content } of extras) {
    writeFileSync(join(options.outDir, path), content);
    writer.files.push({ path, bytes: Buffer.byteLength(content) });
  }
  const files = writer.files.map((f) => f.path).sort();
  return { manifest, files, bytes: writer.files.reduce((n, f) => n + f.bytes, 0) };
}

function parseArguments(args: string[]): DemoOptions {
  const usage = 'usage: generate.ts OUTDIR [--seed N] [--people N] [--messages N] [--teams N]';
  const scale: DemoScale = {};
  let outDir: string | undefined;
  let seed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      if (outDir !== undefined) throw new Error(usage);
      outDir = arg;
      continue;
    }
    const value = Number(args[++i]);
    if (arg === '--seed') seed = value;
    else if (arg === '--people') scale.people = value;
    else if (arg === '--messages') scale.messages = value;
    else if (arg === '--teams') scale.teams = value;
    else throw new Error(`unknown option ${arg}\n${usage}`);
  }
  if (!outDir) throw new Error(usage);
  return { outDir, ...(seed === undefined ? {} : { seed }), scale };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const options = parseArguments(process.argv.slice(2));
    const started = performance.now();
    const { manifest: m, files, bytes } = await generateDemo(options);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `wrote ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) to ${options.outDir} in ${seconds.toFixed(1)} s`,
    );
    console.log(`seed ${m.seed}, ${m.window.from} to ${m.window.to}`);
    console.log(`${m.people} people in ${m.teams.length} teams, ${m.channels.length} channels`);
    console.log(`${m.messages} messages: ${m.threads} threads, ${m.replies} replies`);
    console.log(
      `${m.experts.length} experts, guild #${m.crossTeamCommunity.channel} of ${m.crossTeamCommunity.members.length} from ${m.crossTeamCommunity.teams.length} teams`,
    );
    for (const d of m.dependencies) console.log(`dependency: ${d.reason}`);
    console.log(
      `fading ${m.fading.join(' ')}; never active ${m.neverActive.join(' ')}; new joiners ${m.newJoiners.join(' ')}`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
