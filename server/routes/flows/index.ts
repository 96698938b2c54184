import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople, smallGroups } from '../../access/privacy.ts';
import { errorResponses, Open, ReportQuery, Window, Withheld } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const flows: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Help between teams: the matrix, E-I index, expected flow, brokers, silos',
        description:
          'Teams below the minimum group size are withheld (listed in `withheld` with the ' +
          'reason) for every role but admin.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: {
          200: Open({
            window: Window,
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
      const query = reportQuery(request.query);
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
