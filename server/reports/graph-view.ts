import { layout, type LayoutEdge } from '../analytics/layout.ts';
import type { Window } from '../analytics/window.ts';
import { onlyFilters } from './filters.ts';
import type { Reports, ReportQuery } from './reports.ts';
import { ReportError } from './report-error.ts';

/**
 * The network ready for Sigma: compact parallel arrays (a node's attributes at the same index
 * in every array, edges as index pairs), with positions laid out on the server. A graph too
 * large to draw whole comes as its community-level graph unless the caller asks for people; a
 * community's own people-level graph comes with `community`.
 */

export interface GraphViewQuery extends ReportQuery {
  /** Leave out ties lighter than this. */
  minWeight?: number | undefined;
  /** 'auto' (default): people, unless the graph is larger than the limits below. */
  level?: 'auto' | 'people' | 'communities' | undefined;
  /** Only the members of this community (and the ties among them). */
  community?: number | undefined;
}

export const GRAPH_VIEW_LIMITS = {
  /** Above this many people, or ties, 'auto' shows communities. */
  people: 10_000,
  ties: 100_000,
};

export interface PeopleGraphView {
  window: Window;
  level: 'people';
  /** People and ties in the window before `minWeight`, `community` and the tie limit. */
  total: { people: number; ties: number };
  /** Ties left out: lighter than minWeight, or beyond the tie limit (the lightest go first). */
  omittedTies: number;
  nodes: {
    id: string[];
    label: (string | null)[];
    team: (string | null)[];
    community: (number | null)[];
    x: number[];
    y: number[];
    pagerank: number[];
    betweenness: number[];
    helpGiven: number[];
    helpReceived: number[];
    /** Isolation flags ('isolated', 'fading', …); empty for most. */
    flags: string[][];
  };
  edges: { source: number[]; target: number[]; weight: number[] };
  /** The name of each community in `nodes.community`, for legends. */
  communities: { id: number[]; name: string[] };
}

export interface CommunityGraphView {
  window: Window;
  level: 'communities';
  total: { people: number; ties: number };
  /** People with no tie in the window: in no community, not drawn. */
  unconnected: number;
  nodes: {
    id: number[];
    label: string[];
    size: number[];
    /** The community's largest team and its share of members. */
    mainTeam: (string | null)[];
    x: number[];
    y: number[];
  };
  edges: { source: number[]; target: number[]; weight: number[]; ties: number[] };
}

export type GraphView = PeopleGraphView | CommunityGraphView;

export async function graphView(reports: Reports, query: GraphViewQuery): Promise<GraphView> {
  const minWeight = query.minWeight ?? 0;
  if (!(minWeight >= 0)) {
    throw new ReportError('BAD_MIN_WEIGHT', 'minWeight must be a number ≥ 0', 'minWeight');
  }
  const report = pick(query);
  // The network's size decides the level; a community-level drawing needs only the window's
  // communities (not the person metrics, nor the previous window's communities, nor a
  // graphology graph): the cold first frame of a large organisation waits for no more.
  const { window, network } = await reports.network(report);
  const total = { people: network.people.length, ties: network.helper.length };
  const tooLarge = total.people > GRAPH_VIEW_LIMITS.people || total.ties > GRAPH_VIEW_LIMITS.ties;
  const level = query.level ?? 'auto';
  if (
    query.community === undefined &&
    (level === 'communities' || (level === 'auto' && tooLarge))
  ) {
    const { result: communities } = await reports.partition(report);
    const { assignment } = communities;
    const edges = new Map<string, { weight: number; ties: number }>();
    for (let k = 0; k < network.helper.length; k++) {
      const a = assignment[network.people[network.helper[k]!]!.person];
      const b = assignment[network.people[network.helped[k]!]!.person];
      if (a === undefined || b === undefined || a === b) continue;
      const key = `${a}>${b}`;
      const entry = edges.get(key) ?? { weight: 0, ties: 0 };
      entry.weight += network.weight[k]!;
      entry.ties += 1;
      edges.set(key, entry);
    }
    const list = [...edges].map(([key, value]) => {
      const [source, target] = key.split('>').map(Number) as [number, number];
      return { source, target, ...value };
    });
    const index = new Map(communities.communities.map((c, i) => [c.id, i]));
    const positions = layout(
      communities.communities.length,
      list.map((edge) => ({
        source: index.get(edge.source)!,
        target: index.get(edge.target)!,
        weight: edge.weight,
      })),
      { seed: 42 },
    );
    return {
      window,
      level: 'communities',
      total,
      unconnected: total.people - Object.keys(assignment).length,
      nodes: {
        id: communities.communities.map((c) => c.id),
        label: communities.communities.map((c) => c.name),
        size: communities.communities.map((c) => c.size),
        mainTeam: communities.communities.map((c) => c.teams[0]?.team ?? null),
        x: communities.communities.map((_c, i) => positions[2 * i]!),
        y: communities.communities.map((_c, i) => positions[2 * i + 1]!),
      },
      edges: {
        source: list.map((edge) => index.get(edge.source)!),
        target: list.map((edge) => index.get(edge.target)!),
        weight: list.map((edge) => edge.weight),
        ties: list.map((edge) => edge.ties),
      },
    };
  }

  const [{ graph }, people, { result: communities }] = await Promise.all([
    reports.graph(report),
    reports.people(report),
    reports.partition(report),
  ]);
  let members: Set<string> | null = null;
  if (query.community !== undefined) {
    const community = communities.communities.find((c) => c.id === query.community);
    if (!community) {
      throw new ReportError(
        'UNKNOWN_COMMUNITY',
        `there is no community ${query.community} in this window`,
        'community',
      );
    }
    members = new Set(community.members);
  }
  const byPerson = new Map(people.people.map((person) => [person.person, person]));
  const isolation = await reports.isolation(report);
  const flags = new Map(isolation.people.map((person) => [person.person, person.flags]));
  const ids = members ? [...members].sort() : graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  let candidates: LayoutEdge[] = [];
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (attributes.weight < minWeight) return;
    const s = index.get(source);
    const t = index.get(target);
    if (s === undefined || t === undefined) return;
    candidates.push({ source: s, target: t, weight: attributes.weight });
  });
  const inView = members ? candidates.length : total.ties;
  if (candidates.length > GRAPH_VIEW_LIMITS.ties) {
    candidates.sort((a, b) => b.weight - a.weight);
    candidates = candidates.slice(0, GRAPH_VIEW_LIMITS.ties);
  }
  const positions = layout(ids.length, candidates, { seed: 42 });
  const metric = (id: string) => byPerson.get(id)!;
  return {
    window,
    level: 'people',
    total,
    omittedTies: inView - candidates.length,
    nodes: {
      id: ids,
      label: ids.map((id) => graph.getNodeAttribute(id, 'name')),
      team: ids.map((id) => graph.getNodeAttribute(id, 'team')),
      community: ids.map((id) => metric(id).community),
      x: ids.map((_id, i) => positions[2 * i]!),
      y: ids.map((_id, i) => positions[2 * i + 1]!),
      pagerank: ids.map((id) => metric(id).pagerank),
      betweenness: ids.map((id) => metric(id).betweenness),
      helpGiven: ids.map((id) => metric(id).helpGiven),
      helpReceived: ids.map((id) => metric(id).helpReceived),
      flags: ids.map((id) => flags.get(id) ?? []),
    },
    edges: {
      source: candidates.map((edge) => edge.source),
      target: candidates.map((edge) => edge.target),
      weight: candidates.map((edge) => edge.weight),
    },
    communities: {
      id: communities.communities.map((c) => c.id),
      name: communities.communities.map((c) => c.name),
    },
  };
}

function pick(query: GraphViewQuery): ReportQuery {
  return onlyFilters(query);
}
