import type { ParseArgsConfig } from 'node:util';
import type { Store } from '../store/database.ts';

export interface CommandContext {
  store: Store;
  dbPath: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  json: boolean;
}

/** One `helpflow` sub-command: a thin face over the store, the connectors and the analytics. */
export interface Command {
  name: string;
  /** The synopsis after `helpflow`, e.g. `import <connector> <path>`. */
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  help?: () => string;
  /** Returns the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** The command line was wrong; exit 2 with the command's help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export function stringValue(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}
