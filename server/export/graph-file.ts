import { write as writeGexf } from 'graphology-gexf';
import type { ReportQuery, Reports } from '../reports/reports.ts';
import { readTies } from '../store/analytics-queries.ts';
import type { StoreReader } from '../store/database.ts';
import { toCsv } from './csv.ts';
import { writeGraphml } from './graphml.ts';
import { annotatedGraph } from './network.ts';

/**
 * The tie graph of a window as a file, in one place for `helpflow export`, the analytics worker
 * and GET /export: the ties as CSV, or the annotated graph (network.ts) as GEXF or GraphML.
 */

export const GRAPH_FORMATS = ['csv', 'gexf', 'graphml'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export const CONTENT_TYPES: Record<GraphFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  gexf: 'application/gexf+xml; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
};

export interface GraphFile {
  text: string;
  /** People in the file; null for CSV, which lists ties only. */
  people: number | null;
  ties: number;
}

/**
 * `query` should carry the reports' own window (`reports.scope(query).window`), so that an
 * export and a report of the same query agree.
 */
export async function graphFile(
  format: GraphFormat,
  reports: Reports,
  store: StoreReader,
  query: ReportQuery,
): Promise<GraphFile> {
  if (format === 'csv') {
    const ties = await readTies(store, query);
    return { text: toCsv(ties), people: null, ties: ties.length };
  }
  const graph = await annotatedGraph(reports, query);
  return {
    text: format === 'gexf' ? writeGexf(graph) : writeGraphml(graph),
    people: graph.order,
    ties: graph.size,
  };
}
