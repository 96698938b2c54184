import type { GraphResponse } from '../api/responses.ts';
import type { GraphView } from '../reports/graph-view.ts';
import { ordered, refOf, showsGroup, type Audience } from './audience.ts';

/**
 * The network for a viewer. People they may not name come as aliases, without label, and
 * without a team below the minimum group size; a manager sees flags of their own line only (an
 * analyst's purpose is the organisation's flags, pseudonymised). For non-admins nodes are put
 * in the order of a keyed hash and ties in the order of those positions: node i is no longer
 * the i-th person of the org chart.
 */
export function presentGraph(view: GraphView, audience: Audience): GraphResponse {
  if (view.level === 'communities') {
    const { nodes, edges } = view;
    // A community "mostly" of a team below the minimum would name that team's people.
    const mainTeam = nodes.mainTeam.map((team) =>
      team !== null && showsGroup(audience, team) ? team : null,
    );
    return {
      window: view.window,
      level: 'communities',
      total: view.total,
      unconnected: view.unconnected,
      nodes: {
        id: nodes.id,
        // Named by what members share; a name made of a withheld team is not shown.
        label: nodes.label.map((label, i) =>
          nodes.mainTeam[i] !== null &&
          mainTeam[i] === null &&
          label === `mostly ${nodes.mainTeam[i]}`
            ? 'no shared topic or context'
            : label,
        ),
        size: nodes.size,
        mainTeam,
        x: nodes.x,
        y: nodes.y,
      },
      edges: { source: edges.source, target: edges.target, weight: edges.weight, ties: edges.ties },
    };
  }
  const { viewer } = audience;
  const { nodes, edges } = view;
  const order = ordered(
    audience,
    nodes.id.map((_id, i) => i),
    (i) => nodes.id[i]!,
  );
  const position = new Int32Array(order.length);
  order.forEach((i, p) => (position[i] = p));
  const refs = order.map((i) => refOf(audience, nodes.id[i]!));
  const showsFlags = (i: number) => viewer.role !== 'manager' || viewer.canName(nodes.id[i]!);
  const ties = edges.source
    .map((source, j) => ({ source: position[source]!, target: position[edges.target[j]!]!, j }))
    .sort((a, b) => a.source - b.source || a.target - b.target);
  return {
    window: view.window,
    level: 'people',
    total: view.total,
    omittedTies: view.omittedTies,
    nodes: {
      id: refs.map((ref) => ref.person),
      pseudonymised: refs.map((ref) => ref.pseudonymised),
      label: refs.map((ref, p) => (ref.pseudonymised ? null : nodes.label[order[p]!]!)),
      team: refs.map((ref) => ref.team),
      community: order.map((i) => nodes.community[i]!),
      x: order.map((i) => nodes.x[i]!),
      y: order.map((i) => nodes.y[i]!),
      pagerank: order.map((i) => nodes.pagerank[i]!),
      betweenness: order.map((i) => nodes.betweenness[i]!),
      helpGiven: order.map((i) => nodes.helpGiven[i]!),
      helpReceived: order.map((i) => nodes.helpReceived[i]!),
      flags: order.map((i) => (showsFlags(i) ? nodes.flags[i]! : [])),
    },
    edges: {
      source: ties.map((tie) => tie.source),
      target: ties.map((tie) => tie.target),
      weight: ties.map((tie) => edges.weight[tie.j]!),
    },
    communities: {
      id: view.communities.id,
      // As on the community level: a name made of a withheld team is not shown.
      name: view.communities.name.map((name) =>
        name.startsWith('mostly ') && !showsGroup(audience, name.slice('mostly '.length))
          ? 'no shared topic or context'
          : name,
      ),
    },
  };
}
