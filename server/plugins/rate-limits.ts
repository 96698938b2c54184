import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { TooManyRequestsError } from '../api/errors.ts';
import './types.ts';

/**
 * Rate limits that hold (register before the auth plugin):
 * - failed sign-ins (401) per client address: once an address has `failures` in a minute,
 *   its requests are refused before any token is looked up, so guessing tokens (or flooding
 *   the token check) costs the guesser, not the server;
 * - requests per verified token: after sign-in, keyed by the token's id, so every spelling of
 *   the Authorization header shares one allowance; public routes count per address.
 */

const WINDOW_MS = 60_000;
/** Addresses remembered at most; beyond that the oldest window is forgotten first. */
const MAX_ADDRESSES = 10_000;

export default fp(
  async (app, options: { requests: number; failures: number }) => {
    if (options.failures > 0) {
      const failed = new Map<string, { count: number; until: number }>();
      app.addHook('onRequest', async (request, reply) => {
        const entry = failed.get(request.ip);
        if (!entry || entry.until <= Date.now() || entry.count < options.failures) return;
        const seconds = Math.ceil((entry.until - Date.now()) / 1000);
        reply.header('retry-after', String(seconds));
        throw new TooManyRequestsError(
          `too many failed sign-ins from this address; try again in ${seconds} s`,
        );
      });
      app.addHook('onResponse', async (request, reply) => {
        if (reply.statusCode !== 401) return;
        const now = Date.now();
        let entry = failed.get(request.ip);
        if (!entry || entry.until <= now) {
          if (failed.size >= MAX_ADDRESSES) failed.delete(failed.keys().next().value!);
          entry = { count: 0, until: now + WINDOW_MS };
          failed.delete(request.ip);
          failed.set(request.ip, entry);
        }
        entry.count++;
      });
    }
    if (options.requests > 0) {
      await app.register(rateLimit, {
        max: options.requests,
        timeWindow: WINDOW_MS,
        hook: 'preHandler',
        keyGenerator: (request) =>
          request.viewer ? `token:${request.viewer.tokenId}` : `address:${request.ip}`,
      });
    }
  },
  { name: 'helpflow-rate-limits' },
);
