/**
 * The `slack-export` connector: a Slack workspace export (the .zip Slack produces, or the
 * folder it unpacks to) turned into accounts and help interactions (docs/help.md, chat):
 * a thread reply is the replier helping the thread starter (kind 'reply'), and the starter's
 * reaction on that reply confirms it (kind 'reaction'). Message text is never read into a record.
 */
import { isFolder } from '../shared/folders.ts';
import { SkipTally } from '../shared/skips.ts';
import { loadTopics } from '../shared/topics.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { AccountBook } from './accounts.ts';
import { conversationsByFolder, unlistedConversation } from './conversations.ts';
import { checkFolderExport, openFolderExport } from './folder-source.ts';
import type { ExportSource } from './layout.ts';
import { helpInConversation } from './thread-help.ts';
import { checkZipExport, openZipExport } from './zip-source.ts';

export const slackExport: Connector = {
  id: 'slack-export',
  description:
    'Slack workspace export (.zip or unpacked folder): thread replies and confirming reactions',
  accepts:
    'a Slack export .zip, or the folder it unpacks to (users.json, channels.json and one folder ' +
    'of YYYY-MM-DD.json day files per channel)',
  optionsHelp: {
    topics:
      'file mapping channel names to topics: a JSON object {"channel-name": "topic"} or a CSV ' +
      'of "channel,topic" rows; channels it does not name use their own name as topic',
  },
  async validate(input) {
    if ((await inputKind(input.path)) === 'folder') await checkFolderExport(input.path);
    else await checkZipExport(input.path);
    await loadTopics(input.options.topics);
  },
  read: readSlackExport,
};

async function* readSlackExport(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const topics = await loadTopics(input.options.topics);
  const source: ExportSource =
    (await inputKind(input.path)) === 'folder'
      ? await openFolderExport(input.path)
      : await openZipExport(input.path);
  const accounts = new AccountBook(source.metadata.users);
  const conversations = conversationsByFolder(source.metadata, topics);
  yield* accounts.listed;
  const skips = new SkipTally();
  const total = source.dayFileCount;
  let read = 0;
  yield { type: 'progress', read, total };
  for await (const event of source.events()) {
    if (event.type === 'day-file-read') {
      yield { type: 'progress', read: ++read, total };
    } else {
      const conversation =
        conversations.get(event.folder) ?? unlistedConversation(event.folder, topics);
      yield* helpInConversation(conversation, event.messages, accounts, skips);
    }
  }
  yield* skips.records();
}

async function inputKind(path: string): Promise<'folder' | 'zip'> {
  const folder = await isFolder(path, 'a Slack export .zip or the folder it unpacks to');
  return folder ? 'folder' : 'zip';
}
