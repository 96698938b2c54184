/**
 * A `post` or `direct_post` line of a Mattermost bulk export: the root post with its replies
 * nested inside, so one line holds a whole thread. Only the metadata the help semantics need
 * is kept; `message`, `props` text and attachments are never read.
 */
import {
  arrayField,
  badField,
  found,
  objectField,
  stringField,
  type Where,
} from '../chat/json-fields.ts';
import type { ChatPost } from '../chat/thread-help.ts';
import type { DeclaredAccounts } from '../declared-accounts.ts';
import { DIRECT_MESSAGE, GROUP_DIRECT_MESSAGE } from '../shared/direct-messages.ts';
import { isObject, nonEmptyString } from '../shared/json.ts';

export interface Thread {
  /** Put before each post id in a sourceId: the conversation. */
  idPrefix: string;
  posts: ChatPost[];
}

/** `{"type":"post","post":{team, channel, user, create_at, type, props, reactions, replies}}` */
export function channelThread(raw: unknown, accounts: DeclaredAccounts, where: Where): Thread {
  const post = lineObject(raw, 'post', where);
  const team = stringField(post, 'team', 'post.team', where);
  const channel = stringField(post, 'channel', 'post.channel', where);
  return thread(post, 'post', `${team}/${channel}:`, channel, channel, accounts, where);
}

/** `{"type":"direct_post","direct_post":{channel_members, user, create_at, ...}}` */
export function directThread(raw: unknown, accounts: DeclaredAccounts, where: Where): Thread {
  const post = lineObject(raw, 'direct_post', where);
  const members = post.channel_members;
  if (!Array.isArray(members) || members.length === 0 || !members.every(nonEmptyString)) {
    throw badField(
      where,
      'direct_post.channel_members',
      `expected a list of usernames, found ${found(members)}`,
    );
  }
  const context = members.length > 2 ? GROUP_DIRECT_MESSAGE : DIRECT_MESSAGE;
  const prefix = `dm:${[...(members as string[])].sort().join(',')}:`;
  return thread(post, 'direct_post', prefix, context, null, accounts, where);
}

function thread(
  root: Record<string, unknown>,
  path: string,
  idPrefix: string,
  context: string,
  topic: string | null,
  accounts: DeclaredAccounts,
  where: Where,
): Thread {
  const rootPost = toPost(root, path, null, context, topic, accounts, where);
  const posts = [rootPost];
  arrayField(root, 'replies', `${path}.replies`, where).forEach((reply, index) => {
    const replyPath = `${path}.replies[${index}]`;
    if (!isObject(reply)) {
      throw badField(where, replyPath, `expected a reply object, found ${found(reply)}`);
    }
    posts.push(toPost(reply, replyPath, rootPost.id, context, topic, accounts, where));
  });
  return { idPrefix, posts };
}

function toPost(
  raw: Record<string, unknown>,
  path: string,
  parentId: string | null,
  context: string,
  topic: string | null,
  accounts: DeclaredAccounts,
  where: Where,
): ChatPost {
  const user = stringField(raw, 'user', `${path}.user`, where);
  const createAt = raw.create_at;
  if (typeof createAt !== 'number' || !Number.isSafeInteger(createAt) || createAt < 0) {
    throw badField(
      where,
      `${path}.create_at`,
      `expected milliseconds since 1970 (an integer), found ${found(createAt)}`,
    );
  }
  const type = nonEmptyString(raw.type);
  const props = isObject(raw.props) ? raw.props : {};
  const fromBot = isTrue(props.from_bot) || isTrue(props.from_webhook) || accounts.isBot(user);
  return {
    id: `${createAt}:${user}`,
    at: new Date(createAt).toISOString(),
    author: user,
    role: type !== null ? 'system' : fromBot ? 'bot' : 'person',
    ...(type !== null && { systemType: `type ${type}` }),
    parentId,
    reactionUsers: reactionUsers(raw.reactions),
    context,
    topic,
  };
}

function reactionUsers(reactions: unknown): string[] {
  if (!Array.isArray(reactions)) return [];
  const users = new Set<string>();
  for (const reaction of reactions) {
    const user = isObject(reaction) ? nonEmptyString(reaction.user) : null;
    if (user) users.add(user);
  }
  return [...users];
}

/** Webhook and bot flags are strings ("true") in the export, booleans in some versions. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function lineObject(raw: unknown, key: string, where: Where): Record<string, unknown> {
  if (!isObject(raw)) throw badField(where, key, `expected an object, found ${found(raw)}`);
  return objectField(raw, key, key, where);
}
