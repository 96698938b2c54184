/**
 * A zipped Slack export, read with yauzl one entry at a time and never whole into memory.
 *
 * Two passes over the central directory. The first checks every entry against the limits
 * below before anything is decompressed, reads the metadata files and counts each
 * conversation's day files. The second reads the day files in archive order and holds one
 * conversation's (metadata-only) messages until its last day file has been read, so memory
 * follows the largest conversation when, as zip tools do, an archive lists folders together.
 */
import * as yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ImportError, errorMessage } from '../errors.ts';
import { MAX_JSON_BYTES } from '../shared/json.ts';
import { badInput, type Origin } from '../shared/origin.ts';
import {
  DAY_FILE,
  METADATA_FILES,
  exportRoot,
  isMetadataName,
  toExportMetadata,
  type ExportSource,
  type MetadataFile,
  type MetadataName,
  type SourceEvent,
} from './layout.ts';
import { parseDayFile, type SlackMessage } from './messages.ts';

/** Beyond these an archive is a zip bomb or a mistake, not a Slack export. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  /** Uncompressed:compressed ratio above which an entry larger than `ratioMinBytes` is refused. */
  maxRatio: number;
  ratioMinBytes: number;
  maxJsonBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000_000,
  maxTotalUncompressedBytes: 20 * 2 ** 30,
  maxRatio: 1000,
  ratioMinBytes: 2 ** 20,
  maxJsonBytes: MAX_JSON_BYTES,
};

interface ZipPlan {
  /** The export's top folder inside the archive: '' or 'name/'. */
  prefix: string;
  metadata: Map<MetadataName, MetadataFile>;
  /** Day files per conversation folder. */
  dayFiles: Map<string, number>;
}

/** Checks the archive's entries and layout, decompressing nothing. */
export async function checkZipExport(archive: string, limits = ZIP_LIMITS): Promise<void> {
  await planZip(archive, limits, false);
}

export async function openZipExport(archive: string, limits = ZIP_LIMITS): Promise<ExportSource> {
  const plan = await planZip(archive, limits, true);
  let dayFileCount = 0;
  for (const count of plan.dayFiles.values()) dayFileCount += count;
  return {
    metadata: toExportMetadata(archive, plan.metadata),
    dayFileCount,
    events: () => zipEvents(archive, limits, plan),
  };
}

async function planZip(
  archive: string,
  limits: ZipLimits,
  readMetadata: boolean,
): Promise<ZipPlan> {
  const zip = await openZip(archive);
  const metadataEntries = new Map<string, string>();
  const dayFilesByDirectory = new Map<string, number>();
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ImportError(
        archive,
        `refusing the archive: it declares ${zip.entryCount} entries, more than the ` +
          `${limits.maxEntries} a Slack export could plausibly hold`,
      );
    }
    let declaredTotal = 0;
    for await (const entry of entriesOf(zip, archive)) {
      const origin = { file: archive, entry: entry.fileName };
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalUncompressedBytes) {
        throw badInput(
          origin,
          `refusing the archive: its entries declare more than ${gib(limits.maxTotalUncompressedBytes)} ` +
            `uncompressed (${gib(declaredTotal)} up to this entry)`,
        );
      }
      checkRatio(entry, origin, limits);
      const parts = entry.fileName.split('/');
      const name = parts[parts.length - 1]!;
      if (parts.length <= 2 && isMetadataName(name)) {
        metadataEntries.set(
          entry.fileName,
          readMetadata ? await readEntryText(zip, entry, origin, limits) : '',
        );
      } else if ((parts.length === 2 || parts.length === 3) && DAY_FILE.test(name)) {
        const directory = parts.slice(0, -1).join('/');
        dayFilesByDirectory.set(directory, (dayFilesByDirectory.get(directory) ?? 0) + 1);
      }
    }
  } finally {
    zip.close();
  }
  const prefix = exportRoot(
    archive,
    [...metadataEntries.keys()]
      .filter((name) => name === 'users.json' || name.endsWith('/users.json'))
      .map((name) => name.slice(0, -'users.json'.length)),
  );
  const metadata = new Map<MetadataName, MetadataFile>();
  for (const name of METADATA_FILES) {
    const text = metadataEntries.get(prefix + name);
    if (text !== undefined)
      metadata.set(name, { text, origin: { file: archive, entry: prefix + name } });
  }
  toExportMetadata(archive, metadata);
  const dayFiles = new Map<string, number>();
  for (const [directory, count] of dayFilesByDirectory) {
    const folder = conversationFolder(`${directory}/`, prefix);
    if (folder !== null) dayFiles.set(folder, count);
  }
  return { prefix, metadata, dayFiles };
}

async function* zipEvents(
  archive: string,
  limits: ZipLimits,
  plan: ZipPlan,
): AsyncGenerator<SourceEvent> {
  const pending = new Map<string, { remaining: number; days: [string, SlackMessage[]][] }>();
  for (const [folder, count] of plan.dayFiles) pending.set(folder, { remaining: count, days: [] });
  const zip = await openZip(archive);
  try {
    for await (const entry of entriesOf(zip, archive)) {
      const parts = entry.fileName.split('/');
      if (!DAY_FILE.test(parts[parts.length - 1]!)) continue;
      const folder = conversationFolder(parts.slice(0, -1).join('/') + '/', plan.prefix);
      const conversation = folder === null ? undefined : pending.get(folder);
      if (folder === null || conversation === undefined) continue;
      const origin = { file: archive, entry: entry.fileName };
      checkRatio(entry, origin, limits);
      const text = await readEntryText(zip, entry, origin, limits);
      conversation.days.push([entry.fileName, parseDayFile(text, origin)]);
      yield { type: 'day-file-read' };
      if (--conversation.remaining === 0) {
        pending.delete(folder);
        yield conversationEvent(folder, conversation.days);
      }
    }
  } finally {
    zip.close();
  }
  // Only reached if the archive changed between the two passes: keep what was read.
  for (const [folder, conversation] of pending) {
    if (conversation.days.length > 0) yield conversationEvent(folder, conversation.days);
  }
}

function conversationEvent(folder: string, days: [string, SlackMessage[]][]): SourceEvent {
  days.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const messages: SlackMessage[] = [];
  for (const [, dayMessages] of days) for (const message of dayMessages) messages.push(message);
  return { type: 'conversation', folder, messages };
}

/** The conversation folder a directory ('a/b/') is, directly under the export's top folder. */
function conversationFolder(directory: string, prefix: string): string | null {
  if (!directory.startsWith(prefix)) return null;
  const folder = directory.slice(prefix.length, -1);
  return folder !== '' && !folder.includes('/') ? folder : null;
}

async function openZip(archive: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(archive, { lazyEntries: true, autoClose: true });
  } catch (error) {
    throw new ImportError(archive, `not a readable zip archive (${errorMessage(error)})`);
  }
}

/** The archive's entries in central directory order; yauzl's errors said in our terms. */
async function* entriesOf(zip: ZipFile, archive: string): AsyncGenerator<Entry> {
  let previous: string | null = null;
  try {
    for await (const entry of zip.eachEntry()) {
      previous = entry.fileName;
      yield entry;
    }
  } catch (error) {
    const message = errorMessage(error);
    const unsafe =
      /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(message);
    if (unsafe) {
      throw new ImportError(
        archive,
        `refusing the archive: the entry name "${unsafe[2]}" would point outside the export ` +
          `folder (${unsafe[1]})`,
        { record: `entry ${unsafe[2]}` },
      );
    }
    throw new ImportError(archive, `not a readable zip archive (${message})`, {
      record: previous === null ? 'first entry' : `entry after ${previous}`,
    });
  }
}

function checkRatio(entry: Entry, origin: Origin, limits: ZipLimits): void {
  const size = entry.uncompressedSize;
  if (size > limits.ratioMinBytes && size > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
    throw badInput(
      origin,
      `refusing the archive: the entry would expand from ${entry.compressedSize} to ${size} bytes ` +
        `(more than ${limits.maxRatio}:1), which only a zip bomb does`,
    );
  }
}

async function readEntryText(
  zip: ZipFile,
  entry: Entry,
  origin: Origin,
  limits: ZipLimits,
): Promise<string> {
  if (entry.uncompressedSize > limits.maxJsonBytes) {
    throw badInput(
      origin,
      `is ${entry.uncompressedSize} bytes uncompressed, too large for a Slack export JSON file`,
    );
  }
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw badInput(
      origin,
      `not a readable zip archive: the entry cannot be read (${errorMessage(error)})`,
    );
  }
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
