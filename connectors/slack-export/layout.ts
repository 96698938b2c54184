/**
 * What a Slack export looks like on disk, shared by the folder and zip readers: the metadata
 * files at the top, and one folder per conversation with one `YYYY-MM-DD.json` per day.
 */
import { ImportError } from '../errors.ts';
import type { Origin } from '../shared/origin.ts';
import type { SlackMessage } from './messages.ts';

export const METADATA_FILES = [
  'users.json',
  'channels.json',
  'groups.json',
  'mpims.json',
  'dms.json',
] as const;
export type MetadataName = (typeof METADATA_FILES)[number];

export const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;

export interface MetadataFile {
  text: string;
  origin: Origin;
}

export interface ExportMetadata {
  users: MetadataFile;
  channels: MetadataFile;
  groups?: MetadataFile;
  mpims?: MetadataFile;
  dms?: MetadataFile;
}

export type SourceEvent =
  | { type: 'day-file-read' }
  /** All messages of one conversation folder, day files in date order. */
  | { type: 'conversation'; folder: string; messages: SlackMessage[] };

/** An opened export: its metadata, and its conversations read one at a time. */
export interface ExportSource {
  metadata: ExportMetadata;
  dayFileCount: number;
  events(): AsyncGenerator<SourceEvent>;
}

export function isMetadataName(name: string): name is MetadataName {
  return (METADATA_FILES as readonly string[]).includes(name);
}

/**
 * The export's top folder, as a prefix of paths inside the input ('' or 'name/'): the input
 * itself, or the single folder inside it that holds users.json (a zipped export folder).
 */
export function exportRoot(input: string, usersJsonPrefixes: string[]): string {
  if (usersJsonPrefixes.includes('')) return '';
  if (usersJsonPrefixes.length === 1) return usersJsonPrefixes[0]!;
  if (usersJsonPrefixes.length > 1) {
    throw new ImportError(
      input,
      `holds several Slack exports (users.json in ${usersJsonPrefixes.join(', ')}): import them one at a time`,
    );
  }
  throw notAnExport(input, 'users.json');
}

export function toExportMetadata(
  input: string,
  found: Map<MetadataName, MetadataFile>,
): ExportMetadata {
  const users = found.get('users.json');
  const channels = found.get('channels.json');
  if (!users) throw notAnExport(input, 'users.json');
  if (!channels) throw notAnExport(input, 'channels.json');
  return {
    users,
    channels,
    groups: found.get('groups.json'),
    mpims: found.get('mpims.json'),
    dms: found.get('dms.json'),
  };
}

export function notAnExport(input: string, missing: MetadataName): ImportError {
  return new ImportError(
    input,
    `not a Slack export: ${missing} is missing (expected users.json, channels.json and one folder ` +
      'of YYYY-MM-DD.json day files per channel, at the top level or inside one top-level folder)',
  );
}
