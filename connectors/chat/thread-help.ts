/**
 * docs/help.md for the chat platforms after Slack (Mattermost, Teams, Discord): a reply is the
 * replier helping the author of the post it answers (the thread's root, or the message a
 * Discord reply quotes), and a reaction by that author on the reply confirms the help.
 * Connectors turn their format into ChatPosts; everything not help is counted by reason.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { ActivityRecord, InteractionRecord } from '../types.ts';

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
  /** The post this one answers, or null for a top-level post. */
  parentId: string | null;
  /** Everyone who reacted to the post, with any emoji. */
  reactionUsers: readonly string[];
  context: string | null;
  topic: string | null;
}

export interface ThreadHelpOptions {
  source: string;
  /** Put before every post id in a sourceId (a team, guild or channel id), or ''. */
  idPrefix: string;
  skips: SkipTally;
}

export const CHAT_SKIP = {
  bot: 'bot message',
  system: (type: string) => `system message (${type})`,
  deleted: 'deleted message',
  noAuthor: 'message without an author',
  duplicate: 'duplicate message (same id twice)',
  topLevel: 'top-level message (not a reply)',
  selfReply: 'self-reply (a reply to one’s own message)',
  missingParent: 'reply to a message that is not in the export',
  parentWithoutAuthor: 'reply to a message without an author (deleted or a system notice)',
  toBot: 'reply to a bot',
};

/**
 * The help among `posts` (a parent must be among them too), and each top-level post as activity:
 * a thread start, answered or not, shows the author asked.
 */
export function* helpInThreads(
  posts: readonly ChatPost[],
  options: ThreadHelpOptions,
): Generator<InteractionRecord | ActivityRecord> {
  const { skips } = options;
  const byId = new Map<string, ChatPost>();
  for (const post of posts) {
    if (byId.has(post.id)) skips.add(CHAT_SKIP.duplicate);
    else byId.set(post.id, post);
  }
  const startedHelp = new Set<string>();
  const topLevel: ChatPost[] = [];
  for (const post of byId.values()) {
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
    const parent = byId.get(post.parentId);
    const helped = parent ? starterOf(parent) : { skip: CHAT_SKIP.missingParent };
    if ('skip' in helped) {
      skips.add(helped.skip);
      continue;
    }
    if (helped.author === post.author) {
      skips.add(CHAT_SKIP.selfReply);
      continue;
    }
    startedHelp.add(post.parentId);
    const sourceId = `${options.idPrefix}${post.id}`;
    yield interaction(post, helped.author, 'reply', sourceId, options.source);
    if (post.reactionUsers.includes(helped.author)) {
      yield interaction(post, helped.author, 'reaction', `${sourceId}:reaction`, options.source);
    }
  }
  for (const post of topLevel) if (!startedHelp.has(post.id)) skips.add(CHAT_SKIP.topLevel);
}

function whyNotHelp(post: ChatPost): string | null {
  switch (post.role) {
    case 'bot':
      return CHAT_SKIP.bot;
    case 'system':
      return CHAT_SKIP.system(post.systemType ?? 'unknown type');
    case 'deleted':
      return CHAT_SKIP.deleted;
    case 'person':
      return post.author === null ? CHAT_SKIP.noAuthor : null;
  }
}

/**
 * Who was helped by a reply to `parent`. A deleted parent still had an author who asked; a
 * system notice with an author (Discord's "started a thread") names who opened the thread.
 */
function starterOf(parent: ChatPost): { author: string } | { skip: string } {
  if (parent.role === 'bot') return { skip: CHAT_SKIP.toBot };
  if (parent.author === null) return { skip: CHAT_SKIP.parentWithoutAuthor };
  return { author: parent.author };
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
  };
}
