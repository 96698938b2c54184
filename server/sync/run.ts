/**
 * One sync: every configured source imported in turn, incrementally (each live connector
 * resumes from its stored cursor). A source that fails is reported and the next one runs.
 */
import { CONNECTORS } from '../../connectors/registry.ts';
import type { Connector, ConnectorInput } from '../../connectors/types.ts';
import type { Store } from '../store/database.ts';
import { runImport, type ImportSummary } from '../store/ingest.ts';
import type { SyncConfig, SyncSource } from './config.ts';

export interface SourceResult {
  name: string;
  connector: string;
  origin: string;
  status: 'succeeded' | 'failed';
  summary?: ImportSummary;
  error?: string;
}

export interface SyncOptions {
  /** The connectors sources are resolved against; tests give ones on a recording clock. */
  connectors: readonly Connector[];
  /** How each source's import runs (the CLI draws a progress line around it). */
  importSource: (
    store: Store,
    connector: Connector,
    input: ConnectorInput,
  ) => Promise<ImportSummary>;
  onResult?: (result: SourceResult) => void;
}

export const SYNC_DEFAULTS: SyncOptions = {
  connectors: CONNECTORS,
  importSource: (store, connector, input) => runImport(store, connector, input),
};

export async function runSync(
  store: Store,
  config: SyncConfig,
  options: Partial<SyncOptions> = {},
): Promise<SourceResult[]> {
  const { connectors, importSource, onResult } = { ...SYNC_DEFAULTS, ...options };
  const results: SourceResult[] = [];
  for (const source of config.sources) {
    const base = { name: source.name, connector: source.connector, origin: source.origin };
    let result: SourceResult;
    try {
      const connector = connectors.find((candidate) => candidate.id === source.connector);
      if (!connector) throw new Error(`unknown connector "${source.connector}"`);
      const summary = await importSource(store, connector, sourceInput(source));
      result = { ...base, status: 'succeeded', summary };
    } catch (error) {
      result = { ...base, status: 'failed', error: (error as Error).message };
    }
    results.push(result);
    onResult?.(result);
  }
  return results;
}

/** A source as `helpflow import` input: tokenEnv and baseUrl become the connector's options. */
export function sourceInput(source: SyncSource): ConnectorInput {
  return {
    path: source.origin,
    options: {
      ...source.options,
      ...(source.tokenEnv === undefined ? {} : { 'token-env': source.tokenEnv }),
      ...(source.baseUrl === undefined ? {} : { 'base-url': source.baseUrl }),
    },
  };
}
