import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople } from '../../access/privacy.ts';
import { errorResponses, Open, PersonRef, ReportQuery, Window } from '../../api/schemas.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const isolation: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'Who is isolated, peripheral, fading or not yet connected, and why',
        description:
          'A manager sees their reporting line only; an analyst sees everyone pseudonymised.',
        tags: ['reports'],
        querystring: ReportQuery,
        response: {
          200: Open({
            window: Window,
            previousWindow: Window,
            people: Type.Array(
              Open({
                ...PersonRef,
                flags: Type.Array(Type.String()),
                reasons: Type.Array(Type.String()),
              }),
            ),
            neverActive: Type.Array(Open(PersonRef)),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = reportQuery(request.query);
      const { viewer } = request;
      return app.services.cached(viewerKey(request, 'isolation', query), async () => {
        const report = await app.services.report('isolation', query);
        // Flags are about named people: a manager sees only those of their own line.
        const visible =
          viewer.role === 'manager'
            ? {
                ...report,
                people: report.people.filter((entry) => viewer.canName(entry.person)),
                neverActive: report.neverActive.filter((entry) => viewer.canName(entry.person)),
              }
            : report;
        return presentPeople(visible, viewer, await app.services.directory());
      });
    },
  );
};

export default isolation;
