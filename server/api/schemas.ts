import { Type, type Static } from '@fastify/type-provider-typebox';

/**
 * Schemas shared by the routes' input: they validate it and feed OpenAPI. Response schemas are
 * in responses.ts.
 */

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable, for programs' }),
    detail: Type.String({ description: 'what went wrong and what to fix' }),
    field: Type.Optional(Type.String({ description: 'the parameter at fault' })),
  },
  { $id: 'Problem' },
);

const TIME = 'ISO 8601 date or date-time, UTC unless it says otherwise';

/** The report filters, for routes that add their own parameters to them. */
export const reportQueryProperties = {
  from: Type.Optional(Type.String({ description: `window start, inclusive (${TIME})` })),
  to: Type.Optional(Type.String({ description: `window end, exclusive (${TIME})` })),
  team: Type.Optional(Type.String({ description: 'only this team and the ties among its people' })),
  topic: Type.Optional(Type.String({ description: 'only help on this topic' })),
  source: Type.Optional(Type.String({ description: 'only this source (slack, github, …)' })),
  kind: Type.Optional(Type.String({ description: 'only this kind of help (reply, review, …)' })),
};
export const ReportQuery = Type.Object(reportQueryProperties);
export type ReportQueryType = Static<typeof ReportQuery>;

export const errorResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
};
