import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPeople } from '../../access/privacy.ts';
import { ForbiddenError, NotFoundError } from '../../api/errors.ts';
import { errorResponses, Open, PersonRef, ReportQuery, Window } from '../../api/schemas.ts';
import { searchPeople, setOptedOut } from '../../store/people-queries.ts';
import { reportQuery, viewerKey } from '../shared.ts';
import rights from './rights.ts';

const Summary = Type.Object({
  ...PersonRef,
  email: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  manager: Type.Union([Type.String(), Type.Null()]),
});

const people: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(rights);
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: 'Find people by name, e-mail or id',
        description:
          'Only people the token may see by name are listed: everyone for admin, the reporting ' +
          'line for a manager (and an analyst with a person), oneself for a member.',
        tags: ['people'],
        querystring: Type.Object({
          search: Type.Optional(Type.String({ maxLength: 200 })),
          team: Type.Optional(Type.String()),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
        }),
        response: { 200: Type.Object({ people: Type.Array(Summary) }), ...errorResponses },
      },
    },
    async (request) => {
      const { viewer } = request;
      const scope = viewer.scope;
      const found = await searchPeople(app.services.store, {
        text: request.query.search,
        team: request.query.team,
        limit: scope === null ? request.query.limit : 100_000,
      });
      const visible = scope === null ? found : found.filter((p) => scope.has(p.person));
      return { people: visible.slice(0, request.query.limit) };
    },
  );

  app.get(
    '/:id',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: "A person's page: profile, metrics, flags, ego network, trend, help partners",
        description: 'Written to the audit log. Only for people the token may see by name.',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        querystring: ReportQuery,
        response: {
          200: Open({
            window: Window,
            profile: Open(PersonRef),
            metrics: Type.Union([Open({}), Type.Null()]),
            flags: Type.Array(Type.String()),
            reasons: Type.Array(Type.String()),
            ego: Open({ nodes: Type.Array(Open(PersonRef)), edges: Type.Array(Open({})) }),
            weeks: Type.Array(Open({ week: Type.String() })),
            helps: Type.Array(Open(PersonRef)),
            helpedBy: Type.Array(Open(PersonRef)),
          }),
          404: Type.Ref('Problem'),
          ...errorResponses,
        },
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
      const body = await app.services.cached(
        viewerKey(request, `person|${id}`, query),
        async () => {
          const view = await app.services.cached(`person|${id}|${JSON.stringify(query)}`, () =>
            app.services.analytics.personView(id, query),
          );
          // Serialised once per viewer and data version: a warm page is a buffer written as it is.
          return Buffer.from(
            JSON.stringify(presentPeople(view, viewer, await app.services.directory())),
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
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.put(
    '/:id/opt-out',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Opt a person out of every analysis and view (or back in)',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ optedOut: Type.Boolean() }),
        response: {
          200: Type.Object({ person: Type.String(), optedOut: Type.Boolean() }),
          404: Type.Ref('Problem'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await setOptedOut(app.services.store, id, request.body.optedOut))) {
        throw new NotFoundError(`there is no person "${id}"`);
      }
      app.services.dataChanged();
      return { person: id, optedOut: request.body.optedOut };
    },
  );
};

export default people;
