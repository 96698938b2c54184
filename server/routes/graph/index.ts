import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Viewer } from '../../access/viewer.ts';
import { errorResponses, Open, reportQueryProperties } from '../../api/schemas.ts';
import type { GraphView } from '../../reports/graph-view.ts';
import { reportQuery, viewerKey } from '../shared.ts';

const Numbers = Type.Array(Type.Number());

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
          'may not see by name carry an alias and no label.',
        tags: ['network'],
        querystring: Type.Object({
          ...reportQueryProperties,
          minWeight: Type.Optional(Type.Number({ minimum: 0 })),
          level: Type.Optional(
            Type.Union([Type.Literal('auto'), Type.Literal('people'), Type.Literal('communities')]),
          ),
          community: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: {
          200: Open({
            level: Type.String(),
            nodes: Open({
              id: Type.Array(Type.Union([Type.String(), Type.Number()])),
              x: Numbers,
              y: Numbers,
            }),
            edges: Open({ source: Numbers, target: Numbers, weight: Numbers }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { minWeight, level, community } = request.query;
      const query = { ...reportQuery(request.query), minWeight, level, community };
      const body = await app.services.cached(viewerKey(request, 'graph', query), async () => {
        const view = await app.services.cached(`graph|${JSON.stringify(query)}`, () =>
          app.services.analytics.graphView(query),
        );
        // Serialised once per viewer and data version: a warm graph is a buffer written as it is.
        return Buffer.from(JSON.stringify(shapeGraph(view, request.viewer)));
      });
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
};

function shapeGraph(view: GraphView, viewer: Viewer): GraphView {
  if (view.level === 'communities' || viewer.scope === null) return view;
  const { id, label, flags } = view.nodes;
  const showFlags = viewer.role === 'analyst';
  return {
    ...view,
    nodes: {
      ...view.nodes,
      id: id.map((person) => (viewer.canName(person) ? person : viewer.pseudonym(person))),
      label: label.map((name, i) => (viewer.canName(id[i]!) ? name : null)),
      flags: flags.map((list, i) => (showFlags || viewer.canName(id[i]!) ? list : [])),
    },
  };
}

export default graph;
