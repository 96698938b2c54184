/** An unpacked Slack export: conversations are read folder by folder, day file by day file. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportError, errorMessage } from '../errors.ts';
import { listFolder } from '../shared/folders.ts';
import { MAX_JSON_BYTES } from '../shared/json.ts';
import {
  DAY_FILE,
  METADATA_FILES,
  exportRoot,
  toExportMetadata,
  type ExportSource,
  type MetadataFile,
  type MetadataName,
  type SourceEvent,
} from './layout.ts';
import { parseDayFile, type SlackMessage } from './messages.ts';

interface FolderLayout {
  root: string;
  metadata: Map<MetadataName, MetadataFile>;
}

/** Checks the layout without reading any file: the export's top folder and metadata files. */
export async function checkFolderExport(folder: string): Promise<FolderLayout> {
  const top = await listFolder(folder);
  const prefixes: string[] = [];
  if (top.some((entry) => entry.isFile() && entry.name === 'users.json')) prefixes.push('');
  else {
    for (const entry of top) {
      if (!entry.isDirectory()) continue;
      const inner = await listFolder(join(folder, entry.name));
      if (inner.some((file) => file.isFile() && file.name === 'users.json')) {
        prefixes.push(`${entry.name}/`);
      }
    }
  }
  const root = join(folder, exportRoot(folder, prefixes));
  const files = new Set(
    (await listFolder(root)).filter((entry) => entry.isFile()).map((entry) => entry.name),
  );
  const metadata = new Map<MetadataName, MetadataFile>();
  for (const name of METADATA_FILES) {
    if (files.has(name)) metadata.set(name, { text: '', origin: { file: join(root, name) } });
  }
  toExportMetadata(folder, metadata);
  return { root, metadata };
}

export async function openFolderExport(folder: string): Promise<ExportSource> {
  const { root, metadata } = await checkFolderExport(folder);
  for (const file of metadata.values()) file.text = await readJsonText(file.origin.file);
  const conversations = new Map<string, string[]>();
  for (const entry of await listFolder(root)) {
    if (!entry.isDirectory()) continue;
    const days = await dayFiles(join(root, entry.name));
    if (days.length > 0) conversations.set(entry.name, days);
  }
  let dayFileCount = 0;
  for (const days of conversations.values()) dayFileCount += days.length;
  return {
    metadata: toExportMetadata(folder, metadata),
    dayFileCount,
    events: () => folderEvents(root, conversations),
  };
}

async function* folderEvents(
  root: string,
  conversations: Map<string, string[]>,
): AsyncGenerator<SourceEvent> {
  for (const [folder, days] of conversations) {
    const messages: SlackMessage[] = [];
    for (const day of days) {
      const file = join(root, folder, day);
      for (const message of parseDayFile(await readJsonText(file), { file }))
        messages.push(message);
      yield { type: 'day-file-read' };
    }
    yield { type: 'conversation', folder, messages };
  }
}

/** The day files of a conversation folder, in date order; anything else there is ignored. */
async function dayFiles(folder: string): Promise<string[]> {
  return (await listFolder(folder))
    .filter((entry) => entry.isFile() && DAY_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

async function readJsonText(file: string): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  }
  if (size > MAX_JSON_BYTES) {
    throw new ImportError(file, `is ${size} bytes, too large for a Slack export JSON file`);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  }
}
