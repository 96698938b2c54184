/**
 * The `mattermost` connector: a Mattermost bulk export (the JSONL file `mmctl export create`
 * or `mattermost export bulk` writes) turned into accounts and help (docs/help.md, chat): a reply
 * in a thread is the replier helping the thread's root poster (kind 'reply'), and the root
 * poster's reaction on the reply confirms it (kind 'reaction'). The file is streamed line by
 * line; each post line holds a whole thread, so memory never grows with the export.
 */
import { badField, found, stringField, type Where } from '../chat/json-fields.ts';
import { helpInThreads } from '../chat/thread-help.ts';
import { DeclaredAccounts } from '../declared-accounts.ts';
import { ImportError } from '../errors.ts';
import { isObject, nonEmptyString } from '../shared/json.ts';
import { MAX_RECORD_OPTION, maxRecordBytes } from '../shared/record-limit.ts';
import { SkipTally } from '../shared/skips.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { exportFile } from './export-file.ts';
import { jsonLines } from './json-lines.ts';
import { channelThread, directThread, lineObject } from './posts.ts';

export const SOURCE = 'mattermost';
const PROGRESS_EVERY = 2000;
/** A post line holds its whole thread; real ones stay well under a few megabytes. */
const MAX_LINE_BYTES = 64 * 1024 ** 2;

export const mattermost: Connector = {
  id: 'mattermost',
  description: 'Mattermost bulk export (JSONL): thread replies and confirming reactions',
  accepts: 'a Mattermost bulk export: the .zip of mmctl export download, or the .jsonl inside it',
  optionsHelp: { [MAX_RECORD_OPTION]: 'the longest line accepted (default 64MB)' },
  async validate(input) {
    const limit = maxRecordBytes(input, MAX_LINE_BYTES);
    for await (const { value, record } of jsonLines(await exportFile(input.path), limit, 1)) {
      checkVersionLine(value, { file: input.path, record });
      return;
    }
    throw new ImportError(input.path, 'the file is empty: expected a Mattermost bulk export');
  },
  read: readMattermost,
};

async function* readMattermost(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const source = await exportFile(input.path);
  const { file, size: total } = source;
  const accounts = new DeclaredAccounts(SOURCE);
  const skips = new SkipTally();
  yield { type: 'progress', read: 0, total };
  const limit = maxRecordBytes(input, MAX_LINE_BYTES);
  for await (const { line, record, value, bytesRead } of jsonLines(source, limit)) {
    const where = { file, record };
    if (line === 1) checkVersionLine(value, where);
    if (line % PROGRESS_EVERY === 0) yield { type: 'progress', read: bytesRead, total };
    const type = isObject(value) ? value.type : undefined;
    if (type === 'user') {
      const account = userAccount(value, accounts, where);
      if (account) yield account;
    } else if (type === 'bot') {
      const bot = lineObject(value, 'bot', where);
      const username = stringField(bot, 'username', 'bot.username', where);
      const account = accounts.admit(username, {
        displayName: nonEmptyString(bot.display_name),
        email: null,
        isBot: true,
      });
      if (account) yield account;
    } else if (type === 'post' || type === 'direct_post') {
      const thread =
        type === 'post'
          ? channelThread(value, accounts, where)
          : directThread(value, accounts, where);
      // Posters missing from the user lines (removed since, or a partial export).
      for (const post of thread.posts) {
        const account = accounts.admit(post.author!, {
          displayName: null,
          email: null,
          isBot: post.role === 'bot',
        });
        if (account) yield account;
      }
      yield* helpInThreads(thread.posts, { source: SOURCE, idPrefix: thread.idPrefix, skips });
    } else if (typeof type !== 'string') {
      throw badField(where, 'type', `expected the line's type (a string), found ${found(type)}`);
    }
    // Teams, channels, roles, schemes, emoji and direct channel lines carry no help.
  }
  yield { type: 'progress', read: total, total };
  yield* skips.records();
}

function userAccount(value: unknown, accounts: DeclaredAccounts, where: Where) {
  const user = lineObject(value, 'user', where);
  const username = stringField(user, 'username', 'user.username', where);
  const fullName = [nonEmptyString(user.first_name), nonEmptyString(user.last_name)]
    .filter(Boolean)
    .join(' ');
  return accounts.admit(username, {
    displayName: nonEmptyString(user.nickname) ?? (fullName || username),
    email: nonEmptyString(user.email),
    isBot: false,
  });
}

function checkVersionLine(value: unknown, where: Where): void {
  if (!isObject(value) || value.type !== 'version' || typeof value.version !== 'number') {
    throw new ImportError(
      where.file,
      'not a Mattermost bulk export: the first line must be {"type":"version","version":1}',
      { record: where.record },
    );
  }
}
