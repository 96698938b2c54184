import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { planGroups } from '../../access/groups.ts';
import { presentFlows } from '../../access/present-groups.ts';
import { FlowsSchema } from '../../api/responses.ts';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { FLOW_GROUPINGS } from '../../reports/reports.ts';
import { reportQuery, sendCached } from '../shared.ts';

const flows: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Help between groups: the matrix, E-I index, expected flow, brokers, silos',
        description:
          'Grouped `by` team (the default when there is an org chart), community (the default ' +
          'without one) or each person’s main context; `teams[].team` names the group. For ' +
          'every role but admin, groups below the minimum group size (the no-group group too) ' +
          'are withheld and listed in `withheld`: folded into one combined group when together ' +
          'they reach the minimum, else left out of every figure, totals included.',
        tags: ['reports'],
        querystring: Type.Object({
          ...reportQueryProperties,
          by: Type.Optional(
            Type.Union(
              FLOW_GROUPINGS.map((by) => Type.Literal(by)),
              { description: 'what to group people by: team, community or context' },
            ),
          ),
        }),
        response: { 200: FlowsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { by } = request.query;
      const query = { ...reportQuery(request.query), ...(by ? { by } : {}) };
      const { viewer } = request;
      return sendCached(app, request, reply, ['flows', query], async () => {
        const report = await app.analytics.report('flows', query, viewer);
        const audience = await app.viewers.audience(viewer);
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
