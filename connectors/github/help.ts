/**
 * docs/help.md for GitHub: a review or review comment on a pull request is the reviewer helping the
 * pull request's author; a comment on an issue (or in a pull request's conversation) is the
 * commenter helping the author. Accounts are logins. Only metadata is read: a body is
 * looked at once, to tell a review with a summary from the empty envelope GitHub makes around
 * review comments, and never kept.
 */
import { ImportError } from '../errors.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';

export const SOURCE = 'github';

export const SKIP = {
  bot: 'written by a bot',
  toBot: 'on a pull request or issue a bot opened',
  ghost: 'written by a deleted account',
  toGhost: 'on a pull request or issue by a deleted account',
  selfReview: 'self-review (review of their own pull request)',
  selfComment: 'self-comment (comment on their own pull request or issue)',
  pending: 'pending review (not submitted yet)',
  envelope: 'review without a summary (its review comments count instead)',
  earlier: 'already read by an earlier sync',
  missingThread: 'comment on a pull request or issue that no longer exists',
};

export type Kind = 'review' | 'review-comment' | 'issue-comment';

export interface Author {
  login: string;
  isBot: boolean;
}

/** A pull request or issue: whom help on it goes to, and its topic. */
export interface Thread {
  /** GitHub's id of the issue, unique across GitHub (the number is per repository). */
  id: number;
  number: number;
  author: Author | null;
  isPullRequest: boolean;
  topic: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One review or comment, checked. */
export interface HelpItem {
  kind: Kind;
  id: number;
  author: Author | null;
  /** When the help happened: a review's submission, a comment's creation. */
  occurredAt: string;
}

/** Where a raw API item came from, for errors: "acme/api", "issue comment 1234". */
export interface Place {
  origin: string;
  record: string;
}

export function toThread(raw: unknown, place: Place, repoTopic: string | null): Thread {
  const item = object(raw, place);
  const labels = Array.isArray(item.labels) ? item.labels : [];
  const firstLabel = labels
    .map((label: unknown) => (typeof label === 'string' ? label : nameOf(label)))
    .find((name): name is string => typeof name === 'string' && name !== '');
  return {
    id: integer(item, 'id', place),
    number: integer(item, 'number', place),
    author: author(item.user, place),
    isPullRequest: item.pull_request !== undefined && item.pull_request !== null,
    topic: repoTopic ?? firstLabel ?? null,
    createdAt: time(item, 'created_at', place),
    updatedAt: time(item, 'updated_at', place),
  };
}

/**
 * Opening a pull request or an issue asks for a review or an answer: activity of its author
 * (docs/activity.md), or null for a bot's or a deleted account's.
 */
export function opening(thread: Thread, context: string): ActivityRecord | null {
  if (!thread.author || thread.author.isBot) return null;
  return {
    type: 'activity',
    source: SOURCE,
    sourceId: `issue:${thread.id}`,
    occurredAt: thread.createdAt,
    account: thread.author.login,
    kind: thread.isPullRequest ? 'pull-request' : 'issue',
    context,
  };
}

export function toHelpItem(kind: Kind, raw: unknown, place: Place): HelpItem | { skip: string } {
  const item = object(raw, place);
  const id = integer(item, 'id', place);
  if (kind === 'review') {
    if (item.state === 'PENDING' || item.submitted_at === null || item.submitted_at === undefined) {
      return { skip: SKIP.pending };
    }
    const body = typeof item.body === 'string' ? item.body.trim() : '';
    if (item.state === 'COMMENTED' && body === '') return { skip: SKIP.envelope };
  }
  return {
    kind,
    id,
    author: author(item.user, place),
    occurredAt: time(item, kind === 'review' ? 'submitted_at' : 'created_at', place),
  };
}

/** When a comment was last edited: the comment lists are read since the cursor by it. */
export function updatedAt(raw: unknown, place: Place): string {
  return time(object(raw, place), 'updated_at', place);
}

/** The number at the end of an `issue_url` or `pull_request_url`. */
export function threadNumber(raw: unknown, field: string, place: Place): number {
  const url = object(raw, place)[field];
  const match = typeof url === 'string' ? /\/(\d+)$/.exec(url) : null;
  if (!match) throw bad(place, 'expected an API URL ending in a number', field);
  return Number(match[1]);
}

/** The help an item stands for, or why it is none. */
export function help(
  item: HelpItem,
  thread: Thread,
  context: string,
): InteractionRecord | { skip: string } {
  if (!item.author) return { skip: SKIP.ghost };
  if (item.author.isBot) return { skip: SKIP.bot };
  if (!thread.author) return { skip: SKIP.toGhost };
  if (thread.author.isBot) return { skip: SKIP.toBot };
  if (item.author.login === thread.author.login) {
    return { skip: item.kind === 'issue-comment' ? SKIP.selfComment : SKIP.selfReview };
  }
  return {
    type: 'interaction',
    source: SOURCE,
    // Ids are unique per kind across GitHub, so a repository rename changes nothing.
    sourceId: `${item.kind}:${item.id}`,
    occurredAt: item.occurredAt,
    helper: item.author.login,
    helped: thread.author.login,
    kind: item.kind,
    context,
    topic: thread.topic,
    weight: null,
  };
}

/** Every login met, declared once as an account. */
export class AccountLog {
  private readonly seen = new Set<string>();

  admit(author: Author | null): AccountRecord | null {
    if (!author || this.seen.has(author.login)) return null;
    this.seen.add(author.login);
    return {
      type: 'account',
      source: SOURCE,
      accountId: author.login,
      displayName: null,
      email: null,
      isBot: author.isBot,
    };
  }
}

function author(user: unknown, place: Place): Author | null {
  // A deleted account's items keep `user: null` (GitHub shows them as "ghost").
  if (user === null || user === undefined) return null;
  const value = object(user, place);
  if (typeof value.login !== 'string' || value.login === '') {
    throw bad(place, 'the user has no login', 'user.login');
  }
  return { login: value.login, isBot: value.type === 'Bot' };
}

function object(raw: unknown, place: Place): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw bad(place, `expected an object, found ${raw === null ? 'null' : typeof raw}`);
  }
  return raw as Record<string, unknown>;
}

function nameOf(label: unknown): unknown {
  return typeof label === 'object' && label !== null ? (label as { name?: unknown }).name : null;
}

function integer(item: Record<string, unknown>, field: string, place: Place): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw bad(place, 'expected a whole number', field);
  }
  return value;
}

function time(item: Record<string, unknown>, field: string, place: Place): string {
  const value = item[field];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw bad(place, 'expected an ISO 8601 date-time', field);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw bad(place, 'expected an ISO 8601 date-time', field);
  return date.toISOString();
}

function bad(place: Place, problem: string, field?: string): ImportError {
  return new ImportError(place.origin, problem, { record: place.record, field });
}
