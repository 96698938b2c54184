/** Running the real `helpflow` command in a child process, as a person would. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { ROOT } from './helpers.ts';

export const BIN = join(ROOT, 'bin/helpflow-dev.js');
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `helpflow ...args`: its exit code and what it printed. */
export function helpflow(...args: string[]): Promise<CliResult> {
  return helpflowWithEnv({}, ...args);
}

/**
 * `helpflow ...args` with `env` added to the environment (tokens, say). HELPFLOW_DB is
 * removed, so that only a `--db` the test gives can point the command at a database.
 */
export async function helpflowWithEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, HELPFLOW_DB: undefined },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What `helpflow ...args --json` prints, parsed, once it has succeeded without a word on stderr. */
export async function helpflowJson<T>(...args: string[]): Promise<T> {
  const result = await helpflow(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}
