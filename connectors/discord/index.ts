/**
 * The `discord` connector: DiscordChatExporter JSON exports (one file per channel or thread,
 * or a folder of them) turned into accounts and help (docs/help.md, chat): a reply is the replier
 * helping the author of the message it answers, a message in a thread helps the thread's
 * starter (kind 'reply'), and that author's reaction on the reply confirms it ('reaction').
 * A thread's starter can sit in another file (its parent channel's), so every file is read
 * before any help is worked out; only metadata is held.
 */
import type { Dirent } from 'node:fs';
import { jsonFiles, readJsonFile } from '../chat/json-files.ts';
import { helpInThreads, type ChatPost } from '../chat/thread-help.ts';
import { DeclaredAccounts } from '../declared-accounts.ts';
import { SkipTally } from '../shared/skips.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { readChannelFile } from './messages.ts';

export const SOURCE = 'discord';
const EXPECTED = 'a DiscordChatExporter .json export, or a folder of them';

export const discord: Connector = {
  id: 'discord',
  description: 'Discord channels exported by DiscordChatExporter (JSON): replies and threads',
  accepts: EXPECTED,
  async validate(input) {
    await jsonFiles(input.path, isAsset, EXPECTED);
  },
  read: readDiscord,
};

/**
 * DiscordChatExporter's downloaded media: `<export>.json_Files/` folders, and assets named
 * `name-XXXXX.ext` (five hex digits), which can be .json files themselves.
 */
function isAsset(entry: Dirent): boolean {
  return entry.isDirectory()
    ? entry.name.endsWith('_Files')
    : /-[A-F0-9]{5}\.json$/.test(entry.name);
}

async function* readDiscord(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const files = await jsonFiles(input.path, isAsset, EXPECTED);
  const accounts = new DeclaredAccounts(SOURCE);
  const posts: ChatPost[] = [];
  const threadOpeners = new Map<string, string>();
  const skips = new SkipTally();
  yield { type: 'progress', read: 0, total: files.length };
  for (const [index, file] of files.entries()) {
    const channel = readChannelFile(await readJsonFile(file), file, accounts);
    yield* channel.accounts;
    for (const post of channel.posts) posts.push(post);
    for (const [thread, opener] of channel.threadOpeners) threadOpeners.set(thread, opener);
    yield { type: 'progress', read: index + 1, total: files.length };
  }
  yield* helpInThreads(withThreadOpeners(posts, threadOpeners), {
    source: SOURCE,
    idPrefix: '',
    skips,
  });
  yield* skips.records();
}

/**
 * A thread started from the channel's "+" (not from a message) has no message with its id;
 * its "started a thread" notice names who opened it, so messages in it answer that notice.
 */
function withThreadOpeners(posts: ChatPost[], openers: Map<string, string>): ChatPost[] {
  const ids = new Set(posts.map((post) => post.id));
  return posts.map((post) => {
    if (post.parentId === null || ids.has(post.parentId)) return post;
    const opener = openers.get(post.parentId);
    return opener ? { ...post, parentId: opener } : post;
  });
}
