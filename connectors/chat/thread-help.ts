/**
 * docs/help.md for chat, the one rule every chat platform shares (Slack's export and API,
 * Mattermost, Teams, Discord): a reply is the replier helping the author of the post it answers
 * (the thread's root, or the message a Discord reply quotes), and a reaction by that author on
 * the reply confirms the help. Each connector is an adapter: it turns its format into ChatPosts
 * (and, like Slack, may admit accounts as the rule meets them); everything not help is counted
 * by reason, the reasons listed here.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';

export interface ChatPost {
  /** Unique within one call of helpInThreads; the tail of the interaction's sourceId. */
  id: string;
  /** ISO 8601 date-time. */
  at: string;
  author: string | null;
  /** A bot's post is no help, and help cannot be given to a bot. */
  role: 'person' | 'bot' | 'system' | 'deleted';
  /** The platform's name for a system post's type, for the skip reason. */
  systemType?: string;
  /**
   * Posted by a bot, whatever its role (Slack: a notice a bot wrote): help in reply to it is
   * help to a bot. By default, `role === 'bot'`.
   */
  byBot?: boolean;
  /** The post this one answers, or null for a top-level post. */
  parentId: string | null;
  /**
   * The parent's author as the reply itself records it (Slack's parent_user_id, null when
   * absent), for when the parent is not among the posts or names no author. Left undefined by
   * platforms that record no such thing.
   */
  parentAuthor?: string | null;
  /** The thread the reply is in, for the interaction (further replies count less as evidence). */
  thread?: string | null;
  /** Everyone who reacted to the post, with any emoji. */
  reactionUsers: readonly string[];
  context: string | null;
  topic: string | null;
}

export interface ThreadHelpOptions<P extends ChatPost = ChatPost> {
  source: string;
  /** Put before every post id in a sourceId (a team, guild or channel id), or ''. */
  idPrefix: string;
  skips: SkipTally;
  /** Whether an account is a bot, for a `parentAuthor`. */
  isBot?: (account: string) => boolean;
  /** The account of a post's author, the first time the rule meets it (before its help). */
  admitAuthor?: (post: P) => AccountRecord | null;
  /** The account of someone helped, the first time (before the help). */
  admitHelped?: (account: string) => AccountRecord | null;
}

/**
 * Why a post is not help, one reason per case the rule tells apart, in one wording for every
 * platform (Slack had its own wording of five until issue 14, such as `message without a user`;
 * imports logged before keep it). A post is a message, its id the platform's (Slack's ts), and
 * a reply answers its thread's root or the message it quotes.
 */
const SKIP = {
  bot: 'bot message',
  system: (type: string) => `system message (${type})`,
  deleted: 'deleted message',
  noAuthor: 'message without an author',
  duplicate: 'duplicate message (same id twice)',
  topLevel: 'top-level message (not a reply)',
  selfReply: 'self-reply (a reply to one’s own message)',
  missingParent: 'reply to a message that is not in the import',
  parentWithoutAuthor: 'reply to a message without an author (deleted or a system notice)',
  toBot: 'reply to a bot',
} as const;

/**
 * The help among `posts` (a parent must be among them too), and each top-level post as activity:
 * a thread start, answered or not, shows the author asked.
 */
export function* helpInThreads<P extends ChatPost>(
  posts: readonly P[],
  options: ThreadHelpOptions<P>,
): Generator<AccountRecord | InteractionRecord | ActivityRecord> {
  const { skips } = options;
  const byId = new Map<string, P>();
  for (const post of posts) {
    if (byId.has(post.id)) skips.add(SKIP.duplicate);
    else byId.set(post.id, post);
  }
  const startedHelp = new Set<string>();
  const topLevel: P[] = [];
  for (const post of byId.values()) {
    const account = options.admitAuthor?.(post);
    if (account) yield account;
    const notHelp = whyNotHelp(post);
    if (notHelp) {
      skips.add(notHelp);
      continue;
    }
    if (post.parentId === null || post.parentId === post.id) {
      topLevel.push(post);
      yield {
        type: 'activity',
        source: options.source,
        sourceId: `${options.idPrefix}${post.id}`,
        occurredAt: post.at,
        account: post.author!,
        kind: 'post',
        context: post.context,
      };
      continue;
    }
    const helped = starterOf(post, byId.get(post.parentId), options.isBot);
    if ('skip' in helped) {
      skips.add(helped.skip);
      continue;
    }
    if (helped.author === post.author) {
      skips.add(SKIP.selfReply);
      continue;
    }
    const newcomer = options.admitHelped?.(helped.author);
    if (newcomer) yield newcomer;
    startedHelp.add(post.parentId);
    const sourceId = `${options.idPrefix}${post.id}`;
    yield interaction(post, helped.author, 'reply', sourceId, options.source);
    if (post.reactionUsers.includes(helped.author)) {
      yield interaction(post, helped.author, 'reaction', `${sourceId}:reaction`, options.source);
    }
  }
  for (const post of topLevel) if (!startedHelp.has(post.id)) skips.add(SKIP.topLevel);
}

function whyNotHelp(post: ChatPost): string | null {
  switch (post.role) {
    case 'bot':
      return SKIP.bot;
    case 'system':
      return SKIP.system(post.systemType ?? 'unknown type');
    case 'deleted':
      return SKIP.deleted;
    case 'person':
      return post.author === null ? SKIP.noAuthor : null;
  }
}

/**
 * Who was helped by `reply` to `parent`. A deleted parent still had an author who asked; a
 * system notice with an author (Discord's "started a thread") names who opened the thread.
 * Without the parent or its author, the reply's own record of that author (`parentAuthor`)
 * says, where the platform keeps one.
 */
function starterOf(
  reply: ChatPost,
  parent: ChatPost | undefined,
  isBot: ((account: string) => boolean) | undefined,
): { author: string } | { skip: string } {
  if (parent) {
    if (parent.byBot ?? parent.role === 'bot') return { skip: SKIP.toBot };
    if (parent.author !== null) return { author: parent.author };
  }
  const recorded = reply.parentAuthor;
  if (recorded === undefined) {
    return { skip: parent ? SKIP.parentWithoutAuthor : SKIP.missingParent };
  }
  if (recorded === null) return { skip: SKIP.missingParent };
  return isBot?.(recorded) ? { skip: SKIP.toBot } : { author: recorded };
}

function interaction(
  post: ChatPost,
  helped: string,
  kind: 'reply' | 'reaction',
  sourceId: string,
  source: string,
): InteractionRecord {
  return {
    type: 'interaction',
    source,
    sourceId,
    occurredAt: post.at,
    helper: post.author!,
    helped,
    kind,
    context: post.context,
    topic: post.topic,
    weight: null,
    ...(post.thread === undefined ? {} : { thread: post.thread }),
  };
}
