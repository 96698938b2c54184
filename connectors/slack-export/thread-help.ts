/**
 * Slack's adapter to the chat rule of docs/help.md (chat/thread-help.ts), for the export and the
 * API alike: a reply in a thread is the replier helping the thread starter, and a reaction by
 * the starter on a reply confirms that help. Slack names the starter on each reply
 * (parent_user_id), which stands in when the root is not in the export or was deleted.
 */
import { helpInThreads, type ChatPost } from '../chat/thread-help.ts';
import type { SkipTally } from '../shared/skips.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';
import { SOURCE, type AccountBook } from './accounts.ts';
import type { Conversation } from './conversations.ts';
import { isoFromTs, type SlackMessage } from './messages.ts';

/** Subtypes a person writes; every other subtype is a notice Slack or an integration wrote. */
const HUMAN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

/** A Slack message as the chat rule reads it, with the message for the account book. */
interface SlackPost extends ChatPost {
  message: SlackMessage;
}

/**
 * The help in one conversation, and each top-level post as activity (a thread start, answered
 * or not: an unanswered one is how someone asked and got no help). All its messages are needed
 * at once: a thread's root can sit in an earlier (or, with broadcasts, a later) day file than
 * its replies. Posters missing from users.json are admitted as the rule meets them.
 */
export function helpInConversation(
  conversation: Conversation,
  messages: SlackMessage[],
  accounts: AccountBook,
  skips: SkipTally,
): Generator<AccountRecord | InteractionRecord | ActivityRecord> {
  return helpInThreads(
    messages.map((message) => slackPost(conversation, message, accounts)),
    {
      source: SOURCE,
      idPrefix: `${conversation.id}:`,
      skips,
      isBot: (account) => accounts.isBot(account),
      admitAuthor: ({ message }) =>
        message.user === null ? null : accounts.admit(message.user, message),
      admitHelped: (account) => accounts.admit(account),
    },
  );
}

/**
 * `role` and `byBot` are read when the rule reaches the post, not before: the account book
 * learns of bots (a poster's bot_id) as the rule admits their accounts.
 */
function slackPost(
  conversation: Conversation,
  message: SlackMessage,
  accounts: AccountBook,
): SlackPost {
  // A deleted root (a tombstone) names no one; the replies' parent_user_id does.
  const tombstone = message.subtype === 'tombstone';
  return {
    message,
    id: message.ts,
    at: isoFromTs(message.ts),
    author: tombstone ? null : message.user,
    get role() {
      return roleOf(message, accounts);
    },
    ...(message.subtype === null ? {} : { systemType: `subtype ${message.subtype}` }),
    get byBot() {
      return !tombstone && postedByBot(message, accounts);
    },
    parentId: message.threadTs,
    parentAuthor: message.parentUserId,
    thread: message.threadTs === null ? null : `${conversation.id}:${message.threadTs}`,
    reactionUsers: message.reactionUsers,
    context: conversation.context,
    topic: conversation.topic,
  };
}

function roleOf(message: SlackMessage, accounts: AccountBook): ChatPost['role'] {
  if (message.subtype === 'bot_message') return 'bot';
  if (message.subtype !== null && !HUMAN_SUBTYPES.has(message.subtype)) return 'system';
  return postedByBot(message, accounts) ? 'bot' : 'person';
}

function postedByBot(message: SlackMessage, accounts: AccountBook): boolean {
  return (
    message.subtype === 'bot_message' ||
    message.botId !== null ||
    (message.user !== null && accounts.isBot(message.user))
  );
}
