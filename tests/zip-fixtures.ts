import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { ZipFile as ZipWriter } from 'yazl';

/** Building and patching zip archives for tests of bad and good Slack exports. */

export async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** Writes a zip of [name, content] entries, in the given order. */
export async function writeZip(
  zipPath: string,
  entries: [string, string | Buffer][],
  compress = true,
): Promise<string> {
  const zip = new ZipWriter();
  for (const [name, content] of entries) {
    zip.addBuffer(Buffer.from(content), name, { compress, mtime: new Date(0) });
  }
  zip.end();
  const out = createWriteStream(zipPath);
  zip.outputStream.pipe(out);
  await once(out, 'close');
  return zipPath;
}

export async function folderEntries(folder: string, prefix = ''): Promise<[string, Buffer][]> {
  const names = await filesUnder(folder);
  return Promise.all(
    names.map(async (name): Promise<[string, Buffer]> => [
      prefix + name,
      await readFile(join(folder, name)),
    ]),
  );
}

/** Central directory file headers of a zip: offset of each and its name. */
export function centralDirectory(zip: Buffer): { offset: number; name: string }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(eocd + 16);
  const headers = [];
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    expect(zip.readUInt32LE(offset)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    headers.push({ offset, name });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return headers;
}

/** Replaces every occurrence of `from` (local header and central directory) by `to`, same length. */
export function renameInPlace(zip: Buffer, from: string, to: string): Buffer {
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  const needle = Buffer.from(from);
  let found = 0;
  for (let at = zip.indexOf(needle); at >= 0; at = zip.indexOf(needle, at + 1)) {
    Buffer.from(to).copy(zip, at);
    found++;
  }
  expect(found).toBe(2);
  return zip;
}
