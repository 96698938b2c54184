/** Listing an input folder, in a fixed order, with an error that names the folder. */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { errorMessage, ImportError } from '../errors.ts';

/** The folder's entries in name order (code unit order, whatever the locale). */
export async function listFolder(folder: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new ImportError(folder, `cannot list the folder (${errorMessage(error)})`);
  }
}
