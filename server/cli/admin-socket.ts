import { once } from 'node:events';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/database.ts';
import type { Command } from './command.ts';
import { reportFailure } from './failure.ts';
import { captureOutput } from './output-capture.ts';
import '../plugins/types.ts';

/**
 * The admin socket: while `helpflow serve` holds the database (DuckDB lets one process open
 * it), CLI commands run inside the server instead, sent over a Unix socket beside the database
 * that only its owner may open. No token is needed: being able to open the socket already
 * means being the account that owns the data.
 *
 * One connection carries one command: the client sends an AdminRequest as one JSON line; the
 * server answers with AdminFrame lines, what the command printed as it printed it, then its
 * exit code.
 */

export interface AdminRequest {
  command: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export type AdminFrame = { out: string } | { err: string } | { exit: number };

/** Linux and macOS keep a socket path in about 104-108 bytes. */
const MAX_SOCKET_PATH = 100;

export function adminSocketPath(dbPath: string): string {
  return `${dbPath}.sock`;
}

/**
 * Listens on the database's admin socket for as long as `app` runs. Commands that read
 * helpflow.config.json (import's retention) read the server's `configFile` unless told another.
 */
export async function attachAdminSocket(
  app: FastifyInstance,
  dbPath: string,
  configFile: string,
): Promise<void> {
  const path = adminSocketPath(dbPath);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    app.log.warn(`no admin socket: the path ${path} is too long for a Unix socket`);
    return;
  }
  // This process holds the database, so no other server can be listening here: a socket left
  // at the path is from one that was killed.
  rmSync(path, { force: true });
  const running = new Set<Promise<void>>();
  const server = createServer((socket) => {
    const done = serveConnection(socket, app, dbPath, configFile).catch((error: unknown) => {
      app.log.error(error, 'admin socket');
      socket.destroy();
    });
    running.add(done);
    void done.finally(() => running.delete(done));
  });
  // The socket is made with the umask's mode: owner only from the first instant, not after a
  // chmod that another user could race.
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await once(server, 'listening');
  chmodSync(path, 0o600);
  app.addHook('preClose', async () => {
    server.close();
    await Promise.allSettled(running);
    rmSync(path, { force: true });
  });
}

async function serveConnection(
  socket: Socket,
  app: FastifyInstance,
  dbPath: string,
  configFile: string,
) {
  const send = (frame: AdminFrame) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  };
  const lines = createInterface({ input: socket, crlfDelay: Infinity });
  const [first] = (await once(lines, 'line')) as [string];
  lines.close();
  const { COMMANDS } = await import('./commands/index.ts');
  let request: AdminRequest;
  let command: Command | undefined;
  try {
    request = parseRequest(first);
    command = await COMMANDS.find((c) => c.name === request.command)?.load();
    if (!command?.viaServer)
      throw new Error(`"${request.command}" cannot run inside helpflow serve`);
  } catch (error) {
    send({ err: `helpflow: ${(error as Error).message}\n` });
    send({ exit: 2 });
    socket.end();
    return;
  }
  const values = { config: configFile, ...request.values };
  const code = await captureOutput(
    (fd, text) => send(fd === 1 ? { out: text } : { err: text }),
    () => runInServer(command, { ...request, values }, app, dbPath),
  );
  send({ exit: code });
  socket.end();
}

async function runInServer(
  command: Command,
  request: AdminRequest,
  app: FastifyInstance,
  dbPath: string,
): Promise<number> {
  // `helpflow audit` must see the views made up to now, not those of 200 ms ago.
  await app.audit.flush();
  const run = async (store: Store) => {
    try {
      return await command.run({
        store,
        dbPath,
        positionals: request.positionals,
        values: request.values,
        json: request.values.json === true,
      });
    } catch (error) {
      return reportFailure(error);
    }
  };
  let code: number;
  if (command.viaServer?.queued) {
    // Writes in bulk wait their turn with uploads and scheduled syncs: one writer at a time.
    code = await app.imports.exclusive(() => run(app.imports.connection));
  } else {
    const store = await app.store.connect();
    try {
      code = await run(store);
    } finally {
      store.close();
    }
  }
  // The command may have imported, opted someone out or revoked a token: forget what the
  // server remembered of the data and of tokens.
  app.caches.dataChanged();
  app.tokens.forget();
  return code;
}

function parseRequest(line: string): AdminRequest {
  const value = JSON.parse(line) as Partial<AdminRequest>;
  const positionals = value.positionals;
  const values = value.values;
  if (
    typeof value.command !== 'string' ||
    !Array.isArray(positionals) ||
    !positionals.every((p) => typeof p === 'string') ||
    typeof values !== 'object' ||
    values === null ||
    !Object.values(values).every((v) => typeof v === 'string' || typeof v === 'boolean')
  ) {
    throw new Error('the admin socket got a request it does not understand');
  }
  return { command: value.command, positionals, values };
}
