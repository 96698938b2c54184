import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentIsolation } from '../../access/present-reports.ts';
import { IsolationSchema } from '../../api/responses.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { reportQuery, sendCached } from '../shared.ts';

const isolation: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Who is isolated, peripheral, fading or not yet connected, and why',
        description:
          'A manager sees their reporting line only; an analyst sees everyone pseudonymised, ' +
          'without the team of a team below the minimum group size.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: { 200: IsolationSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return sendCached(app, request, reply, ['isolation', query], async () =>
        presentIsolation(
          await app.analytics.report('isolation', query, viewer),
          await app.viewers.audience(viewer),
        ),
      );
    },
  );
};

export default isolation;
