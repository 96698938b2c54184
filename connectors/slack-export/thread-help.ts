/**
 * docs/help.md for chat: a reply in a thread is the replier helping the thread starter, and a
 * reaction by the starter on a reply confirms that help. Everything else is counted by reason.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';
import { SOURCE, type AccountBook } from './accounts.ts';
import type { Conversation } from './conversations.ts';
import { isoFromTs, type SlackMessage } from './messages.ts';

/** Subtypes a person writes; every other subtype is a notice Slack or an integration wrote. */
const HUMAN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

export const SKIP = {
  bot: 'bot message',
  system: (subtype: string) => `system message (subtype ${subtype})`,
  noUser: 'message without a user',
  duplicate: 'duplicate message (same ts twice in one conversation)',
  topLevel: 'top-level message (not a reply)',
  selfReply: 'self-reply (reply in a thread the replier started)',
  missingParent: 'reply whose thread start is unknown (no root message, no parent_user_id)',
  toBot: 'reply in a thread started by a bot',
};

/**
 * The help in one conversation, and each top-level post as activity (a thread start, answered
 * or not: an unanswered one is how someone asked and got no help). All its messages are needed at once: a thread's root can sit
 * in an earlier (or, with broadcasts, a later) day file than its replies.
 */
export function* helpInConversation(
  conversation: Conversation,
  messages: SlackMessage[],
  accounts: AccountBook,
  skips: SkipTally,
): Generator<AccountRecord | InteractionRecord | ActivityRecord> {
  const byTs = new Map<string, SlackMessage>();
  const startedHelp = new Set<string>();
  const topLevel: SlackMessage[] = [];
  for (const message of messages) {
    if (byTs.has(message.ts)) {
      skips.add(SKIP.duplicate);
      continue;
    }
    byTs.set(message.ts, message);
  }
  for (const message of byTs.values()) {
    if (message.user !== null) {
      const newcomer = accounts.admit(message.user, message);
      if (newcomer) yield newcomer;
    }
    const notHelp = whyNotHelp(message, accounts);
    if (notHelp) {
      skips.add(notHelp);
      continue;
    }
    const helper = message.user;
    if (helper === null) {
      skips.add(SKIP.noUser);
      continue;
    }
    const threadTs = message.threadTs;
    if (threadTs === null || threadTs === message.ts) {
      topLevel.push(message);
      yield {
        type: 'activity',
        source: SOURCE,
        sourceId: `${conversation.id}:${message.ts}`,
        occurredAt: isoFromTs(message.ts),
        account: helper,
        kind: 'post',
        context: conversation.context,
      };
      continue;
    }
    const starter = threadStarter(message, byTs.get(threadTs), accounts);
    if ('skip' in starter) {
      skips.add(starter.skip);
      continue;
    }
    const helped = starter.accountId;
    if (helped === helper) {
      skips.add(SKIP.selfReply);
      continue;
    }
    const newcomer = accounts.admit(helped);
    if (newcomer) yield newcomer;
    startedHelp.add(threadTs);
    const help = { conversation, message, helper, helped };
    yield interaction(help, 'reply', `${conversation.id}:${message.ts}`);
    if (message.reactionUsers.includes(helped)) {
      yield interaction(help, 'reaction', `${conversation.id}:${message.ts}:reaction`);
    }
  }
  for (const message of topLevel) if (!startedHelp.has(message.ts)) skips.add(SKIP.topLevel);
}

function whyNotHelp(message: SlackMessage, accounts: AccountBook): string | null {
  if (message.subtype === 'bot_message') return SKIP.bot;
  if (message.subtype !== null && !HUMAN_SUBTYPES.has(message.subtype)) {
    return SKIP.system(message.subtype);
  }
  return postedByBot(message, accounts) ? SKIP.bot : null;
}

function postedByBot(message: SlackMessage, accounts: AccountBook): boolean {
  return (
    message.subtype === 'bot_message' ||
    message.botId !== null ||
    (message.user !== null && accounts.isBot(message.user))
  );
}

/**
 * Who started the reply's thread: the root message's poster or, when the root is not in the
 * export (or was deleted, leaving a tombstone), the reply's parent_user_id.
 */
function threadStarter(
  reply: SlackMessage,
  root: SlackMessage | undefined,
  accounts: AccountBook,
): { accountId: string } | { skip: string } {
  if (root && root.subtype !== 'tombstone') {
    if (postedByBot(root, accounts)) return { skip: SKIP.toBot };
    if (root.user !== null) return { accountId: root.user };
  }
  if (reply.parentUserId === null) return { skip: SKIP.missingParent };
  return accounts.isBot(reply.parentUserId)
    ? { skip: SKIP.toBot }
    : { accountId: reply.parentUserId };
}

function interaction(
  help: { conversation: Conversation; message: SlackMessage; helper: string; helped: string },
  kind: 'reply' | 'reaction',
  sourceId: string,
): InteractionRecord {
  return {
    type: 'interaction',
    source: SOURCE,
    sourceId,
    occurredAt: isoFromTs(help.message.ts),
    helper: help.helper,
    helped: help.helped,
    kind,
    context: help.conversation.context,
    topic: help.conversation.topic,
    weight: null,
    // Further replies by one person in a thread count less as expert evidence.
    thread:
      help.message.threadTs === null ? null : `${help.conversation.id}:${help.message.threadTs}`,
  };
}
