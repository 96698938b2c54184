import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { planGroups } from '../../access/groups.ts';
import { presentFlows } from '../../access/present-groups.ts';
import { FlowsSchema } from '../../api/responses.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const flows: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Help between teams: the matrix, E-I index, expected flow, brokers, silos',
        description:
          'For every role but admin, teams below the minimum group size (the no-team group ' +
          'too) are withheld and listed in `withheld`: folded into one combined group when ' +
          'together they reach the minimum, else left out of every figure, totals included.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: { 200: FlowsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return app.services.cached(viewerKey(request, 'flows', query), async () => {
        const report = await app.services.report('flows', query, viewer);
        const audience = await app.services.audience(viewer);
        const plan = planGroups(
          report.teams.map(({ team, size }) => [team, size]),
          audience,
        );
        return presentFlows(report, audience, plan);
      });
    },
  );
};

export default flows;
