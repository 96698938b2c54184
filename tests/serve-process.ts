/** A real `helpflow serve` in a child process, as an admin runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { BIN } from './cli-helpers.ts';
import { ROOT } from './helpers.ts';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** `helpflow serve --port 0 --db DB ...args`, once it says where it listens. */
export function startServe(db: string, ...args: string[]): Promise<ServeProcess> {
  return startServeOf({ bin: BIN, cwd: ROOT }, db, ...args);
}

/** The same with another `helpflow` (an installed build, say), run in `cwd`. */
export async function startServeOf(
  { bin, cwd }: { bin: string; cwd: string },
  db: string,
  ...args: string[]
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db, ...args], {
    cwd,
    env: { ...process.env, HELPFLOW_DB: undefined },
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 120_000);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    child.stdout.on('data', () => {
      const match = / at (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      running.delete(child);
      return code;
    },
  };
}
