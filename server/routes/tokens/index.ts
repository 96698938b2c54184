import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createToken, listTokens, revokeToken, ROLES, TokenError } from '../../access/tokens.ts';
import { BadRequestError, NotFoundError } from '../../api/errors.ts';
import { Exact } from '../../api/responses.ts';
import { errorResponses } from '../../api/schemas.ts';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);
const TokenInfo = Exact({
  tokenId: Type.String(),
  role: Type.String(),
  personId: Nullable(Type.String()),
  label: Nullable(Type.String()),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

/**
 * Tokens over the API: while the server runs it holds the database, so this is how an admin
 * makes and revokes tokens then (the CLI does the same while it is stopped).
 */
const tokens: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'List API tokens (never their secrets)',
        tags: ['access'],
        response: { 200: Exact({ tokens: Type.Array(TokenInfo) }), ...errorResponses },
      },
    },
    async () => ({ tokens: await listTokens(app.store) }),
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Make a token; the response is the only time it is shown',
        tags: ['access'],
        body: Type.Object({
          role: Type.Union(ROLES.map((role) => Type.Literal(role))),
          person: Type.Optional(Type.String()),
          label: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          201: Exact({ token: Type.String(), info: TokenInfo }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      try {
        const made = await createToken(app.store, {
          role: request.body.role,
          personId: request.body.person,
          label: request.body.label,
        });
        return reply.status(201).send(made);
      } catch (error) {
        if (error instanceof TokenError) {
          throw Object.assign(new BadRequestError(error.message), { field: 'person' });
        }
        throw error;
      }
    },
  );

  app.delete(
    '/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Revoke a token: it stops working at once',
        tags: ['access'],
        params: Type.Object({ id: Type.String() }),
        response: { 204: Type.Null(), 404: Type.Ref('Problem'), ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        await revokeToken(app.store, request.params.id);
      } catch (error) {
        if (error instanceof TokenError) throw new NotFoundError(error.message);
        throw error;
      }
      app.tokens.forget();
      return reply.status(204).send(null);
    },
  );
};

export default tokens;
