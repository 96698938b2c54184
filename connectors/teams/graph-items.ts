/**
 * Microsoft Graph responses as saved to files: a page `{"value": [...]}` or a single resource.
 * Three resources matter: chatMessage (channel messages and their replies, `replyToId`;
 * `$expand=replies` nests them), user (GET /users, for names and e-mail addresses) and
 * channel (GET /teams/{id}/channels, for channel names). Only metadata is kept: `body`,
 * `subject`, `summary` and attachments are never read.
 */
import {
  arrayField,
  badField,
  dateTimeField,
  found,
  stringField,
  type Where,
} from '../chat/json-fields.ts';
import type { ChatPost } from '../chat/thread-help.ts';
import { isObject, nonEmptyString } from '../shared/json.ts';

export interface GraphUser {
  id: string;
  displayName: string | null;
  email: string | null;
}

export interface GraphMessage {
  post: Omit<ChatPost, 'context' | 'topic'>;
  /** The channel or chat it was posted in. */
  conversation: { channelId: string; isChannel: boolean };
  /** Who posted it, as the message names them (a person, or an app for bots). */
  poster: { id: string; displayName: string | null; isBot: boolean } | null;
}

export interface GraphItems {
  messages: GraphMessage[];
  users: GraphUser[];
  /** Channel id → display name. */
  channels: Map<string, string>;
}

/** Adds the items of one saved response to `into`. */
export function readGraphResponse(parsed: unknown, file: string, into: GraphItems): void {
  const top = { file, record: 'the response' };
  if (!isObject(parsed)) {
    throw badField(top, 'value', `expected a Graph response object, found ${found(parsed)}`);
  }
  const items = 'value' in parsed ? arrayField(parsed, 'value', 'value', top) : [parsed];
  items.forEach((item, index) => {
    const where = { file, record: `item ${index + 1}` };
    if (!isObject(item)) throw badField(where, 'value', `expected an object, found ${found(item)}`);
    if ('messageType' in item) readMessage(item, where, into, null);
    else if ('userPrincipalName' in item || 'mail' in item) into.users.push(readUser(item, where));
    else if ('membershipType' in item) {
      into.channels.set(
        stringField(item, 'id', 'id', where),
        stringField(item, 'displayName', 'displayName', where),
      );
    } else {
      throw badField(
        where,
        'messageType',
        'not a chatMessage, user or channel: expected Graph responses of channel messages ' +
          '(with replies), users or channels',
      );
    }
  });
}

function readUser(item: Record<string, unknown>, where: Where): GraphUser {
  const principal = nonEmptyString(item.userPrincipalName);
  return {
    id: stringField(item, 'id', 'id', where),
    displayName: nonEmptyString(item.displayName),
    email: nonEmptyString(item.mail) ?? (principal?.includes('@') ? principal : null),
  };
}

function readMessage(
  item: Record<string, unknown>,
  where: Where,
  into: GraphItems,
  expandedFrom: string | null,
): void {
  const messageId = stringField(item, 'id', 'id', where);
  const at = { file: where.file, record: `${where.record} (id ${messageId})` };
  const identity = isObject(item.channelIdentity) ? item.channelIdentity : null;
  const channelId = identity
    ? stringField(identity, 'channelId', 'channelIdentity.channelId', at)
    : nonEmptyString(item.chatId);
  if (channelId === null) {
    throw badField(at, 'channelIdentity', 'the message names neither its channel nor its chat');
  }
  const type = stringField(item, 'messageType', 'messageType', at);
  const poster = posterOf(item.from);
  const replyToId = nonEmptyString(item.replyToId) ?? expandedFrom;
  const deleted = item.deletedDateTime !== null && item.deletedDateTime !== undefined;
  const key = (id: string) => `${channelId}:${id}`;
  into.messages.push({
    post: {
      id: key(messageId),
      at: dateTimeField(item, 'createdDateTime', 'createdDateTime', at),
      author: poster?.id ?? null,
      role: deleted ? 'deleted' : type !== 'message' ? 'system' : poster?.isBot ? 'bot' : 'person',
      ...(type !== 'message' && { systemType: `messageType ${type}` }),
      parentId: replyToId === null ? null : key(replyToId),
      reactionUsers: reactionUsers(item, at),
    },
    conversation: { channelId, isChannel: identity !== null },
    poster,
  });
  arrayField(item, 'replies', 'replies', at).forEach((reply, index) => {
    const replyWhere = { file: where.file, record: `${at.record}, reply ${index + 1}` };
    if (!isObject(reply)) {
      throw badField(replyWhere, 'replies', `expected a chatMessage, found ${found(reply)}`);
    }
    readMessage(reply, replyWhere, into, messageId);
  });
}

/** `from` is an identity set: a user, or an application (a bot); null for system events. */
function posterOf(from: unknown): GraphMessage['poster'] {
  if (!isObject(from)) return null;
  for (const [key, isBot] of [
    ['user', false],
    ['application', true],
  ] as const) {
    const identity = from[key];
    if (isObject(identity) && nonEmptyString(identity.id)) {
      return {
        id: identity.id as string,
        displayName: nonEmptyString(identity.displayName),
        isBot,
      };
    }
  }
  return null;
}

function reactionUsers(item: Record<string, unknown>, where: Where): string[] {
  const users = new Set<string>();
  for (const reaction of arrayField(item, 'reactions', 'reactions', where)) {
    const identitySet = isObject(reaction) && isObject(reaction.user) ? reaction.user : null;
    const user = identitySet && isObject(identitySet.user) ? identitySet.user : null;
    const id = user ? nonEmptyString(user.id) : null;
    if (id) users.add(id);
  }
  return [...users];
}
