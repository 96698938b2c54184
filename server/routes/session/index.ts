import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentSession } from '../../access/present-person.ts';
import { SessionSchema } from '../../api/responses.ts';
import { errorResponses } from '../../api/schemas.ts';

/**
 * Who the token is: its role and its person. The dashboard asks this once at sign-in to choose
 * the views the role may open, instead of trying routes and reading refusals.
 */
const session: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: 'The role and person of this token',
        tags: ['service'],
        response: { 200: SessionSchema, ...errorResponses },
      },
    },
    async (request) => presentSession(await app.viewers.audience(request.viewer)),
  );
};

export default session;
