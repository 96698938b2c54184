import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { gatherBrief, type BriefReports } from '../../brief/gather.ts';
import { renderBrief } from '../../brief/render.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

/** GET /brief: the brief for leadership, as `helpflow brief` writes it, for this token's role. */
const brief: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'A one-page brief for leadership: a self-contained HTML document',
        description:
          'Headline figures, the weekly trend, flows between groups, flagged people, ' +
          'communities, and the experts and bus factors of the busiest topics; inline SVG, no ' +
          'scripts, one or two A4 pages in print. Made from the same reports and presenters as ' +
          'the other routes: people and groups this token may not see are not in it.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: {
          200: { content: { 'text/html': { schema: Type.String() } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      const html = await app.caches.cached(viewerKey(request, 'brief', query), async () => {
        const reports: BriefReports = {
          isolation: (q) => app.analytics.report('isolation', q, viewer),
          flows: (q) => app.analytics.report('flows', q, viewer),
          communities: (q) => app.analytics.report('communities', q, viewer),
          trends: (q) => app.analytics.report('trends', q, viewer),
          experts: (q) => app.analytics.report('experts', q, viewer),
        };
        return renderBrief(await gatherBrief(reports, await app.viewers.audience(viewer), query));
      });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', 'inline; filename="helpflow-brief.html"')
        .send(html);
    },
  );
};

export default brief;
