/**
 * What a Stack Exchange data dump looks like on disk (one unpacked site: Posts.xml, Users.xml,
 * Comments.xml, and Tags.xml, Votes.xml and more that help needs nothing from), and how the
 * fields of its rows are read, with errors that name file, line, row and attribute.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ImportError, errorMessage } from '../errors.ts';
import type { XmlRow } from './xml-rows.ts';

export const REQUIRED_FILES = ['Users.xml', 'Posts.xml', 'Comments.xml'] as const;
export type DumpFile = (typeof REQUIRED_FILES)[number];

export interface Dump {
  /** The site, the context of every interaction and part of every id. */
  site: string;
  files: Record<DumpFile, string>;
}

/**
 * Finds the dump's files in `folder` (names compared without case, as dumps unpacked on some
 * systems come out lower-cased). The site is `site` when given, else the folder's name.
 */
export async function openDump(folder: string, site: string | undefined): Promise<Dump> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const wrong =
      code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : null;
    throw new ImportError(
      folder,
      wrong === null
        ? `cannot list the folder (${errorMessage(error)})`
        : `${wrong}: give the folder a Stack Exchange data dump unpacks to (Posts.xml, ` +
            'Users.xml, Comments.xml)',
    );
  }
  const byName = new Map(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name.toLowerCase(), entry.name]),
  );
  const files = {} as Record<DumpFile, string>;
  for (const name of REQUIRED_FILES) {
    const found = byName.get(name.toLowerCase());
    if (found === undefined) {
      throw new ImportError(
        folder,
        `not a Stack Exchange data dump: ${name} is missing (expected Posts.xml, Users.xml and ` +
          'Comments.xml of one site, unpacked from its .7z archive)',
      );
    }
    files[name] = join(folder, found);
  }
  const chosen = site?.trim() || basename(resolve(folder));
  return { site: chosen, files };
}

/** Reads the attributes of one row, failing with the file, line, row id and attribute. */
export class RowReader {
  constructor(
    private readonly file: string,
    private readonly row: XmlRow,
  ) {}

  /** An integer attribute; null when absent (and `optional`), an error when malformed. */
  integer(name: string, optional: true): number | null;
  integer(name: string, optional?: false): number;
  integer(name: string, optional = false): number | null {
    const value = this.row.attributes[name];
    if (value === undefined) {
      if (optional) return null;
      throw this.error(`the row has no ${name}`, name);
    }
    if (!/^-?\d{1,15}$/.test(value)) throw this.error(`${quote(value)} is not an integer id`, name);
    return Number(value);
  }

  /** A dump date-time (UTC, without a zone: 2018-02-06T20:25:42.850) as ISO 8601. */
  dateTime(name: string): string {
    const value = this.row.attributes[name];
    if (value === undefined) throw this.error(`the row has no ${name}`, name);
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/.test(value) ? `${value}Z` : '';
    if (iso === '' || Number.isNaN(Date.parse(iso))) {
      throw this.error(`${quote(value)} is not a date-time like 2018-02-06T20:25:42.850`, name);
    }
    return iso;
  }

  /** A text attribute that is metadata (a display name, tags), never a body or comment text. */
  text(name: string): string | null {
    const value = this.row.attributes[name]?.trim();
    return value ? value : null;
  }

  error(problem: string, field: string): ImportError {
    const id = this.row.attributes.Id;
    const record = `line ${this.row.line}${id === undefined ? '' : ` (row Id ${id})`}`;
    return new ImportError(this.file, problem, { record, field });
  }
}

/** A malformed value, quoted short: an attribute holding text by mistake must not be stored. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
