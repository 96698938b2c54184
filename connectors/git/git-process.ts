/**
 * The `git` binary, run on one repository only: GIT_CEILING_DIRECTORIES stops git from
 * searching the folders above the given path, so a plain folder inside some other repository
 * is "not a git repository" rather than that repository. Failures become ImportErrors that
 * carry git's own first line of complaint.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { ImportError } from '../errors.ts';
import { boundedLines } from '../shared/bounded-lines.ts';

/** Settings that would change what `git log` prints, fixed for every run. */
const CONFIG = [
  '-c',
  'log.showSignature=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'color.ui=never',
];

function start(repo: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const path = resolve(repo);
  return spawn('git', [...CONFIG, '-C', path, ...args], {
    env: {
      ...process.env,
      GIT_CEILING_DIRECTORIES: dirname(path),
      GIT_TERMINAL_PROMPT: '0',
      GIT_PAGER: 'cat',
      LC_ALL: 'C',
    },
  });
}

/**
 * The lines git writes to standard output, read as they come; a line over `limit` bytes fails
 * with the repository, the line of git's output and the limit, before it is held whole.
 */
export async function* gitLines(
  repo: string,
  args: readonly string[],
  limit: number,
): AsyncGenerator<string> {
  const child = start(repo, args);
  child.stdin.end();
  const exit = exitOf(child, repo, args);
  // Stopping early kills git; that failure is nobody's to report.
  exit.catch(() => undefined);
  try {
    const where = (line: number) => `line ${line} of git ${args[0]}'s output`;
    for await (const line of boundedLines(child.stdout, limit, repo, where)) {
      yield line.bytes.toString('utf8');
    }
    await exit;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** Everything git writes to standard output, after feeding it `stdin`. */
export async function gitOutput(
  repo: string,
  args: readonly string[],
  stdin?: string,
): Promise<string> {
  const child = start(repo, args);
  const exit = exitOf(child, repo, args);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // git may exit without reading its input (a bad repository): its exit code says why.
  child.stdin.on('error', () => undefined);
  child.stdin.end(stdin ?? '');
  await exit;
  return Buffer.concat(chunks).toString('utf8');
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
  repo: string,
  args: readonly string[],
): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  return new Promise((done, fail) => {
    child.on('error', (error) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      fail(
        new ImportError(
          repo,
          missing
            ? 'the git program is not installed (or not on PATH)'
            : `cannot run git (${error.message})`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return done();
      const complaint =
        stderr
          .trim()
          .split('\n')[0]
          ?.replace(/^(fatal|error): /, '') || `exit code ${code}`;
      fail(new ImportError(repo, `git ${args[0]} failed: ${complaint}`));
    });
  });
}
