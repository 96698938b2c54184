import fp from 'fastify-plugin';
import { BadTokenError, ForbiddenError, NoTokenError } from '../api/errors.ts';
import './types.ts';

/**
 * Bearer tokens and roles: a route that lists `config.roles` needs a valid token of one of them
 * (no token: 401; a role not listed: 403). The viewer it makes is what privacy shaping uses.
 */
export default fp(
  async (app) => {
    if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', null as never);
    app.addHook('onRequest', async (request) => {
      const roles = request.routeOptions.config.roles;
      if (!roles) return;
      // Signed in by session cookie (server/plugins/sso.ts): the same viewer, the same roles.
      const signedIn = request.viewer as typeof request.viewer | null;
      if (signedIn && !request.headers.authorization) {
        if (!roles.includes(signedIn.role)) {
          throw new ForbiddenError(
            `a ${signedIn.role} may not use ${request.routeOptions.url ?? request.url}; it needs ${roles.join(' or ')}`,
          );
        }
        return;
      }
      const header = request.headers.authorization;
      if (!header) throw new NoTokenError();
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new BadTokenError();
      const holder = await app.tokens.holder(match[1]!);
      if (!holder) throw new BadTokenError();
      if (!roles.includes(holder.role)) {
        throw new ForbiddenError(
          `a ${holder.role} token may not use ${request.routeOptions.url ?? request.url}; it needs ${roles.join(' or ')}`,
        );
      }
      request.viewer = await app.viewers.of({
        role: holder.role,
        tokenId: holder.tokenId,
        person: holder.personId,
      });
    });
  },
  { name: 'helpflow-auth', dependencies: ['helpflow-tokens', 'helpflow-viewers'] },
);
