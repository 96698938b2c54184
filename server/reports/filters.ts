import type { Filters } from '../store/analytics-queries.ts';

/**
 * The report filters, defined once: the window and what narrows the help counted. `ReportQuery`,
 * the routes' query strings (api/schemas.ts), the command line's options and the cache keys
 * derive from this list, so a new filter is added here and nowhere else by hand.
 */

const TIME = 'ISO 8601 date or date-time, UTC unless it says otherwise';

/** Each filter, in the order every list of them uses, with what it means (API docs). */
export const REPORT_FILTERS = {
  from: `window start, inclusive (${TIME})`,
  to: `window end, exclusive (${TIME})`,
  team: 'only this team and the ties among its people',
  topic: 'only help on this topic',
  source: 'only this source (slack, github, …)',
  kind: 'only this kind of help (reply, review, …)',
} as const;

export type ReportFilter = keyof typeof REPORT_FILTERS;

export const REPORT_FILTER_NAMES = Object.keys(REPORT_FILTERS) as ReportFilter[];

/** The filters of a report: a window (else the default one) and what narrows the help. */
export type ReportQuery = Pick<Filters, ReportFilter>;

/** The filters `value` gives (a command's options, a query string), leaving out those it lacks. */
export function reportFilters(value: (name: ReportFilter) => string | undefined): ReportQuery {
  const query: ReportQuery = {};
  for (const name of REPORT_FILTER_NAMES) {
    const given = value(name);
    if (given !== undefined) query[name] = given;
  }
  return query;
}

/** Every filter of `query`, present or not, in order: for cache keys and the like. */
export function filterValues(query: ReportQuery): (string | undefined)[] {
  return REPORT_FILTER_NAMES.map((name) => query[name]);
}

/** The filters alone, without a query's other parameters (undefined where not given). */
export function onlyFilters(query: ReportQuery): ReportQuery {
  return Object.fromEntries(REPORT_FILTER_NAMES.map((name) => [name, query[name]]));
}

/** The command line's options for the filters (`--from`, … `--kind`). */
export const FILTER_OPTIONS = Object.fromEntries(
  REPORT_FILTER_NAMES.map((name) => [name, { type: 'string' }]),
) as Record<ReportFilter, { type: 'string' }>;
