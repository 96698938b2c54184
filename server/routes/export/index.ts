import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReportCoverage } from '../../analytics/coverage.ts';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { CONTENT_TYPES, GRAPH_FORMATS, type GraphFormat } from '../../export/graph-file.ts';
import { reportQuery } from '../shared.ts';

const exportRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'The tie graph as a file: CSV, or GEXF / GraphML for Gephi',
        description:
          'With each person’s name, team, community, PageRank, betweenness and flags (GEXF, ' +
          'GraphML). The window and filters are the reports’ own (by default the 90 days ending ' +
          'at the newest activity of the selected sources); the X-Helpflow-Window and ' +
          'X-Helpflow-Coverage headers (and the GEXF / GraphML description) say which window ' +
          'it is and which sources cover it.',
        tags: ['network'],
        querystring: Type.Object({
          ...reportQueryProperties,
          // Unsafe only for its static type: a union of a mapped array is typed `never`.
          format: Type.Unsafe<GraphFormat>(
            Type.Union(
              GRAPH_FORMATS.map((format) => Type.Literal(format)),
              { default: 'gexf' },
            ),
          ),
        }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const requested = reportQuery(request.query);
      const scope = await app.analytics.quick.scope(requested);
      // The reports' own window, so that an export and a report of the same query agree.
      const query = { ...requested, ...scope.window };
      const body = await app.analytics.compute(
        request.viewer,
        `export|${format}|${JSON.stringify(query)}`,
        query,
        async (analytics) => (await analytics.exportGraph(format, query)).text,
      );
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="helpflow.${format}"`)
        .header('x-helpflow-window', `${scope.window.from}/${scope.window.to}`)
        .header('x-helpflow-coverage', coverageHeader(scope.coverage))
        .send(body);
    },
  );
};

/** `source=all|part|none, …; warning: …`, in ASCII, as a header value must be. */
function coverageHeader(coverage: ReportCoverage): string {
  const sources = coverage.sources.map((s) => `${s.source}=${s.window}`).join(', ');
  const text = [sources || 'no sources', ...coverage.warnings.map((w) => `warning: ${w}`)].join(
    '; ',
  );
  return text.replace(/[^\x20-\x7e]/g, '?');
}

export default exportRoute;
