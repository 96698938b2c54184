import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditDetail, auditSubject } from '../../access/audit.ts';
import { presentPeopleSearch, presentPersonView } from '../../access/present-person.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../api/errors.ts';
import { OptOutSchema, PeopleSearchSchema, PersonViewSchema } from '../../api/responses.ts';
import { errorResponses, ReportQuery } from '../../api/schemas.ts';
import { searchPeople, setOptedOut } from '../../store/people-queries.ts';
import { reportQuery, sendCached } from '../shared.ts';
import followUpRoute from './follow-up.ts';
import rights from './rights.ts';

const PERSON_ROUTE = '/api/v1/people/:id';

const people: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(followUpRoute);
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
        response: { 200: PeopleSearchSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { viewer } = request;
      const found = await searchPeople(app.store, {
        text: request.query.search,
        team: request.query.team,
        limit: viewer.scope === null ? request.query.limit : 100_000,
      });
      return presentPeopleSearch(found, await app.viewers.audience(viewer), request.query.limit);
    },
  );

  app.get(
    '/:id',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: "A person's page: profile, metrics, flags, ego network, trend, help partners",
        description:
          'Written to the audit log, and so is a refused request. Only for people the token ' +
          'may see by name; partners it may not name come by alias.',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        querystring: ReportQuery,
        response: { 200: PersonViewSchema, 404: Type.Ref('Problem'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { viewer } = request;
      const { id } = request.params;
      const entry = {
        tokenId: viewer.tokenId,
        role: viewer.role,
        viewer: viewer.person,
        subject: auditSubject(id),
        detail: auditDetail(PERSON_ROUTE, request.query),
      };
      if (!viewer.canName(id)) {
        app.audit.write({ ...entry, action: 'refused view person' });
        throw new ForbiddenError(
          viewer.role === 'member'
            ? 'a member token shows only its own person'
            : `this person is outside what this ${viewer.role} token may see by name`,
        );
      }
      const query = reportQuery(request.query);
      // Serialised once per viewer and data version: a warm page is a buffer written as it is.
      const sent = await sendCached(app, request, reply, [`person|${id}`, query], async () => {
        const view = await app.analytics.compute(
          viewer,
          `person|${id}|${JSON.stringify(query)}`,
          query,
          (analytics) => analytics.personView(id, query),
        );
        return presentPersonView(view, await app.viewers.audience(viewer));
      });
      app.audit.write({ ...entry, action: 'view person' });
      return sent;
    },
  );

  app.put(
    '/:id/opt-out',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Opt a person out of every analysis and view (or back in)',
        description:
          '`optedOut` must be the JSON boolean true or false; nothing else is read as one.',
        tags: ['people'],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ optedOut: Type.Boolean() }),
        response: { 200: OptOutSchema, 404: Type.Ref('Problem'), ...errorResponses },
      },
      // Before validation, which coerces query strings and so would read null, 0 or "false" as
      // false: opting someone back in takes an explicit false.
      preValidation: async (request) => {
        const value = (request.body as { optedOut?: unknown } | null)?.optedOut;
        if (typeof value !== 'boolean') {
          throw Object.assign(
            new BadRequestError('body field "optedOut" must be the JSON boolean true or false'),
            { field: 'optedOut' },
          );
        }
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await setOptedOut(app.store, id, request.body.optedOut))) {
        throw new NotFoundError(`there is no person "${id}"`);
      }
      app.caches.dataChanged();
      return { person: id, optedOut: request.body.optedOut };
    },
  );
};

export default people;
