/**
 * Chat exports that come as a folder of JSON files (Discord, Teams): the files, found
 * recursively in name order, and each read whole (a channel export is one JSON document).
 */
import type { Dirent } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportError, errorMessage } from '../errors.ts';
import { listFolder } from '../shared/folders.ts';
import { MAX_JSON_BYTES, parseJson } from '../shared/json.ts';

/** The .json files at `path` (itself, if it is one), minus those `ignore` rejects. */
export async function jsonFiles(
  path: string,
  ignore: (entry: Dirent) => boolean,
  expected: string,
): Promise<string[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ImportError(path, `cannot be read (${errorMessage(error)}): give ${expected}`);
  }
  if (!isFolder) {
    if (!path.toLowerCase().endsWith('.json')) {
      throw new ImportError(path, `is not a .json file: give ${expected}`);
    }
    return [path];
  }
  const files: string[] = [];
  await collect(path, ignore, files);
  if (files.length === 0) throw new ImportError(path, `holds no .json file: give ${expected}`);
  return files;
}

async function collect(
  folder: string,
  ignore: (entry: Dirent) => boolean,
  files: string[],
): Promise<void> {
  for (const entry of await listFolder(folder)) {
    if (ignore(entry)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await collect(path, ignore, files);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) files.push(path);
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_JSON_BYTES) {
      throw new ImportError(file, `is ${size} bytes, more than one JSON document can hold here`);
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  }
  return parseJson(text, { file });
}
