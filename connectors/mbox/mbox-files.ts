/**
 * Which files an mbox import reads: the one file given, or the mbox files of a folder: files
 * named *.mbox, *.mbx or just "mbox" (each may be gzipped, *.mbox.gz), and Apple Mail's
 * exported mailboxes (a folder "Name.mbox" holding a file "mbox").
 */
import { basename, join, resolve } from 'node:path';
import { ImportError } from '../errors.ts';
import { isFolder, listFolder } from '../shared/folders.ts';

const MBOX_FILE = /\.(mbox|mbx)(\.gz)?$/;

export interface MboxFiles {
  /** In name order, so that monthly archives (2026-01.mbox, 2026-02.mbox …) are read in order. */
  files: string[];
  /** The list a message belongs to when nothing else says: the folder's or the file's name. */
  defaultList: string;
}

export async function mboxFiles(path: string): Promise<MboxFiles> {
  if (!(await isFolder(path, 'an mbox file or a folder of .mbox files')))
    return { files: [path], defaultList: basename(path).replace(/(\.\w+)?(\.gz)?$/i, '') };
  const files: string[] = [];
  for (const entry of await listFolder(path)) {
    const name = entry.name.toLowerCase();
    if (entry.isFile() && (name === 'mbox' || MBOX_FILE.test(name))) {
      files.push(join(path, entry.name));
    } else if (entry.isDirectory() && name.endsWith('.mbox')) {
      const inner = await listFolder(join(path, entry.name));
      if (inner.some((file) => file.isFile() && file.name === 'mbox')) {
        files.push(join(path, entry.name, 'mbox'));
      }
    }
  }
  if (files.length === 0) {
    throw new ImportError(
      path,
      'holds no mbox files (*.mbox, *.mbx, *.mbox.gz): give an mbox file or a folder of them',
    );
  }
  return { files, defaultList: basename(resolve(path), '.mbox') };
}
