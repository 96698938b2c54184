import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../api/errors.ts';
import { ForgetSchema, PersonExportSchema } from '../../api/responses.ts';
import { errorResponses } from '../../api/schemas.ts';
import { ErasureError, forgetPerson } from '../../store/erasure.ts';
import { exportPerson, PersonNotFoundError } from '../../store/person-export.ts';

/**
 * A person's rights (GDPR art. 15 and 17), for the admin: everything stored about them, and
 * erasure. Both run in the import queue, so they never race an import, and both are audited.
 */
const rights: FastifyPluginAsyncTypebox = async (app) => {
  const by = (viewer: { tokenId: string | null; role: string; person: string | null }) => ({
    tokenId: viewer.tokenId,
    role: viewer.role,
    viewer: viewer.person,
  });

  app.get(
    '/:id/export',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Everything stored about a person (right of access), written to the audit log',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        response: {
          200: PersonExportSchema,
          404: Type.Ref('Problem'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      try {
        return await app.imports.exclusive(() =>
          exportPerson(app.imports.connection, request.params.id, by(request.viewer)),
        );
      } catch (error) {
        if (error instanceof PersonNotFoundError) throw new NotFoundError(error.message);
        throw error;
      }
    },
  );

  app.delete(
    '/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Erase a person and every event they took part in (right to erasure)',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        response: {
          200: ForgetSchema,
          404: Type.Ref('Problem'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      // Views of their page still queued would reach the audit log after the erasure, by name.
      await app.audit.flush();
      try {
        const result = await app.imports.exclusive(() =>
          forgetPerson(app.imports.connection, request.params.id, by(request.viewer)),
        );
        app.caches.dataChanged();
        app.tokens.forget();
        return result;
      } catch (error) {
        if (error instanceof ErasureError) throw new NotFoundError(error.message);
        throw error;
      }
    },
  );
};

export default rights;
