import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, PersonRef } from '../../api/schemas.ts';

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
        response: {
          200: Type.Object({
            role: Type.String(),
            person: Type.Union([Type.Object(PersonRef), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { viewer } = request;
      if (!viewer.person) return { role: viewer.role, person: null };
      const entry = (await app.services.directory()).get(viewer.person);
      return {
        role: viewer.role,
        person: { person: viewer.person, name: entry?.name ?? null, team: entry?.team ?? null },
      };
    },
  );
};

export default session;
