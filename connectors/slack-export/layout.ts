/**
 * What a Slack export looks like on disk, shared by the folder and zip readers: the metadata
 * files at the top, one folder per conversation with one `YYYY-MM-DD.json` per day, and how
 * errors point back at the file (and archive entry) they come from.
 */
import { ImportError } from '../errors.ts';
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

/** Nothing in a Slack export comes near this; V8 cannot hold a much longer string anyway. */
export const MAX_JSON_BYTES = 512 * 2 ** 20;

/** Where a piece of input came from: a file, or an entry inside an archive. */
export interface Origin {
  file: string;
  entry?: string;
}

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

export function badInput(
  origin: Origin,
  problem: string,
  where: { record?: string; field?: string } = {},
): ImportError {
  const record = [origin.entry && `entry ${origin.entry}`, where.record].filter(Boolean).join(', ');
  return new ImportError(origin.file, problem, { record: record || undefined, field: where.field });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses JSON and, on failure, says where without quoting the input: V8's messages quote a
 * piece of the text, and message text must never reach an error that is stored.
 */
export function parseJson(text: string, origin: Origin): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = errorMessage(error);
    const position = /at position (\d+)/.exec(message);
    const at = position ? Number(position[1]) : -1;
    const cutShort =
      /Unexpected end of JSON input/.test(message) ||
      (at >= body.trimEnd().length - 1 && /Unterminated|Expected/.test(message));
    const where = at >= 0 ? ` at ${lineAndColumn(body, at)}` : '';
    throw badInput(
      origin,
      cutShort
        ? 'not valid JSON: it ends in the middle of a value (is the file cut short?)'
        : `not valid JSON: syntax error${where}`,
    );
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
