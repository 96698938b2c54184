import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditDetail, auditSubject } from '../../access/audit.ts';
import { presentFollowUp } from '../../access/present-follow-up.ts';
import { ForbiddenError } from '../../api/errors.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { followUp } from '../../reports/follow-up.ts';
import { reportQuery, viewerKey } from '../shared.ts';
import { FollowUpSchema } from './follow-up-schema.ts';

const FOLLOW_UP_ROUTE = '/api/v1/people/:id/follow-up';

/** GET /people/:id/follow-up: what is behind a person's flag. */
const followUpRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/follow-up',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary:
          "Following up a person's flag: partners lost and gained, with dates, and the weekly help",
        description:
          'Compares the window with the previous one of the same length. Written to the audit ' +
          'log. Only for people the token may see by name; partners are named or pseudonymised ' +
          'as everywhere else.',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        querystring: ReportQuery,
        response: { 200: FollowUpSchema, 404: Type.Ref('Problem'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { viewer } = request;
      const { id } = request.params;
      const entry = {
        tokenId: viewer.tokenId,
        role: viewer.role,
        viewer: viewer.person,
        subject: auditSubject(id),
        detail: auditDetail(FOLLOW_UP_ROUTE, request.query),
      };
      if (!viewer.canName(id)) {
        app.audit.write({ ...entry, action: 'refused follow-up' });
        throw new ForbiddenError(
          viewer.role === 'member'
            ? 'a member token shows only its own person'
            : `this person is outside what this ${viewer.role} token may see by name`,
        );
      }
      const query = reportQuery(request.query);
      const body = await app.caches.cached(
        viewerKey(request, `follow-up|${id}`, query),
        async () => {
          // The person's page gives the window and flags (and 404 for an unknown id).
          const view = await app.analytics.compute(
            viewer,
            `person|${id}|${JSON.stringify(query)}`,
            query,
            (analytics) => analytics.personView(id, query),
          );
          const changes = await app.analytics.compute(
            viewer,
            `follow-up|${id}|${JSON.stringify(query)}`,
            query,
            () => followUp(app.store, id, view.window, query),
          );
          return presentFollowUp(view, changes, await app.viewers.audience(viewer));
        },
      );
      app.audit.write({ ...entry, action: 'follow up person' });
      return reply.send(body);
    },
  );
};

export default followUpRoute;
