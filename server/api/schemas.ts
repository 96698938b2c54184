import { Type, type Static, type TOptional, type TString } from '@fastify/type-provider-typebox';
import { REPORT_FILTER_NAMES, REPORT_FILTERS, type ReportFilter } from '../reports/filters.ts';

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

/** The report filters (reports/filters.ts), for routes that add their own parameters to them. */
export const reportQueryProperties = Object.fromEntries(
  REPORT_FILTER_NAMES.map((name) => [
    name,
    Type.Optional(Type.String({ description: REPORT_FILTERS[name] })),
  ]),
) as Record<ReportFilter, TOptional<TString>>;
export const ReportQuery = Type.Object(reportQueryProperties);
export type ReportQueryType = Static<typeof ReportQuery>;

export const errorResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
};
