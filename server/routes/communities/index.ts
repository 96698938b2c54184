import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { presentCommunities } from '../../access/present-reports.ts';
import { CommunitiesSchema } from '../../api/responses.ts';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { reportQuery, sendCached } from '../shared.ts';

const communities: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Communities (seeded Louvain), how they match the org chart, how they changed',
        description:
          '`changes` compares the window with the one just before it of the same length, or ' +
          'with `previousFrom`–`previousTo` when given (both or neither).',
        tags: ['reports'],
        querystring: Type.Object({
          ...reportQueryProperties,
          previousFrom: Type.Optional(
            Type.String({ description: 'start of the window to compare with, inclusive' }),
          ),
          previousTo: Type.Optional(
            Type.String({ description: 'end of the window to compare with, exclusive' }),
          ),
        }),
        response: { 200: CommunitiesSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { previousFrom, previousTo } = request.query;
      const query = {
        ...reportQuery(request.query),
        ...(previousFrom ? { previousFrom } : {}),
        ...(previousTo ? { previousTo } : {}),
      };
      const { viewer } = request;
      return sendCached(app, request, reply, ['communities', query], async () =>
        presentCommunities(
          await app.analytics.report('communities', query, viewer),
          await app.viewers.audience(viewer),
        ),
      );
    },
  );
};

export default communities;
