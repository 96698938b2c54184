/**
 * Where the bulk export's lines come from: the .jsonl file itself, or the .zip that
 * `mmctl export download` gives, whose one .jsonl entry is streamed without unpacking it
 * (the attachments beside it in `data/` are never read).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ImportError, errorMessage } from '../errors.ts';

export interface ExportFile {
  file: string;
  /** The archive entry holding the lines, for a zipped export. */
  entry?: string;
  /** Uncompressed bytes of the lines. */
  size: number;
  open(): Promise<{ stream: Readable; close: () => void }>;
}

export async function exportFile(path: string): Promise<ExportFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new ImportError(
        path,
        'is a folder: give the .jsonl file (or .zip) of a Mattermost bulk export',
      );
    }
    size = info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(path, `cannot be read (${errorMessage(error)})`);
  }
  if (!path.toLowerCase().endsWith('.zip')) {
    return {
      file: path,
      size,
      open: async () => {
        const stream = createReadStream(path);
        return { stream, close: () => stream.destroy() };
      },
    };
  }
  const entry = await jsonlEntry(path);
  return {
    file: path,
    entry: entry.fileName,
    size: entry.uncompressedSize,
    open: async () => {
      const zip = await openZip(path);
      const found = await findEntry(zip, path, entry.fileName);
      const stream = await zip.openReadStreamPromise(found);
      return { stream, close: () => (stream.destroy(), zip.close()) };
    },
  };
}

async function jsonlEntry(archive: string): Promise<Entry> {
  const zip = await openZip(archive);
  try {
    const entries: Entry[] = [];
    for await (const entry of entriesOf(zip, archive)) {
      if (entry.fileName.toLowerCase().endsWith('.jsonl')) entries.push(entry);
    }
    if (entries.length !== 1) {
      throw new ImportError(
        archive,
        entries.length === 0
          ? 'the archive holds no .jsonl file: is it a Mattermost bulk export?'
          : `the archive holds several .jsonl files (${entries.map((e) => e.fileName).join(', ')}): unzip it and import them one at a time`,
      );
    }
    return entries[0]!;
  } finally {
    zip.close();
  }
}

async function findEntry(zip: ZipFile, archive: string, name: string): Promise<Entry> {
  for await (const entry of entriesOf(zip, archive)) if (entry.fileName === name) return entry;
  throw new ImportError(
    archive,
    `the entry ${name} is gone: did the archive change during the import?`,
  );
}

async function openZip(archive: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(archive, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new ImportError(archive, `not a readable zip archive (${errorMessage(error)})`);
  }
}

async function* entriesOf(zip: ZipFile, archive: string): AsyncGenerator<Entry> {
  try {
    yield* zip.eachEntry();
  } catch (error) {
    throw new ImportError(archive, `not a readable zip archive (${errorMessage(error)})`);
  }
}
