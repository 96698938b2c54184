/**
 * The help in one repository since a cursor time: its pull requests and issues updated since
 * (who each one goes to), the reviews of those pull requests, and the review comments and
 * issue comments updated since. `since` is inclusive on GitHub's side, so the items at the
 * cursor's own second are read twice and stored once.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { ConnectorRecord } from '../types.ts';
import { GitHubError, type GitHubClient } from './client.ts';
import {
  help,
  opening,
  threadNumber,
  toHelpItem,
  toThread,
  updatedAt,
  SKIP,
  type AccountLog,
  type Kind,
  type Thread,
} from './help.ts';

export interface RepositoryRun {
  client: GitHubClient;
  /** "acme/api": the origin, and every interaction's context. */
  fullName: string;
  /** The newest update the last run saw, or null for everything. */
  since: string | null;
  /** The `topics` option's topic for this repository, which wins over labels. */
  topic: string | null;
  accounts: AccountLog;
  skips: SkipTally;
  /** Counts requests for progress records. */
  onPage(): ConnectorRecord;
}

const PAGE = 100;

/** Yields the repository's records and returns the newest update it saw (the next cursor). */
export async function* repositoryHelp(
  run: RepositoryRun,
): AsyncGenerator<ConnectorRecord, string | null> {
  const [owner, repo] = run.fullName.split('/') as [string, string];
  const since = run.since ?? undefined;
  const threads = new Map<number, Thread | null>();
  let newest = run.since;
  const seen = (time: string) => {
    if (newest === null || time > newest) newest = time;
  };

  for await (const page of run.client.paginate.iterator('GET /repos/{owner}/{repo}/issues', {
    owner,
    repo,
    state: 'all',
    sort: 'updated',
    direction: 'asc',
    per_page: PAGE,
    ...(since === undefined ? {} : { since }),
  })) {
    for (const raw of page.data) {
      const thread = toThread(raw, place(run, `issue #${raw.number}`), run.topic);
      threads.set(thread.number, thread);
      seen(thread.updatedAt);
      const account = run.accounts.admit(thread.author);
      if (account) yield account;
      const activity = opening(thread, run.fullName);
      if (activity) yield activity;
    }
    yield run.onPage();
  }

  for (const thread of threads.values()) {
    if (!thread?.isPullRequest) continue;
    for await (const page of run.client.paginate.iterator(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      { owner, repo, pull_number: thread.number, per_page: PAGE },
    )) {
      for (const raw of page.data) {
        yield* itemHelp(run, 'review', raw, `review ${raw.id} on #${thread.number}`, thread);
      }
      yield run.onPage();
    }
  }

  const comments = [
    ['review-comment', 'GET /repos/{owner}/{repo}/pulls/comments', 'pull_request_url'],
    ['issue-comment', 'GET /repos/{owner}/{repo}/issues/comments', 'issue_url'],
  ] as const;
  for (const [kind, route, threadUrl] of comments) {
    for await (const page of run.client.paginate.iterator(route, {
      owner,
      repo,
      sort: 'updated',
      direction: 'asc',
      per_page: PAGE,
      ...(since === undefined ? {} : { since }),
    })) {
      for (const raw of page.data) {
        const where = `${kind.replace('-', ' ')} ${raw.id}`;
        seen(updatedAt(raw, place(run, where)));
        const number = threadNumber(raw, threadUrl, place(run, where));
        if (!threads.has(number)) {
          const fetched = await fetchThread(run, number);
          threads.set(number, fetched);
          const account = run.accounts.admit(fetched?.author ?? null);
          if (account) yield account;
        }
        const thread = threads.get(number);
        if (!thread) {
          run.skips.add(SKIP.missingThread);
          continue;
        }
        yield* itemHelp(run, kind, raw, where, thread);
      }
      yield run.onPage();
    }
  }
  return newest;
}

function* itemHelp(
  run: RepositoryRun,
  kind: Kind,
  raw: unknown,
  where: string,
  thread: Thread,
): Generator<ConnectorRecord> {
  const item = toHelpItem(kind, raw, place(run, where));
  if ('skip' in item) {
    run.skips.add(item.skip);
    return;
  }
  // Help from before the cursor was read by that run; an edit since brings it back here.
  if (run.since !== null && item.occurredAt < run.since) {
    run.skips.add(SKIP.earlier);
    return;
  }
  const account = run.accounts.admit(item.author);
  if (account) yield account;
  const record = help(item, thread, run.fullName);
  if ('skip' in record) run.skips.add(record.skip);
  else yield record;
}

/** A pull request or issue the list since the cursor did not hold (a comment edited later). */
async function fetchThread(run: RepositoryRun, number: number): Promise<Thread | null> {
  const [owner, repo] = run.fullName.split('/') as [string, string];
  try {
    const { data } = await run.client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: number,
    });
    return toThread(data, place(run, `issue #${number}`), run.topic);
  } catch (error) {
    // Deleted (410) or moved away (404): its comments have nobody to go to.
    if (error instanceof GitHubError && (error.status === 404 || error.status === 410)) return null;
    throw error;
  }
}

function place(run: RepositoryRun, record: string) {
  return { origin: run.fullName, record };
}
