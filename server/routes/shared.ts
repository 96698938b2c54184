import type { FastifyRequest } from 'fastify';
import { reportFilters, type ReportQuery } from '../reports/filters.ts';
import type { ReportQueryType } from '../api/schemas.ts';

/** The report filters of a request's query string, without empty values. */
export function reportQuery(query: ReportQueryType): ReportQuery {
  return reportFilters((name) => (query[name] === '' ? undefined : query[name]));
}

/** A cache key for a response shaped for this request's viewer. */
export function viewerKey(request: FastifyRequest, route: string, query: unknown): string {
  return `${route}|${request.viewer.cacheKey}|${JSON.stringify(query)}`;
}
