/**
 * Which conversation each export folder holds: public channels (channels.json) and private
 * ones (groups.json) are named after the channel; direct messages (dms.json, folder = DM id)
 * and group DMs (mpims.json, folder = mpdm name) get a generic context and no topic, so that
 * no person's name ends up as a context.
 */
import { DIRECT_MESSAGE, GROUP_DIRECT_MESSAGE } from '../shared/direct-messages.ts';
import { isObject, kindOf, nonEmptyString, parseJson } from '../shared/json.ts';
import { badInput } from '../shared/origin.ts';
import type { ExportMetadata, MetadataFile } from './layout.ts';

export interface Conversation {
  /** The Slack conversation id, the first half of every interaction's sourceId. */
  id: string;
  context: string;
  topic: string | null;
}

export function conversationsByFolder(
  metadata: ExportMetadata,
  topics: ReadonlyMap<string, string>,
): Map<string, Conversation> {
  const byFolder = new Map<string, Conversation>();
  for (const file of [metadata.channels, metadata.groups]) {
    for (const { id, name } of named(file)) {
      byFolder.set(name, { id, context: name, topic: topics.get(name) ?? name });
    }
  }
  for (const { id, name } of named(metadata.mpims)) {
    byFolder.set(name, { id, context: GROUP_DIRECT_MESSAGE, topic: null });
  }
  for (const { id } of listed(metadata.dms)) {
    byFolder.set(id, { id, context: DIRECT_MESSAGE, topic: null });
  }
  return byFolder;
}

/**
 * A folder of day files that no metadata file lists (exports made by other tools, or a
 * channel missing from a partial channels.json): read as a channel named after its folder,
 * with the folder name standing in for the id.
 */
export function unlistedConversation(
  folder: string,
  topics: ReadonlyMap<string, string>,
): Conversation {
  return { id: folder, context: folder, topic: topics.get(folder) ?? folder };
}

interface Listed {
  id: string;
  name: string | null;
  record: string;
}

function named(file: MetadataFile | undefined): { id: string; name: string }[] {
  if (!file) return [];
  return listed(file).map(({ id, name, record }) => {
    if (!name)
      throw badInput(file.origin, 'the conversation has no name', { record, field: 'name' });
    return { id, name };
  });
}

function listed(file: MetadataFile | undefined): Listed[] {
  if (!file) return [];
  const list = parseJson(file.text, file.origin);
  if (!Array.isArray(list)) {
    throw badInput(file.origin, `expected an array of conversations, found ${kindOf(list)}`);
  }
  return list.map((item: unknown, index) => {
    const record = `conversation ${index + 1}`;
    if (!isObject(item)) {
      throw badInput(file.origin, `expected a conversation object, found ${kindOf(item)}`, {
        record,
      });
    }
    const id = nonEmptyString(item.id);
    if (!id) throw badInput(file.origin, 'the conversation has no id', { record, field: 'id' });
    return { id, name: nonEmptyString(item.name), record: `${record} (${id})` };
  });
}
