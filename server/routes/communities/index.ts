import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentCommunities } from '../../access/present-reports.ts';
import { CommunitiesSchema } from '../../api/responses.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
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
        response: { 200: CommunitiesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return app.services.latest(viewerKey(request, 'communities', query), async () =>
        presentCommunities(
          await app.services.report('communities', query, viewer),
          await app.services.audience(viewer),
        ),
      );
    },
  );
};

export default communities;
