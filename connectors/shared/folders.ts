/** An input path: whether it is a folder, and a folder's entries, with errors that name it. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { errorMessage, ImportError } from '../errors.ts';

/** Whether `path` is a folder; when it does not exist, the error says to give `expected`. */
export async function isFolder(path: string, expected: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ImportError(
      path,
      missing ? `does not exist: give ${expected}` : `cannot be read (${errorMessage(error)})`,
    );
  }
}

/** The folder's entries in name order (code unit order, whatever the locale). */
export async function listFolder(folder: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new ImportError(folder, `cannot list the folder (${errorMessage(error)})`);
  }
}
