import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { Problem } from '../api/schemas.ts';

/** The OpenAPI document at /api/docs/json, made from the routes' schemas, and its UI. */
export default fp(
  async (app) => {
    app.addSchema(Problem);
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'helpflow API',
          version: '1',
          description:
            'Who helps whom, from collaboration metadata. Every route but health and these docs ' +
            'needs "Authorization: Bearer <token>" (`helpflow token create`). What a response ' +
            'shows follows the token’s role; errors are application/problem+json.',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        },
        security: [{ bearer: [] }],
      },
      refResolver: {
        buildLocalReference: (json, _base, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'helpflow-docs' },
);
