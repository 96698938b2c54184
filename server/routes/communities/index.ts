import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople } from '../../access/privacy.ts';
import { errorResponses, Open, ReportQuery, Window } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const communities: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Communities (seeded Louvain), how they match the org chart, how they changed',
        tags: ['reports'],
        querystring: ReportQuery,
        response: {
          200: Open({
            window: Window,
            modularity: Type.Number(),
            communities: Type.Array(
              Open({
                id: Type.Integer(),
                size: Type.Integer(),
                members: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = reportQuery(request.query);
      return app.services.cached(viewerKey(request, 'communities', query), async () => {
        const report = await app.services.report('communities', query);
        return presentPeople(report, request.viewer, await app.services.directory());
      });
    },
  );
};

export default communities;
