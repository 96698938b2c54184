import { DirectedGraph } from 'graphology';
import type { GraphResponse } from '../api/types.ts';

/**
 * The network as a graphology graph: the model the Sigma view draws. The API sends compact
 * parallel arrays; here they become nodes with their attributes. Appearance (colour, size) is
 * set by appearance.ts, and what hovering or searching changes lives in the reducers, so the
 * model itself only changes when new data arrives.
 */

export interface NodeData {
  x: number;
  y: number;
  /** What Sigma draws beside the node; null for pseudonymised people. */
  label: string | null;
  size: number;
  color: string;
  /** Person id (or alias), or community id for the community-level graph. */
  key: string;
  kind: 'person' | 'community';
  team: string | null;
  community: number | null;
  /** The community's name (what its members share); null outside any community. */
  communityName: string | null;
  pagerank: number;
  helpGiven: number;
  helpReceived: number;
  /** Members, for a community. */
  members: number;
  flags: string[];
  pseudonymised: boolean;
}

export interface EdgeData {
  weight: number;
  size: number;
  color: string;
  type?: string;
}

export type NetworkGraph = DirectedGraph<NodeData, EdgeData>;

export function buildGraph(view: GraphResponse): NetworkGraph {
  const graph: NetworkGraph = new DirectedGraph();
  const keys: string[] = [];
  if (view.level === 'people') {
    const n = view.nodes;
    const names = new Map(view.communities.id.map((id, i) => [id, view.communities.name[i]!]));
    n.id.forEach((id, i) => {
      keys.push(id);
      graph.addNode(id, {
        x: n.x[i]!,
        y: n.y[i]!,
        label: n.label[i] ?? null,
        size: 4,
        color: '#999',
        key: id,
        kind: 'person',
        team: n.team[i] ?? null,
        community: n.community[i] ?? null,
        communityName: names.get(n.community[i] ?? -1) ?? null,
        pagerank: n.pagerank[i]!,
        helpGiven: n.helpGiven[i]!,
        helpReceived: n.helpReceived[i]!,
        members: 1,
        flags: n.flags[i] ?? [],
        pseudonymised: n.pseudonymised[i] ?? true,
      });
    });
  } else {
    const n = view.nodes;
    n.id.forEach((id, i) => {
      const key = `community-${id}`;
      keys.push(key);
      graph.addNode(key, {
        x: n.x[i]!,
        y: n.y[i]!,
        label: n.label[i]!,
        size: 4,
        color: '#999',
        key: String(id),
        kind: 'community',
        team: n.mainTeam[i] ?? null,
        community: id,
        communityName: n.label[i]!,
        pagerank: 0,
        helpGiven: 0,
        helpReceived: 0,
        members: n.size[i]!,
        flags: [],
        pseudonymised: false,
      });
    });
  }
  const { source, target, weight } = view.edges;
  const maxWeight = Math.max(1, ...weight);
  source.forEach((s, j) => {
    const w = weight[j]!;
    const [helper, helped] = [keys[s]!, keys[target[j]!]!];
    graph.addDirectedEdgeWithKey(tieKey(helper, helped), helper, helped, {
      weight: w,
      size: 0.5 + 2.5 * Math.sqrt(w / maxWeight),
      color: '#B8B8B8',
    });
  });
  return graph;
}

/**
 * A tie's key, and so its id in a GEXF saved from the dashboard: `helper->helped`, as the API's
 * exports name it (server/export/network.ts, whose edgeKey this must equal: a test holds the
 * two together), so that the same view saves the same file and an id says which tie it is.
 * Graphology's own keys count the graphs the page made before. `%` and `>` in a node's key are
 * escaped as in URLs, so the one `>` left is the arrow's.
 */
export function tieKey(helper: string, helped: string): string {
  const part = (key: string) => key.replaceAll('%', '%25').replaceAll('>', '%3E');
  return `${part(helper)}->${part(helped)}`;
}

/** Neighbours of a node in either direction: the ties hovering lights up. */
export function neighbourhood(graph: NetworkGraph, node: string): Set<string> {
  return new Set([node, ...graph.neighbors(node)]);
}
