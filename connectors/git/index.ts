/**
 * The `git` connector: a local repository's history (a working tree or a bare repository),
 * read through the `git` binary. A help trailer (`Reviewed-by:`, `Helped-by:` … see
 * trailers.ts) is the trailer person helping the commit's author (kind 'trailer'). People are
 * e-mail accounts (source 'email', the address in lower case), so the same person in git and
 * in mail is one account and links to the org chart by address; .mailmap is honoured for
 * authors and trailer people alike. Merge commits are not help: their trailers mostly repeat
 * those of the commits they merge, and the merger integrated rather than was helped.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { DeclaredAccounts } from '../declared-accounts.ts';
import { ImportError, errorMessage } from '../errors.ts';
import { MAX_RECORD_OPTION, maxRecordBytes } from '../shared/record-limit.ts';
import { SkipTally } from '../shared/skips.ts';
import type { Connector, ConnectorInput, ConnectorRecord, InteractionRecord } from '../types.ts';
import { commits, mainDirectory, sinceArgs, type LogOptions } from './commit-log.ts';
import { gitOutput } from './git-process.ts';
import { contactOf, mailmapIdentities, type Identity } from './mailmap.ts';
import { isBotIdentity, parseTrailer, type Trailer } from './trailers.ts';

export const SOURCE = 'email';
const PROGRESS_EVERY = 1000;

export const SKIP = {
  noTrailer: 'commit without a help trailer',
  noAuthorAddress: 'trailer on a commit whose author has no e-mail address',
  merge: 'trailer on a merge commit',
  noAddress: 'trailer without an e-mail address',
  self: 'self-trailer (the author names themselves)',
  bot: 'trailer naming a bot, or on a bot’s commit',
  repeated: 'the same trailer twice in one commit',
};

export const git: Connector = {
  id: 'git',
  description: 'git repository history: help trailers (Reviewed-by, Helped-by, Co-authored-by …)',
  accepts: 'a local git repository: its working tree folder, or a bare repository',
  optionsHelp: {
    since: 'only commits after this date (YYYY-MM-DD or an ISO 8601 date-time)',
    [MAX_RECORD_OPTION]: 'the longest line of git log output accepted (default 16MB)',
  },
  async validate(input) {
    await checkRepository(input.path);
    logOptions(input);
  },
  read: readGit,
};

interface PendingCommit {
  sha: string;
  author: string;
  authorIsBot: boolean;
  occurredAt: string;
  topic: string | null;
  trailers: Trailer[];
}

async function* readGit(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const repo = input.path;
  const options = logOptions(input);
  const context = repositoryName(repo);
  // Counting the commits costs git a walk of the history: done beside the log, not before it.
  let total: number | undefined;
  const counting = gitOutput(repo, ['rev-list', '--count', ...sinceArgs(options), 'HEAD']).then(
    (count) => (total = Number(count)),
  );
  counting.catch(() => undefined);
  const accounts = new DeclaredAccounts(SOURCE);
  const skips = new SkipTally();
  const pending: PendingCommit[] = [];
  let read = 0;
  yield { type: 'progress', read, total };
  for await (const commit of commits(repo, options)) {
    if (++read % PROGRESS_EVERY === 0) yield { type: 'progress', read, total };
    const author = commit.authorEmail.toLowerCase();
    const authorIsBot = isBotIdentity(commit.authorName, author);
    if (author !== '') {
      const account = accounts.admit(author, {
        displayName: commit.authorName || null,
        email: author,
        isBot: authorIsBot,
      });
      if (account) yield account;
    }
    // Every commit of a person is activity, trailers or not; a merge integrates others' work.
    if (author !== '' && !authorIsBot && !commit.isMerge) {
      yield {
        type: 'activity',
        source: SOURCE,
        sourceId: `git:${commit.sha}`,
        occurredAt: new Date(commit.authoredAt).toISOString(),
        account: author,
        kind: 'commit',
        context,
      };
    }
    if (commit.trailers.length === 0) {
      skips.add(SKIP.noTrailer);
    } else if (commit.isMerge || author === '') {
      const reason = commit.isMerge ? SKIP.merge : SKIP.noAuthorAddress;
      for (let i = 0; i < commit.trailers.length; i++) skips.add(reason);
    } else {
      pending.push({
        sha: commit.sha,
        author,
        authorIsBot,
        occurredAt: new Date(commit.authoredAt).toISOString(),
        topic: mainDirectory(commit.directories),
        trailers: commit.trailers.map(parseTrailer),
      });
    }
  }
  await counting;
  yield { type: 'progress', read, total };
  const canonical = await mailmapIdentities(repo, trailerIdentities(pending));
  for (const commit of pending) {
    const seen = new Set<string>();
    for (const trailer of commit.trailers) {
      if (trailer.email === null) {
        skips.add(SKIP.noAddress);
        continue;
      }
      const person = canonical.get(contactOf(trailer as Identity))!;
      const helper = person.email.toLowerCase();
      const helperIsBot = isBotIdentity(person.name, helper);
      const account = accounts.admit(helper, {
        displayName: person.name,
        email: helper,
        isBot: helperIsBot,
      });
      if (account) yield account;
      const sourceId = `git:${commit.sha}:${trailer.key}:${helper}`;
      if (helper === commit.author) skips.add(SKIP.self);
      else if (helperIsBot || commit.authorIsBot) skips.add(SKIP.bot);
      else if (seen.has(sourceId)) skips.add(SKIP.repeated);
      else {
        seen.add(sourceId);
        yield interaction(commit, helper, sourceId, context);
      }
    }
  }
  yield* skips.records();
}

function* trailerIdentities(pending: PendingCommit[]): Generator<Identity> {
  for (const commit of pending) {
    for (const trailer of commit.trailers) {
      if (trailer.email !== null) yield trailer as Identity;
    }
  }
}

function interaction(
  commit: PendingCommit,
  helper: string,
  sourceId: string,
  context: string,
): InteractionRecord {
  return {
    type: 'interaction',
    source: SOURCE,
    sourceId,
    occurredAt: commit.occurredAt,
    helper,
    helped: commit.author,
    kind: 'trailer',
    context,
    topic: commit.topic,
    weight: null,
  };
}

async function checkRepository(repo: string): Promise<void> {
  try {
    if (!(await stat(repo)).isDirectory()) {
      throw new ImportError(repo, 'is a file: give the folder of a git repository (or a bare one)');
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(repo, `cannot be read (${errorMessage(error)})`);
  }
  try {
    await gitOutput(repo, ['rev-parse', '--git-dir']);
  } catch (error) {
    throw new ImportError(
      repo,
      `not a git repository: give the top folder of a working tree, or a bare repository (${(error as Error).message.replace(/^.*?: /, '')})`,
    );
  }
  try {
    await gitOutput(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    throw new ImportError(repo, 'the repository has no commits yet (HEAD points at nothing)');
  }
}

const SINCE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A commit's header line holds its help trailers: 16 MB is far beyond any real one. */
const MAX_LINE_BYTES = 16 * 1024 ** 2;

function logOptions(input: ConnectorInput): LogOptions {
  const maxLineBytes = maxRecordBytes(input, MAX_LINE_BYTES);
  const since = input.options.since;
  if (since === undefined) return { maxLineBytes };
  if (!SINCE.test(since) || Number.isNaN(Date.parse(since))) {
    throw new ImportError(
      input.path,
      `--since ${JSON.stringify(since)} is not a date: give YYYY-MM-DD or an ISO 8601 date-time`,
      { field: 'since' },
    );
  }
  // git reads a bare date as that day at the current time of day (its approxidate), so the
  // same command would give different histories through the day: pin it to midnight UTC.
  return { since: new Date(Date.parse(since)).toISOString(), maxLineBytes };
}

/** The repository's folder name, without `.git`; for `repo/.git`, `repo`. */
function repositoryName(repo: string): string {
  const path = resolve(repo);
  const name = basename(path);
  if (name === '.git') return basename(dirname(path));
  return name.endsWith('.git') ? name.slice(0, -4) : name;
}
