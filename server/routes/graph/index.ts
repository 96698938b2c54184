import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentGraph } from '../../access/present-graph.ts';
import { GraphSchema } from '../../api/responses.ts';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { reportQuery, sendCached } from '../shared.ts';

const graph: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager'] },
      schema: {
        summary: 'The who-helps-whom network, ready to draw',
        description:
          'Compact parallel arrays: node i has id[i], label[i], x[i], y[i] …; edge j goes from ' +
          'node source[j] to node target[j] (helper → helped). Positions come from ForceAtlas2 ' +
          'on the server. Above 10,000 people or 100,000 ties the default (level=auto) is the ' +
          'community-level graph; `community` gives one community’s people. People the token ' +
          'may not see by name carry an alias (`pseudonymised[i]`) and no label, and for ' +
          'non-admins nodes come in the order of a keyed hash, not of ids.',
        tags: ['network'],
        querystring: Type.Object({
          ...reportQueryProperties,
          minWeight: Type.Optional(Type.Number({ minimum: 0 })),
          level: Type.Optional(
            Type.Union([Type.Literal('auto'), Type.Literal('people'), Type.Literal('communities')]),
          ),
          community: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: GraphSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { minWeight, level, community } = request.query;
      const { viewer } = request;
      const query = { ...reportQuery(request.query), minWeight, level, community };
      // Serialised once per viewer and data version, gzipped once when large: a warm graph is a
      // buffer written as it is, and XL's default one (550 KB) goes as 120 KB.
      return sendCached(app, request, reply, ['graph', query], async () => {
        const view = await app.analytics.compute(
          viewer,
          `graph|${JSON.stringify(query)}`,
          query,
          (analytics) => analytics.graphView(query),
        );
        return presentGraph(view, await app.viewers.audience(viewer));
      });
    },
  );
};

export default graph;
