/**
 * A local HTTP server that replays recorded API responses, for the live connectors' tests:
 * the connector under test talks real HTTP to it through its base URL option. Every request is
 * logged so that tests can check what was asked (pagination, `since`, the token).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Replayed {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface ReplayRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface ReplayServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: ReplayRequest[];
  /** Requests no route answered (served a 404). */
  unmatched: string[];
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!();
});

/** Starts a server that answers each request with `route(request)`; closed after the test. */
export async function replayServer(
  route: (request: ReplayRequest, base: string) => Replayed | undefined,
): Promise<ReplayServer> {
  const state: ReplayServer = { url: '', requests: [], unmatched: [] };
  const server = createServer((incoming, outgoing) => {
    const request: ReplayRequest = {
      method: incoming.method ?? 'GET',
      url: new URL(incoming.url ?? '/', state.url),
      headers: incoming.headers,
    };
    state.requests.push(request);
    let replayed = route(request, state.url);
    if (!replayed) {
      state.unmatched.push(`${request.method} ${request.url.pathname}${request.url.search}`);
      replayed = { status: 404, body: { message: 'Not Found' } };
    }
    // Recorded headers name their server as {{base}}: pagination links point back here.
    const headers = Object.fromEntries(
      Object.entries(replayed.headers ?? {}).map(([name, value]) => [
        name,
        value.replaceAll('{{base}}', state.url),
      ]),
    );
    outgoing.writeHead(replayed.status ?? 200, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });
    outgoing.end(JSON.stringify(replayed.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return state;
}

/** A clock whose sleeps return at once and are written down. */
export function recordingClock(now = Date.parse('2026-06-01T00:00:00Z')) {
  const waits: number[] = [];
  return {
    waits,
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    },
  };
}
