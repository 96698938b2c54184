import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { smallGroups } from '../../access/privacy.ts';
import { errorResponses, Open, ReportQuery, Window, Withheld } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const Week = Open({
  week: Type.String(),
  team: Type.Union([Type.String(), Type.Null()]),
  people: Type.Integer(),
  activeHelpers: Type.Integer(),
  ties: Type.Integer(),
  isolated: Type.Integer(),
  crossTeamShare: Type.Union([Type.Number(), Type.Null()]),
});

const trends: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Weekly series for the organisation and each team',
        description: 'Teams below the minimum group size are withheld for every role but admin.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: {
          200: Open({
            window: Window,
            organisation: Type.Array(Week),
            teams: Type.Array(Week),
            withheld: Withheld,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return app.services.cached(viewerKey(request, 'trends', query), async () => {
        const report = await app.services.report('trends', query);
        const { small, withheld } = smallGroups(
          report.teams.map((row) => ({ team: row.team, size: row.people })),
          viewer,
          app.services.config.minGroupSize,
        );
        return {
          ...report,
          teams: report.teams.filter((row) => row.team === null || !small.has(row.team)),
          withheld,
        };
      });
    },
  );
};

export default trends;
