import fp from 'fastify-plugin';
import { showsGroup } from '../access/audience.ts';
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
      const audience = await app.services.audience(request.viewer);
      if (showsGroup(audience, team)) return;
      for (const [person, entry] of audience.directory) {
        if (entry.team === team && !request.viewer.canName(person)) {
          throw Object.assign(
            new ForbiddenError(
              `team "${team}" has fewer than ${audience.minGroupSize} people: its figures are shown only to those who may see all of them by name`,
            ),
            { field: 'team' },
          );
        }
      }
    });
  },
  { name: 'helpflow-group-filters', dependencies: ['helpflow-auth'] },
);
