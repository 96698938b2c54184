import type { ParseArgsConfig } from 'node:util';
import type { Store } from '../store/database.ts';

export interface CommandContext {
  store: Store;
  dbPath: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  json: boolean;
}

/**
 * One `helpflow` sub-command: a thin face over the store, the connectors and the analytics. Its
 * name, synopsis and summary are listed in commands/index.ts, which loads it when it runs.
 */
export type Command = StoreCommand | StorelessCommand;

interface CommandBase {
  options?: ParseArgsConfig['options'];
  help?: () => string;
  /**
   * While `helpflow serve` holds the database, the command runs inside the server, sent over
   * its admin socket (server/cli/admin-socket.ts). Commands that open the database for long
   * themselves (serve, demo, sync) leave this out and meet the lock.
   */
  viaServer?: {
    /** Options naming files: made absolute here, since the server has a directory of its own. */
    pathOptions?: readonly string[];
    /** Positionals (by index) naming files: made absolute when such a file exists here. */
    pathPositionals?: readonly number[];
    /** Positionals (by index) naming files to make: always made absolute. */
    newPathPositionals?: readonly number[];
    /** Writes in bulk: waits its turn with the server's uploads and syncs (one writer). */
    queued?: boolean;
  };
}

export interface StoreCommand extends CommandBase {
  needsStore?: true;
  /** Returns the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** A command that makes a database rather than opening one (restore). */
export interface StorelessCommand extends CommandBase {
  needsStore: false;
  run(context: Omit<CommandContext, 'store'>): Promise<number>;
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
