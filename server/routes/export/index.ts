import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { toCsv } from '../../cli/commands/export.ts';
import { readTies } from '../../store/analytics-queries.ts';
import { reportQuery } from '../shared.ts';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  gexf: 'application/gexf+xml; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
} as const;

const exportRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'The tie graph as a file: CSV, or GEXF / GraphML for Gephi',
        description:
          'With each person’s name, team, community, PageRank, betweenness and flags (GEXF, ' +
          'GraphML). Without from/to: the whole history.',
        tags: ['network'],
        querystring: Type.Object({
          ...reportQueryProperties,
          format: Type.Union([Type.Literal('csv'), Type.Literal('gexf'), Type.Literal('graphml')], {
            default: 'gexf',
          }),
        }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const query = reportQuery(request.query);
      if (!query.from || !query.to) {
        const all = await app.services.analytics.allTime();
        query.from ??= all.from;
        query.to ??= all.to;
      }
      const body = await app.services.compute(
        request.viewer,
        `export|${format}|${JSON.stringify(query)}`,
        async () =>
          format === 'csv'
            ? toCsv(await readTies(app.services.store, query))
            : (await app.services.analytics.exportGraph(format, query)).text,
      );
      return reply
        .type(TYPES[format])
        .header('content-disposition', `attachment; filename="helpflow.${format}"`)
        .send(body);
    },
  );
};

export default exportRoute;
