/**
 * `git log` in a machine-readable format, parsed as it streams: one header line per commit
 * (fields split by US, starting with RS) followed by the paths it changed (`--name-only`).
 * Author identities come through the repository's .mailmap (%aE, %aN); trailer values do not,
 * so they are mapped afterwards (mailmap.ts).
 */
import { gitLines } from './git-process.ts';
import { HELP_TRAILER_KEYS } from './trailers.ts';

export interface Commit {
  sha: string;
  isMerge: boolean;
  authorEmail: string;
  authorName: string;
  /** ISO 8601 author date. */
  authoredAt: string;
  /** Raw `Key: value` trailers of the help kinds, unfolded. */
  trailers: string[];
  /** Files changed per top-level directory; files at the root count for none. */
  directories: Map<string, number>;
}

const RS = '\x1e';
const US = '\x1f';
const GS = '\x1d';

const FORMAT =
  `${RS}%H${US}%P${US}%aE${US}%aN${US}%aI${US}` +
  `%(trailers:${HELP_TRAILER_KEYS.map((key) => `key=${key}`).join(',')},unfold,separator=%x1d)`;

export interface LogOptions {
  /** Passed to git's --since: only commits after this date. */
  since?: string;
}

export function logArgs(options: LogOptions): string[] {
  return [
    'log',
    `--format=${FORMAT}`,
    '--name-only',
    '--no-renames',
    '--no-relative',
    '--no-notes',
    ...(options.since ? [`--since=${options.since}`] : []),
    'HEAD',
    '--',
  ];
}

/** The commits reachable from HEAD, newest first. */
export async function* commits(repo: string, options: LogOptions): AsyncGenerator<Commit> {
  let current: Commit | null = null;
  for await (const line of gitLines(repo, logArgs(options))) {
    if (line.startsWith(RS)) {
      if (current) yield current;
      current = header(line);
    } else if (current && line !== '') {
      const directory = topLevelDirectory(line);
      if (directory !== null) {
        current.directories.set(directory, (current.directories.get(directory) ?? 0) + 1);
      }
    }
  }
  if (current) yield current;
}

function header(line: string): Commit {
  const [
    sha = '',
    parents = '',
    authorEmail = '',
    authorName = '',
    authoredAt = '',
    trailers = '',
  ] = line.slice(1).split(US);
  return {
    sha,
    isMerge: parents.includes(' '),
    authorEmail,
    authorName,
    authoredAt,
    trailers: trailers === '' ? [] : trailers.split(GS),
    directories: new Map(),
  };
}

/** The first segment of a changed path; git quotes paths with control characters or quotes. */
function topLevelDirectory(path: string): string | null {
  const unquoted = path.startsWith('"') ? path.slice(1) : path;
  const slash = unquoted.indexOf('/');
  return slash > 0 ? unquoted.slice(0, slash) : null;
}

/** The directory most files changed in (the first by name on a tie), or null. */
export function mainDirectory(directories: Map<string, number>): string | null {
  let best: string | null = null;
  let most = 0;
  for (const [directory, files] of directories) {
    if (files > most || (files === most && best !== null && directory < best)) {
      best = directory;
      most = files;
    }
  }
  return best;
}
