import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reportFilters, type ReportQuery } from '../reports/filters.ts';
import type { ReportQueryType } from '../api/schemas.ts';

/** The report filters of a request's query string, without empty values. */
export function reportQuery(query: ReportQueryType): ReportQuery {
  return reportFilters((name) => (query[name] === '' ? undefined : query[name]));
}

/** A cache key for a response shaped for this request's viewer. */
export function viewerKey(request: FastifyRequest, route: string, query: unknown): string {
  return `${route}|${request.viewer.cacheKey}|${JSON.stringify(query)}`;
}

/** A cached response: its JSON, and the same gzipped once a client asked for that. */
interface CachedBody {
  json: Buffer;
  gzip?: Promise<Buffer>;
}

/** Gzip on libuv's thread pool, off the event loop. */
const gzipped = promisify(gzip);

/** Smaller responses go as they are: compressing them saves less than it costs. */
const GZIP_FROM_BYTES = 64 * 1024;

/**
 * Answers with a response cached per viewer and data version as the bytes the route's response
 * schema serialises it to: a warm request writes a buffer. Serialising the XL organisation's
 * isolation and flows reports (14 and 17 MB) again on every request took 1.0 and 1.6 s. A large
 * response goes gzipped to a client that accepts it (every browser), compressed once per cached
 * response: XL's isolation report is then 1.2 MB on the wire, not 14.
 */
export async function sendCached(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  [route, query]: [string, unknown],
  compute: () => Promise<unknown>,
): Promise<FastifyReply> {
  const body = await app.caches.latest<CachedBody>(viewerKey(request, route, query), async () => ({
    // The route's own serializer: only what its schema names leaves the server.
    json: Buffer.from(reply.serialize(await compute()) as string),
  }));
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (body.json.length < GZIP_FROM_BYTES || !acceptsGzip(request)) return reply.send(body.json);
  body.gzip ??= gzipped(body.json, { level: 6 }).catch((error: unknown) => {
    body.gzip = undefined;
    throw error;
  });
  return reply.header('content-encoding', 'gzip').send(await body.gzip);
}

/** Whether the request's Accept-Encoding takes gzip (and not with q=0). */
function acceptsGzip(request: FastifyRequest): boolean {
  const accepted = request.headers['accept-encoding'] ?? '';
  return accepted.split(',').some((coding) => {
    const [name, ...parameters] = coding.trim().toLowerCase().split(';');
    const refused = parameters.some((parameter) => /^\s*q=0(\.0*)?\s*$/.test(parameter));
    return (name === 'gzip' || name === '*') && !refused;
  });
}
