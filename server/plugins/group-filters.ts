import fp from 'fastify-plugin';
import { teamFilterRefusal } from '../access/audience.ts';
import { ForbiddenError } from '../api/errors.ts';
import './types.ts';

/**
 * A `team` filter names a group: for a team below the minimum group size, every figure of the
 * filtered response would be that team's (and its pseudonymised rows, its people's). So for
 * every route, a non-admin may filter on such a team only when they may name all its people
 * (a manager of the whole team). Runs after sign-in and validation, before any handler.
 */
export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      const team = (request.query as { team?: unknown } | undefined)?.team;
      if (typeof team !== 'string' || team === '' || !request.viewer) return;
      const refusal = teamFilterRefusal(await app.viewers.audience(request.viewer), team);
      if (refusal) throw Object.assign(new ForbiddenError(refusal), { field: 'team' });
    });
  },
  { name: 'helpflow-group-filters', dependencies: ['helpflow-auth', 'helpflow-viewers'] },
);
