import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople } from '../../access/privacy.ts';
import { ForbiddenError } from '../../api/errors.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { FollowUpResponse } from './follow-up-schema.ts';
import { followUp } from '../../reports/follow-up.ts';
import { reportQuery, viewerKey } from '../shared.ts';

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
        response: { 200: FollowUpResponse, 404: Type.Ref('Problem'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { viewer } = request;
      const { id } = request.params;
      if (!viewer.canName(id)) {
        throw new ForbiddenError(
          viewer.role === 'member'
            ? 'a member token shows only its own person'
            : `person "${id}" is outside what this ${viewer.role} token may see by name`,
        );
      }
      const query = reportQuery(request.query);
      // The person's page gives the window, profile and flags (and 404 for an unknown id).
      const view = await app.services.cached(`person|${id}|${JSON.stringify(query)}`, () =>
        app.services.analytics.personView(id, query),
      );
      const body = await app.services.cached(
        viewerKey(request, `follow-up|${id}`, query),
        async () => {
          const changes = await app.services.cached(
            `follow-up|${id}|${JSON.stringify(query)}`,
            () => followUp(app.services.store, id, view.window, query),
          );
          const { person, name, team } = view.profile;
          return presentPeople(
            {
              ...changes,
              profile: { person, name, team },
              flags: view.flags,
              reasons: view.reasons,
            },
            viewer,
            await app.services.directory(),
          );
        },
      );
      app.services.audit.write({
        tokenId: viewer.tokenId,
        role: viewer.role,
        viewer: viewer.person,
        action: 'view person',
        subject: id,
        detail: request.url,
      });
      return reply.send(body);
    },
  );
};

export default followUpRoute;
