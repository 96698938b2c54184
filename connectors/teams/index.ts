/**
 * The `teams` connector: Microsoft Teams channel messages as Microsoft Graph returns them
 * (`chatMessage` JSON: GET …/channels/{id}/messages, its replies, or `$expand=replies`),
 * saved as one file per response in a folder, optionally with GET /users and
 * GET /teams/{id}/channels responses beside them for e-mail addresses and channel names.
 * A reply (`replyToId`) is the replier helping the root message's poster (kind 'reply'); that
 * poster's reaction on the reply confirms it ('reaction'). Replies can sit in other files
 * than their roots, so every file is read before help is worked out; only metadata is held.
 */
import { jsonFiles, readJsonFile } from '../chat/json-files.ts';
import { helpInThreads, type ChatPost } from '../chat/thread-help.ts';
import { DeclaredAccounts } from '../declared-accounts.ts';
import { DIRECT_MESSAGE } from '../shared/direct-messages.ts';
import { SkipTally } from '../shared/skips.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { readGraphResponse, type GraphItems } from './graph-items.ts';

export const SOURCE = 'teams';
const EXPECTED =
  'a folder of Microsoft Graph responses saved as .json (channel messages and replies, ' +
  'optionally users and channels), or one such file';

export const teams: Connector = {
  id: 'teams',
  description: 'Microsoft Teams channel messages from Microsoft Graph (chatMessage JSON)',
  accepts: EXPECTED,
  async validate(input) {
    await jsonFiles(input.path, () => false, EXPECTED);
  },
  read: readTeams,
};

async function* readTeams(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const files = await jsonFiles(input.path, () => false, EXPECTED);
  const items: GraphItems = { messages: [], users: [], channels: new Map() };
  yield { type: 'progress', read: 0, total: files.length };
  for (const [index, file] of files.entries()) {
    readGraphResponse(await readJsonFile(file), file, items);
    yield { type: 'progress', read: index + 1, total: files.length };
  }
  const accounts = new DeclaredAccounts(SOURCE);
  for (const user of items.users) {
    const account = accounts.admit(user.id, { ...user, isBot: false });
    if (account) yield account;
  }
  const posts: ChatPost[] = [];
  for (const { post, conversation, poster } of items.messages) {
    if (poster) {
      const account = accounts.admit(poster.id, { ...poster, email: null });
      if (account) yield account;
    }
    const name = items.channels.get(conversation.channelId) ?? conversation.channelId;
    posts.push(
      conversation.isChannel
        ? { ...post, context: name, topic: name }
        : { ...post, context: DIRECT_MESSAGE, topic: null },
    );
  }
  const skips = new SkipTally();
  yield* helpInThreads(posts, { source: SOURCE, idPrefix: '', skips });
  yield* skips.records();
}
