import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { adminSocketPath, type AdminFrame, type AdminRequest } from './admin-socket.ts';
import type { Command } from './command.ts';

/**
 * Runs the command inside a `helpflow serve` that holds the database, if one does: prints what
 * it prints and returns its exit code. Null when no server is listening (the caller opens the
 * database itself).
 */
export async function runThroughServer(
  dbPath: string,
  name: string,
  command: Command,
  positionals: string[],
  values: AdminRequest['values'],
): Promise<number | null> {
  const path = adminSocketPath(dbPath);
  if (!command.viaServer || !existsSync(path)) return null;
  const socket = connect(path);
  try {
    await once(socket, 'connect');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A socket left by a server that was killed: nobody is listening, the database is free.
    if (code === 'ECONNREFUSED' || code === 'ENOENT') return null;
    if (code === 'EACCES') {
      throw new Error(
        `helpflow serve holds ${dbPath}, and its admin socket ${path} belongs to another user: run this as that user`,
      );
    }
    throw error;
  }
  socket.write(`${JSON.stringify(requestFor(name, command, positionals, values))}\n`);
  for await (const line of createInterface({ input: socket, crlfDelay: Infinity })) {
    const frame = JSON.parse(line) as AdminFrame;
    if ('out' in frame) process.stdout.write(frame.out);
    else if ('err' in frame) process.stderr.write(frame.err);
    else {
      socket.end();
      return frame.exit;
    }
  }
  throw new Error('helpflow serve stopped before the command finished');
}

/** The request, with file names made absolute: the server resolves them from its own folder. */
function requestFor(
  name: string,
  command: Command,
  positionals: string[],
  values: AdminRequest['values'],
): AdminRequest {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(path));
  const paths = command.viaServer ?? {};
  const sentValues = { ...values };
  for (const name of paths.pathOptions ?? []) {
    const value = sentValues[name];
    if (typeof value === 'string') sentValues[name] = absolute(value);
  }
  const sentPositionals = positionals.map((value, index) =>
    paths.newPathPositionals?.includes(index) ||
    (paths.pathPositionals?.includes(index) && existsSync(value))
      ? absolute(value)
      : value,
  );
  for (const key of Object.keys(sentValues)) {
    if (sentValues[key] === undefined) delete sentValues[key];
  }
  return { command: name, positionals: sentPositionals, values: sentValues };
}
