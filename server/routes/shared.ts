import type { FastifyRequest } from 'fastify';
import type { ReportQuery } from '../reports/reports.ts';
import type { ReportQueryType } from '../api/schemas.ts';

/** The report filters of a request's query string, without empty values. */
export function reportQuery(query: ReportQueryType): ReportQuery {
  const out: ReportQuery = {};
  for (const key of ['from', 'to', 'team', 'topic', 'source', 'kind'] as const) {
    const value = query[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** A cache key for a response shaped for this request's viewer. */
export function viewerKey(request: FastifyRequest, route: string, query: unknown): string {
  return `${route}|${request.viewer.cacheKey}|${JSON.stringify(query)}`;
}
