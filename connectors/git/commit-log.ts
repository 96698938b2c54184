/**
 * `git log` in a machine-readable format, parsed as it streams. Two logs run side by side:
 * one header line per commit (fields split by US, starting with RS), and the changed paths
 * (`--name-only`) of only the commits whose message mentions a help trailer, because working
 * out the changed paths is most of git's cost and only those commits need a topic. Author
 * identities come through the repository's .mailmap (%aE, %aN); trailer values do not, so they
 * are mapped afterwards (mailmap.ts).
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

const HEADER_FORMAT =
  `${RS}%H${US}%P${US}%aE${US}%aN${US}%aI${US}` +
  `%(trailers:${HELP_TRAILER_KEYS.map((key) => `key=${key}`).join(',')},unfold,separator=%x1d)`;

/** A line of the message that could be a help trailer: a superset of what %(trailers) finds. */
const TRAILER_LINE = `^(${HELP_TRAILER_KEYS.join('|')})[[:space:]]*:`;

export interface LogOptions {
  /** Passed to git's --since: only commits after this date. */
  since?: string;
  /** The longest line of git's output accepted, in bytes (`--max-record-size`). */
  maxLineBytes: number;
}

export function sinceArgs(options: LogOptions): string[] {
  return options.since ? [`--since=${options.since}`] : [];
}

function logArgs(format: string, options: LogOptions, extra: string[] = []): string[] {
  return ['log', `--format=${format}`, '--no-notes', ...extra, ...sinceArgs(options), 'HEAD', '--'];
}

/**
 * The commits reachable from HEAD, newest first. Both logs walk the history in the same order,
 * and the second lists a subset of the first's commits, so they are matched as they stream.
 */
export async function* commits(repo: string, options: LogOptions): AsyncGenerator<Commit> {
  const changes = changedDirectories(repo, options);
  try {
    let changed = await changes.next();
    for await (const commit of headers(repo, options)) {
      if (!changed.done && changed.value.sha === commit.sha) {
        commit.directories = changed.value.directories;
        changed = await changes.next();
      }
      yield commit;
    }
  } finally {
    await changes.return(undefined);
  }
}

async function* headers(repo: string, options: LogOptions): AsyncGenerator<Commit> {
  for await (const line of gitLines(repo, logArgs(HEADER_FORMAT, options), options.maxLineBytes)) {
    if (line.startsWith(RS)) yield header(line);
  }
}

async function* changedDirectories(
  repo: string,
  options: LogOptions,
): AsyncGenerator<{ sha: string; directories: Map<string, number> }> {
  const args = logArgs(`${RS}%H`, options, [
    '--name-only',
    '--no-renames',
    '--no-relative',
    '--regexp-ignore-case',
    '--extended-regexp',
    `--grep=${TRAILER_LINE}`,
  ]);
  let current: { sha: string; directories: Map<string, number> } | null = null;
  for await (const line of gitLines(repo, args, options.maxLineBytes)) {
    if (line.startsWith(RS)) {
      if (current) yield current;
      current = { sha: line.slice(1), directories: new Map() };
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
