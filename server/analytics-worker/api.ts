import { graphFile, type GraphFormat } from '../export/graph-file.ts';
import { graphView, type GraphViewQuery } from '../reports/graph-view.ts';
import { personView } from '../reports/person-view.ts';
import type { Reports, ReportQuery } from '../reports/reports.ts';
import type { StoreReader } from '../store/database.ts';

export const REPORT_NAMES = [
  'people',
  'isolation',
  'experts',
  'communities',
  'flows',
  'trends',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
/** The query a report takes (`search` for experts, `by` for flows, …). */
export type ReportQueryOf<N extends ReportName> = NonNullable<Parameters<Reports[N]>[0]>;
export type ReportResult<N extends ReportName> = Awaited<ReturnType<Reports[N]>>;

/**
 * What the analytics worker answers: the one definition of its methods. The worker serves this
 * object (worker.ts) and the API's thread calls it through `AnalyticsWorker.api`, whose type is
 * this object's, so a method's name, arguments and result are written here and nowhere else.
 * Every method returns a promise: the remote signature is the local one, generics included.
 */
export function workerApi(reports: Reports, store: StoreReader) {
  return {
    window: (query: ReportQuery) => reports.window(query),
    /** The window of a query, and which sources cover it (for exports). */
    scope: (query: ReportQuery) => reports.scope(query),
    report: async <N extends ReportName>(
      name: N,
      query: ReportQueryOf<N>,
    ): Promise<ReportResult<N>> => {
      if (!REPORT_NAMES.includes(name)) throw new Error(`unknown report "${name}"`);
      const run = reports[name].bind(reports) as (
        query: ReportQueryOf<N>,
      ) => Promise<ReportResult<N>>;
      return run(query);
    },
    graphView: (query: GraphViewQuery) => graphView(reports, query),
    personView: (person: string, query: ReportQuery) => personView(reports, store, person, query),
    /** The tie graph as a file (server/export/graph-file.ts). */
    exportGraph: (format: GraphFormat, query: ReportQuery) =>
      graphFile(format, reports, store, query),
  };
}

export type WorkerApi = ReturnType<typeof workerApi>;
