/**
 * One DiscordChatExporter channel file (`{guild, channel, messages[]}`) as ChatPosts. Only the
 * metadata the help semantics need is kept; content, embeds and attachments are never read.
 * A Reply answers the message it references; any message in a thread answers the thread's
 * starter, whose id is the thread's own id (threads opened from a message, forum posts).
 */
import {
  arrayField,
  badField,
  dateTimeField,
  found,
  objectField,
  stringField,
  type Where,
} from '../chat/json-fields.ts';
import type { ChatPost } from '../chat/thread-help.ts';
import type { DeclaredAccounts } from '../declared-accounts.ts';
import { DIRECT_MESSAGE, GROUP_DIRECT_MESSAGE } from '../shared/direct-messages.ts';
import { isObject, nonEmptyString } from '../shared/json.ts';
import type { AccountRecord } from '../types.ts';

const THREAD_KINDS = new Set(['GuildPublicThread', 'GuildPrivateThread', 'GuildNewsThread']);
/** Message kinds a person writes; every other kind is a notice Discord wrote. */
const PERSON_KINDS = new Set(['Default', 'Reply']);

export interface ChannelFile {
  posts: ChatPost[];
  accounts: AccountRecord[];
  /** Thread id → the "started a thread" notice in the parent channel that opened it. */
  threadOpeners: Map<string, string>;
}

export function readChannelFile(
  parsed: unknown,
  file: string,
  accounts: DeclaredAccounts,
): ChannelFile {
  const top = { file, record: 'the export' };
  if (!isObject(parsed) || !isObject(parsed.channel) || !Array.isArray(parsed.messages)) {
    throw badField(
      top,
      'channel',
      'not a DiscordChatExporter JSON export: expected an object with "guild", "channel" and "messages"',
    );
  }
  const channel = objectField(parsed, 'channel', 'channel', top);
  const channelId = stringField(channel, 'id', 'channel.id', top);
  const kind = nonEmptyString(channel.type);
  const name = nonEmptyString(channel.name) ?? channelId;
  const isThread = kind !== null && THREAD_KINDS.has(kind);
  const { context, topic } =
    kind === 'DirectTextChat'
      ? { context: DIRECT_MESSAGE, topic: null }
      : kind === 'DirectGroupTextChat'
        ? { context: GROUP_DIRECT_MESSAGE, topic: null }
        : isThread
          ? {
              context: nonEmptyString(channel.category) ?? name,
              topic: nonEmptyString(channel.category) ?? name,
            }
          : { context: name, topic: name };
  const result: ChannelFile = { posts: [], accounts: [], threadOpeners: new Map() };
  parsed.messages.forEach((raw: unknown, index) => {
    const where = { file, record: `message ${index + 1}` };
    if (!isObject(raw))
      throw badField(where, 'messages', `expected a message object, found ${found(raw)}`);
    const id = stringField(raw, 'id', 'id', where);
    const at = { file, record: `message ${index + 1} (id ${id})` };
    const type = stringField(raw, 'type', 'type', at);
    const author = objectField(raw, 'author', 'author', at);
    const authorId = stringField(author, 'id', 'author.id', at);
    const isBot = author.isBot === true;
    const account = accounts.admit(authorId, {
      displayName: nonEmptyString(author.nickname) ?? nonEmptyString(author.name),
      email: null,
      isBot,
    });
    if (account) result.accounts.push(account);
    const reference = isObject(raw.reference) ? raw.reference : null;
    if (type === 'ThreadCreated' && reference) {
      const thread = nonEmptyString(reference.channelId);
      if (thread) result.threadOpeners.set(thread, id);
    }
    result.posts.push({
      id,
      at: dateTimeField(raw, 'timestamp', 'timestamp', at),
      author: authorId,
      role: isBot ? 'bot' : PERSON_KINDS.has(type) ? 'person' : 'system',
      ...(!PERSON_KINDS.has(type) && { systemType: `type ${type}` }),
      parentId: parentOf(type, reference, isThread ? channelId : null, at),
      reactionUsers: reactionUsers(raw, at),
      context,
      topic,
    });
  });
  return result;
}

function parentOf(
  type: string,
  reference: Record<string, unknown> | null,
  threadId: string | null,
  where: Where,
): string | null {
  if (type === 'Reply') {
    if (reference === null) {
      throw badField(where, 'reference', 'a Reply without a reference to the message it answers');
    }
    // Discord keeps the reference of a reply whose message was deleted, sometimes without the
    // id: a parent no export holds, counted as missing.
    return nonEmptyString(reference.messageId) ?? '';
  }
  return threadId;
}

function reactionUsers(raw: Record<string, unknown>, where: Where): string[] {
  const users = new Set<string>();
  for (const reaction of arrayField(raw, 'reactions', 'reactions', where)) {
    if (!isObject(reaction) || !Array.isArray(reaction.users)) continue;
    for (const user of reaction.users) {
      const id = isObject(user) ? nonEmptyString(user.id) : null;
      if (id) users.add(id);
    }
  }
  return [...users];
}
