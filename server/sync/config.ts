/**
 * The sources `helpflow sync` reads, configured once in a JSON file (helpflow.config.json):
 *
 *   { "sources": [ { "name": "github-acme", "connector": "github", "origin": "acme",
 *                    "tokenEnv": "GITHUB_TOKEN", "baseUrl": "...", "options": { ... } } ] }
 *
 * Secrets never go in the file: a source names the environment variable that holds its token.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONNECTORS } from '../../connectors/registry.ts';
import type { Connector } from '../../connectors/types.ts';

export interface SyncSource {
  /** Unique in the file; how results and status name the source. */
  name: string;
  connector: string;
  /** What the connector reads: an organisation, "owner/repo", a workspace, a path. */
  origin: string;
  tokenEnv?: string;
  baseUrl?: string;
  /** The connector's own options, as `helpflow import` takes them (`topics`, `types` …). */
  options?: Record<string, string>;
}

export interface SyncConfig {
  /** The file it came from, for messages. */
  file: string;
  sources: SyncSource[];
}

/** The config file is wrong: the message names the file, the source and the field. */
export class SyncConfigError extends Error {
  override name = 'SyncConfigError';
}

const FIELDS = new Set(['name', 'connector', 'origin', 'tokenEnv', 'baseUrl', 'options']);

/** `--config FILE`, else `HELPFLOW_CONFIG`, else ./helpflow.config.json. */
export function configPath(flag: string | undefined): string {
  return resolve(flag ?? process.env.HELPFLOW_CONFIG ?? 'helpflow.config.json');
}

export async function loadSyncConfig(
  file: string,
  connectors: readonly Connector[] = CONNECTORS,
): Promise<SyncConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SyncConfigError(
      `${file}: cannot read the sync configuration (${(error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SyncConfigError(`${file}: not valid JSON`);
  }
  return parseSyncConfig(parsed, file, connectors);
}

export function parseSyncConfig(
  parsed: unknown,
  file: string,
  connectors: readonly Connector[] = CONNECTORS,
): SyncConfig {
  const sources = isObject(parsed) ? parsed.sources : undefined;
  if (!Array.isArray(sources)) {
    throw new SyncConfigError(`${file}: expected an object with a "sources" array`);
  }
  const names = new Set<string>();
  const checked = sources.map((raw: unknown, index) => {
    const where = (field?: string) =>
      `${file}, source ${index + 1}${isObject(raw) && typeof raw.name === 'string' ? ` ("${raw.name}")` : ''}${field ? `, field "${field}"` : ''}`;
    if (!isObject(raw)) throw new SyncConfigError(`${where()}: expected an object`);
    if ('token' in raw) {
      throw new SyncConfigError(
        `${where('token')}: secrets never go in the file: put the token in an environment ` +
          'variable and name it in "tokenEnv"',
      );
    }
    const unknown = Object.keys(raw).find((key) => !FIELDS.has(key));
    if (unknown) {
      throw new SyncConfigError(
        `${where(unknown)}: unknown field (expected ${[...FIELDS].join(', ')})`,
      );
    }
    for (const field of ['name', 'connector', 'origin'] as const) {
      if (typeof raw[field] !== 'string' || raw[field].trim() === '') {
        throw new SyncConfigError(`${where(field)}: expected a non-empty string`);
      }
    }
    for (const field of ['tokenEnv', 'baseUrl'] as const) {
      if (raw[field] !== undefined && typeof raw[field] !== 'string') {
        throw new SyncConfigError(`${where(field)}: expected a string`);
      }
    }
    const options = raw.options ?? {};
    if (!isObject(options) || Object.values(options).some((value) => typeof value !== 'string')) {
      throw new SyncConfigError(`${where('options')}: expected an object of strings`);
    }
    const source = raw as unknown as SyncSource;
    if (!connectors.some((connector) => connector.id === source.connector)) {
      throw new SyncConfigError(
        `${where('connector')}: unknown connector "${source.connector}"; the connectors are ` +
          connectors.map((connector) => connector.id).join(', '),
      );
    }
    if (names.has(source.name)) {
      throw new SyncConfigError(`${where('name')}: another source has this name`);
    }
    names.add(source.name);
    return { ...source, options: options as Record<string, string> };
  });
  return { file, sources: checked };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
