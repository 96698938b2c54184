/**
 * GitHub exchanges (tests/fixtures/github/*.json), replayed. Each exchange answers the first
 * request with its method and path whose query holds the exchange's query parameters, once and
 * in file order, so a recorded 403 is answered before the 200 that follows the wait.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';
import type { Replayed, ReplayRequest } from './replay-server.ts';

interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  response: unknown;
}

export function recordedGitHub(...scenarios: string[]) {
  const exchanges = scenarios.flatMap(
    (name) =>
      JSON.parse(
        readFileSync(join(ROOT, 'tests/fixtures/github', `${name}.json`), 'utf8'),
      ) as Exchange[],
  );
  const unused = new Set(exchanges);
  return {
    /** Exchanges no request has asked for yet. */
    unused: () => [...unused].map((e) => `${e.method} ${e.path}`),
    route(request: ReplayRequest): Replayed | undefined {
      for (const exchange of unused) {
        const recorded = new URL(exchange.path, request.url);
        if (exchange.method !== request.method || recorded.pathname !== request.url.pathname) {
          continue;
        }
        const query = [...recorded.searchParams];
        if (query.some(([name, value]) => request.url.searchParams.get(name) !== value)) continue;
        unused.delete(exchange);
        return { status: exchange.status, headers: exchange.headers, body: exchange.response };
      }
      return undefined;
    },
  };
}
