import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople, smallGroups } from '../../access/privacy.ts';
import {
  errorResponses,
  Open,
  reportQueryProperties,
  Window,
  Withheld,
} from '../../api/schemas.ts';
import { FLOW_GROUPINGS } from '../../reports/reports.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const flows: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Help between groups: the matrix, E-I index, expected flow, brokers, silos',
        description:
          'Grouped `by` team (the default when there is an org chart), community (the default ' +
          'without one) or each person’s main context; `teams[].team` names the group. Groups ' +
          'below the minimum group size are withheld (listed in `withheld` with the reason) ' +
          'for every role but admin.',
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
        response: {
          200: Open({
            window: Window,
            by: Type.Union(FLOW_GROUPINGS.map((by) => Type.Literal(by))),
            teams: Type.Array(Open({ team: Type.String(), size: Type.Integer() })),
            flows: Type.Array(
              Open({ from: Type.String(), to: Type.String(), weight: Type.Number() }),
            ),
            silos: Type.Array(Open({ team: Type.String(), reason: Type.String() })),
            withheld: Withheld,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { by } = request.query;
      const query = { ...reportQuery(request.query), ...(by ? { by } : {}) };
      const { viewer } = request;
      return app.services.cached(viewerKey(request, 'flows', query), async () => {
        const report = await app.services.report('flows', query);
        const { small, withheld } = smallGroups(
          report.teams,
          viewer,
          app.services.config.minGroupSize,
        );
        const shown = {
          ...report,
          teams: report.teams.filter((t) => !small.has(t.team)),
          flows: report.flows.filter((f) => !small.has(f.from) && !small.has(f.to)),
          silos: report.silos.filter((s) => !small.has(s.team)),
          withheld,
        };
        return presentPeople(shown, viewer, await app.services.directory());
      });
    },
  );
};

export default flows;
