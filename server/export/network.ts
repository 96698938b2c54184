import { DirectedGraph } from 'graphology';
import type { ReportCoverage } from '../analytics/coverage.ts';
import type { Window } from '../analytics/window.ts';
import type { Reports, ReportQuery } from '../reports/reports.ts';

export interface ExportNodeAttributes {
  label: string;
  name: string | null;
  team: string | null;
  community: number | null;
  pagerank: number;
  betweenness: number;
  flags: string;
  [key: string]: unknown;
}

/**
 * The tie graph of a window with what Gephi users look for on each person: name, team,
 * community, PageRank, betweenness and isolation flags; ties carry weight and interactions. The
 * graph's description says which window it is and which sources cover it.
 */
export async function annotatedGraph(
  reports: Reports,
  query: ReportQuery,
): Promise<DirectedGraph<ExportNodeAttributes>> {
  const [{ graph }, people, isolation, scope] = await Promise.all([
    reports.graph(query),
    reports.people(query),
    reports.isolation(query),
    reports.scope(query),
  ]);
  const byPerson = new Map(people.people.map((p) => [p.person, p]));
  const flags = new Map(isolation.people.map((p) => [p.person, p.flags.join(', ')]));
  for (const { person } of isolation.notCovered) flags.set(person, 'outside the data');
  for (const { person } of isolation.neverActive) flags.set(person, 'never active');
  const out = new DirectedGraph<ExportNodeAttributes>();
  out.replaceAttributes({ creator: 'helpflow', description: describeScope(scope).join('. ') });
  graph.forEachNode((person, attributes) => {
    const metrics = byPerson.get(person)!;
    out.addNode(person, {
      label: attributes.name ?? person,
      name: attributes.name,
      team: attributes.team,
      community: metrics.community,
      pagerank: metrics.pagerank,
      betweenness: metrics.betweenness,
      flags: flags.get(person) ?? '',
    });
  });
  graph.forEachEdge((_edge, attributes, source, target) => {
    out.addDirectedEdgeWithKey(edgeKey(source, target), source, target, {
      weight: attributes.weight,
      interactions: attributes.interactions,
    });
  });
  return out;
}

/**
 * A tie's id in the files: `helper->helped`, so that the same data exports the same bytes
 * (graphology's own keys, `geid_<graph>_<n>`, count the graphs the process made before) and an
 * id says which tie it is. `%` and `>` in a person id are escaped as in URLs, so the one `>` left
 * is the arrow's and no two ties share an id.
 */
export function edgeKey(helper: string, helped: string): string {
  const part = (id: string) => id.replaceAll('%', '%25').replaceAll('>', '%3E');
  return `${part(helper)}->${part(helped)}`;
}

/** What an export holds, a line each: its window, the sources covering it, any warnings. */
export function describeScope(scope: { window: Window; coverage: ReportCoverage }): string[] {
  const { window, coverage } = scope;
  const sources = coverage.sources.map((s) => `${s.source} (${s.window})`).join(', ');
  return [
    `help ties from ${window.from} to ${window.to} (end exclusive)`,
    `sources covering it: ${sources || 'none'}`,
    ...coverage.warnings.map((warning) => `warning: ${warning}`),
  ];
}
