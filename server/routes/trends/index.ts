import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { planGroups } from '../../access/groups.ts';
import { presentTrends } from '../../access/present-groups.ts';
import { TrendsSchema } from '../../api/responses.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { reportQuery, sendCached } from '../shared.ts';

const trends: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Weekly series for the organisation and each team',
        description:
          'For every role but admin, the people of teams below the minimum group size (the ' +
          'no-team group too) are left out of every series, the organisation’s included, and ' +
          'the teams are listed in `withheld`.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: { 200: TrendsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return sendCached(app, request, reply, ['trends', query], async () => {
        const audience = await app.viewers.audience(viewer);
        const plan = planGroups(audience.groupSizes, audience, false);
        const without = [...plan.withheld.keys()].sort();
        const report = await app.analytics.report(
          'trends',
          without.length ? { ...query, without } : query,
          viewer,
        );
        return presentTrends(report, plan);
      });
    },
  );
};

export default trends;
