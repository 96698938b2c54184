import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errorResponses,
  Open,
  PersonRef,
  reportQueryProperties,
  Window,
} from '../../api/schemas.ts';
import { reportQuery } from '../shared.ts';

const experts: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: 'Who to ask about a topic, with the evidence, and the topic’s bus factor',
        description:
          'The expert directory names people for every role: being findable as the go-to ' +
          'person is its purpose. Opted-out people never appear. `topic` is a topic or a ' +
          'search string matched against topics and contexts.',
        tags: ['reports'],
        querystring: Type.Object({
          ...reportQueryProperties,
          topic: Type.String({
            minLength: 1,
            description: 'a topic, or text to search topics for',
          }),
        }),
        response: {
          200: Open({
            window: Window,
            experts: Type.Array(
              Open({ ...PersonRef, score: Type.Number(), peopleHelped: Type.Number() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { topic, ...rest } = reportQuery(request.query);
      const query = { ...rest, search: topic ?? '' };
      return app.services.report('experts', query);
    },
  );
};

export default experts;
