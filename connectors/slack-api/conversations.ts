/**
 * The workspace's conversations from `conversations.list`, as the export reader names them:
 * channels (public or private) by their name, direct messages and group DMs by a generic
 * context with no topic, so that no person's name ends up as a context.
 */
import { ImportError } from '../errors.ts';
import { DIRECT_MESSAGE, GROUP_DIRECT_MESSAGE } from '../shared/direct-messages.ts';
import type { Conversation } from '../slack-export/conversations.ts';
import type { SlackClient } from './client.ts';

/** Public and private channels; `im` and `mpim` add direct messages (and need their scopes). */
export const DEFAULT_TYPES = 'public_channel,private_channel';
const TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

export function conversationTypes(option: string | undefined, origin: string): string {
  if (option === undefined || option.trim() === '') return DEFAULT_TYPES;
  const types = option.split(',').map((type) => type.trim());
  const unknown = types.find((type) => !TYPES.has(type));
  if (unknown !== undefined) {
    throw new ImportError(
      origin,
      `"${unknown}" is not a conversation type (expected some of ${[...TYPES].join(', ')})`,
      { field: 'types' },
    );
  }
  return types.join(',');
}

export async function listConversations(
  client: SlackClient,
  origin: string,
  types: string,
  topics: ReadonlyMap<string, string>,
): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  for await (const page of client.pages('conversations.list', {
    types,
    exclude_archived: 'false',
  })) {
    if (!Array.isArray(page.channels)) {
      throw new ImportError(origin, 'expected an array of conversations', {
        record: 'conversations.list',
        field: 'channels',
      });
    }
    for (const channel of page.channels as Record<string, unknown>[]) {
      const id = typeof channel?.id === 'string' ? channel.id : '';
      if (id === '') {
        throw new ImportError(origin, 'the conversation has no id', {
          record: `conversations.list, conversation ${conversations.length + 1}`,
          field: 'id',
        });
      }
      conversations.push(toConversation(id, channel, topics));
    }
  }
  return conversations;
}

function toConversation(
  id: string,
  channel: Record<string, unknown>,
  topics: ReadonlyMap<string, string>,
): Conversation {
  if (channel.is_im === true) return { id, context: DIRECT_MESSAGE, topic: null };
  if (channel.is_mpim === true) return { id, context: GROUP_DIRECT_MESSAGE, topic: null };
  const name = typeof channel.name === 'string' && channel.name !== '' ? channel.name : id;
  return { id, context: name, topic: topics.get(name) ?? name };
}
