import { DirectedGraph } from 'graphology';
import type { PersonAttributes, RosterPerson, TieRow } from './model.ts';

// In model.ts with the rest of what the store hands the analytics; re-exported for importers.
export type { PersonAttributes, RosterPerson, TieRow };

/**
 * The who-helps-whom graph of one window: a node per person on the roster (people with no tie in
 * the window included: they are the isolated ones), a directed edge per tie, helper → helped.
 * Built only from ties aggregated in SQL (server/store/analytics-queries.ts), never from raw
 * interactions. The reports work on the same ties as a `HelpNetwork` (network.ts), far cheaper
 * to build; a graph is built for those who hand one on (exports).
 */

export interface TieAttributes {
  /** Sum of the interactions' weights (their own, else their kind's). */
  weight: number;
  /** Number of interactions. */
  interactions: number;
}

export type HelpGraph = DirectedGraph<PersonAttributes, TieAttributes>;

/**
 * Builds the graph. Ties whose ends are not on the roster are an error of the caller (the SQL
 * joins guarantee they are), so they throw rather than silently vanish.
 */
export function buildHelpGraph(roster: readonly RosterPerson[], ties: Iterable<TieRow>): HelpGraph {
  const graph: HelpGraph = new DirectedGraph<PersonAttributes, TieAttributes>();
  for (const { person, ...attributes } of roster) graph.addNode(person, attributes);
  for (const tie of ties) {
    try {
      graph.addDirectedEdge(tie.helper, tie.helped, {
        weight: tie.weight,
        interactions: tie.interactions,
      });
    } catch (error) {
      // Looked up only on failure: two lookups a tie cost about a tenth of the build.
      if (!graph.hasNode(tie.helper) || !graph.hasNode(tie.helped)) {
        throw new Error(
          `buildHelpGraph: tie ${tie.helper} -> ${tie.helped} names a person not on the roster`,
        );
      }
      throw error;
    }
  }
  return graph;
}
