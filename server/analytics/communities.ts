import louvain from 'graphology-communities-louvain';
import type Graph from 'graphology-types';
import { communityNames, type LabelWeights, type NameSource } from './community-names.ts';
import { undirectedTies } from './indices/undirected-ties.ts';
import { networkInput, type HelpNetwork } from './network.ts';
import { normalizedMutualInformation } from './nmi.ts';
import { mulberry32 } from './random.ts';

/**
 * Communities: who clusters with whom in the help graph, found by Louvain modularity
 * maximisation (graphology-communities-louvain) on the undirected tie graph, where A → B and
 * B → A are one tie whose weight is the sum of both. Help flowing either way binds people the
 * same, and directed modularity would split helpers from the helped.
 *
 * - Seeded: Louvain visits nodes in a random order; `seed` feeds its `rng`, and nodes are
 *   indexed in id order, so the same graph gives the same communities whatever order it was
 *   built in.
 * - Best of several runs: that order decides which local optimum Louvain ends in (on Zachary's
 *   karate club about one seed in five stops below 0.40 against the optimum's 0.4198). Up to
 *   `runs` runs, one after the other on the same seeded stream, keep the highest modularity;
 *   the number of runs is capped so that runs × ties stays within `runBudget` (one run at
 *   least), so large graphs, where one run takes about a second, get one.
 * - People with no ties (or only zero-weight ones, or only to themselves) are in no community:
 *   they are absent from `assignment`. Isolation is another module's business.
 * - Community ids are renumbered by size (descending), then smallest member id, so that they
 *   are stable across runs.
 * - A community is `crossTeam` when it draws substantially on several teams: its largest team
 *   is less than `crossTeamShare` of its members AND at least two teams have
 *   `minTeamMembers` members or more in it. The second condition keeps a team plus a few
 *   scattered people from different teams from counting as cross-team.
 * - `mainTeamShare` is the largest team's members over all members (people without a team
 *   count in the denominator: they are not of the main team).
 *
 * Lean build: a graphology graph costs ~8 µs per edge to build, over 10 s for the largest
 * benchmark graph (1.6 M ties), so the undirected tie graph is never built as one. The ties (of
 * a help graph, or of a `HelpNetwork`: network.ts) are merged into typed arrays by the merge the
 * person metrics use too (indices/undirected-ties.ts), and Louvain reads them through
 * `LouvainView`, the few members of the graphology API its index reads (pinned dependency:
 * graphology-communities-louvain 2.0.2 / graphology-indices' UndirectedLouvainIndex; the tests
 * check the result against Louvain and graphology-metrics on a real merged UndirectedGraph).
 */

export interface CommunityOptions {
  /** Seed of Louvain's random node order. */
  seed: number;
  /** Louvain resolution: above 1 gives more, smaller communities. */
  resolution: number;
  /** Louvain runs at most; the one of highest modularity is kept. */
  runs: number;
  /** Runs beyond the first only while runs × (undirected) ties stays within this. */
  runBudget: number;
  /** Below this share of members in its largest team, a community may be cross-team. */
  crossTeamShare: number;
  /** Members a team needs in a community to count toward it being cross-team. */
  minTeamMembers: number;
  /** Help given per topic, by person; summed over members for the community's topics. */
  topicWeights?: LabelWeights;
  /** Help given per context, by person: names a community when its members gave no topics. */
  contextWeights?: LabelWeights;
  /** Topics listed per community. */
  topTopics: number;
  /** Key people listed per community. */
  topKeyPeople: number;
}

export const DEFAULTS = {
  seed: 0x5eed,
  resolution: 1,
  runs: 8,
  runBudget: 500_000,
  crossTeamShare: 0.6,
  minTeamMembers: 2,
  topTopics: 5,
  topKeyPeople: 5,
} as const satisfies Omit<CommunityOptions, 'topicWeights' | 'contextWeights'>;

export interface CommunitySummary {
  id: number;
  /** What its members share, in words (community-names.ts); unique among the communities. */
  name: string;
  /** What the name was made of: their topics, contexts, main team, or nothing shared. */
  nameFrom: NameSource;
  size: number;
  /** Person ids, sorted. */
  members: string[];
  /** Members per team, most first (ties by team name); members without a team are left out. */
  teams: { team: string; count: number }[];
  /** Largest team's members over all members; 0 when no member has a team. */
  mainTeamShare: number;
  crossTeam: boolean;
  /** Help given per topic summed over members, heaviest first; empty without `topicWeights`. */
  topics: { topic: string; weight: number }[];
  /** Members with the heaviest ties to other members (both directions summed), heaviest first. */
  keyPeople: { person: string; weight: number }[];
}

export interface CommunityResult {
  /**
   * Modularity of the partition on the undirected tie graph (at the given resolution, as Louvain
   * computes it); 0 when there are no ties.
   */
  modularity: number;
  /** Community id by person id; people with no ties are absent. */
  assignment: Record<string, number>;
  /** By id: largest first. */
  communities: CommunitySummary[];
  /**
   * How far communities follow the org chart, over people in a community with a team; absent
   * when no one in a community has a team (no org chart).
   */
  agreement?: {
    /** Normalised mutual information with `team` (see nmi.ts). */
    nmi: number;
    /** Distinct teams among those people. */
    teams: number;
    people: number;
  };
}

/** Node attributes read here: the org chart's team, if any. */
interface TeamAttributes {
  team?: string | null;
}

/** Edge attributes read here: the tie weight (1 when absent, as everywhere in graphology). */
interface WeightAttributes {
  weight?: number;
}

/**
 * The undirected tie graph in id order (undirected-ties.ts) as Louvain reads it: its ties of
 * positive weight (ties summing to 0 are no tie to Louvain, and would change nothing of a
 * partition) listed once each, tie k joining nodes[source[k]] < nodes[target[k]], by source then
 * target; with each id's position and each node's team. A flat list: Louvain reads every tie once
 * per run, and a flat list is the quickest to hand over.
 */
interface LouvainTies {
  /** Node ids, sorted. */
  nodes: string[];
  /** Position of each id in `nodes`. */
  index: Map<string, number>;
  /** The team of each node, by position. */
  teams: (string | null)[];
  /** Ties per node. */
  degree: Uint32Array;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  size: number;
}

export function detectCommunities<N extends TeamAttributes, E extends WeightAttributes>(
  graph: Graph<N, E> | HelpNetwork,
  options: Partial<CommunityOptions> = {},
): CommunityResult {
  const network = networkInput(graph, 'detectCommunities: the given graph');
  // Options left undefined take their default, as in graphology's resolveDefaults.
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const settings: CommunityOptions = { ...DEFAULTS, ...Object.fromEntries(given) };
  checkOptions(settings);

  const ties = louvainTies(network);
  const assignment: Record<string, number> = {};
  if (ties.size === 0) {
    return { modularity: 0, assignment, communities: [] };
  }

  const view = new LouvainView(ties) as unknown as Graph;
  const louvainOptions = { rng: mulberry32(settings.seed), resolution: settings.resolution };
  const runs = Math.max(1, Math.min(settings.runs, Math.floor(settings.runBudget / ties.size)));
  let result = louvain.detailed(view, louvainOptions);
  for (let run = 1; run < runs; run++) {
    const next = louvain.detailed(view, louvainOptions);
    if (next.modularity > result.modularity) result = next;
  }

  const members = renumbered(result.communities);
  const byNode = new Int32Array(ties.nodes.length).fill(-1);
  members.forEach((people, id) => {
    for (const person of people) {
      assignment[person] = id;
      byNode[ties.index.get(person)!] = id;
    }
  });

  const strength = internalStrength(ties, byNode);
  const summaries = members.map((people, id) => summarise(id, people, strength, ties, settings));
  const names = communityNames({
    members,
    mainTeams: summaries.map((c) => c.teams[0]?.team ?? null),
    topics: settings.topicWeights,
    contexts: settings.contextWeights,
  });
  const communities = summaries.map((c, i) => ({
    ...c,
    name: names[i]!.name,
    nameFrom: names[i]!.from,
  }));
  const agreement = agreementWith(ties, assignment);
  return {
    modularity: result.modularity,
    assignment,
    communities,
    ...(agreement ? { agreement } : {}),
  };
}

function checkOptions(settings: CommunityOptions): void {
  if (!Number.isFinite(settings.seed)) {
    throw new Error('detectCommunities: seed must be a finite number');
  }
  if (!(settings.resolution > 0)) {
    throw new Error('detectCommunities: resolution must be a positive number');
  }
  if (!(settings.crossTeamShare > 0 && settings.crossTeamShare <= 1)) {
    throw new Error('detectCommunities: crossTeamShare must be in (0, 1]');
  }
  if (!Number.isInteger(settings.runs) || settings.runs < 1) {
    throw new Error('detectCommunities: runs must be a positive integer');
  }
  if (!(settings.runBudget >= 0)) {
    throw new Error('detectCommunities: runBudget must be a non-negative number');
  }
  for (const key of ['minTeamMembers', 'topTopics', 'topKeyPeople'] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 0) {
      throw new Error(`detectCommunities: ${key} must be a non-negative integer`);
    }
  }
  for (const kind of ['topic', 'context'] as const) {
    for (const [person, labels] of Object.entries(settings[`${kind}Weights`] ?? {})) {
      for (const [label, weight] of Object.entries(labels)) {
        if (!Number.isFinite(weight)) {
          throw new Error(
            `detectCommunities: ${kind} weight of ${person} for ${label} is not a number`,
          );
        }
      }
    }
  }
}

/**
 * The network's undirected ties with its people in id order, so that Louvain's input does not
 * depend on the order the graph was built in (the store's roster already is in id order).
 */
function louvainTies(network: HelpNetwork): LouvainTies {
  const inIdOrder = idOrder(network);
  const { nodes, offsets, neighbours, weights } = undirectedTies(inIdOrder, 'detectCommunities');
  const n = nodes.length;
  const degree = new Uint32Array(n);
  let size = 0;
  for (let e = 0; e < weights.length; e++) if (weights[e]! > 0) size++;
  size /= 2;
  const source = new Int32Array(size);
  const target = new Int32Array(size);
  const weight = new Float64Array(size);
  for (let i = 0, k = 0; i < n; i++) {
    for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
      const j = neighbours[e]!;
      if (j > i && weights[e]! > 0) {
        source[k] = i;
        target[k] = j;
        weight[k++] = weights[e]!;
        degree[i]!++;
        degree[j]!++;
      }
    }
  }
  return {
    nodes,
    index: new Map(nodes.map((node, i) => [node, i])),
    teams: inIdOrder.people.map((p) => p.team),
    degree,
    source,
    target,
    weight,
    size,
  };
}

/** The network with its people sorted by id (itself when they are). */
function idOrder(network: HelpNetwork): HelpNetwork {
  const { people } = network;
  let sorted = true;
  for (let i = 1; i < people.length && sorted; i++) {
    sorted = people[i - 1]!.person < people[i]!.person;
  }
  if (sorted) return network;
  const order = people
    .map((_, i) => i)
    .sort((a, b) => compare(people[a]!.person, people[b]!.person));
  const position = new Int32Array(people.length);
  order.forEach((from, to) => (position[from] = to));
  const remap = (ends: Int32Array) => ends.map((i) => position[i] ?? i);
  return {
    ...network,
    people: order.map((i) => people[i]!),
    helper: remap(network.helper),
    helped: remap(network.helped),
  };
}

/**
 * The members of the graphology API that Louvain (graphology-communities-louvain 2.0.2 and its
 * UndirectedLouvainIndex) reads, served from `LouvainTies`: a simple undirected graph of the
 * people with ties of positive weight, each tie once from its lower end, in id order. The index reads an edge's weight at once and never its key, so one
 * attributes object and one key serve every edge: a million short-lived strings would cost
 * garbage collections of the whole (large) heap.
 */
const EDGE_KEY = 'tie';

class LouvainView {
  readonly type = 'undirected';
  readonly multi = false;
  readonly selfLoopCount = 0;
  readonly order: number;
  readonly size: number;
  readonly #ties: LouvainTies;

  constructor(ties: LouvainTies) {
    this.#ties = ties;
    this.size = ties.size;
    this.order = ties.degree.reduce((order, d) => (d > 0 ? order + 1 : order), 0);
  }

  forEachNode(callback: (node: string, attributes: object) => void): void {
    const { nodes, degree } = this.#ties;
    for (let i = 0; i < nodes.length; i++) if (degree[i]! > 0) callback(nodes[i]!, {});
  }

  undirectedDegreeWithoutSelfLoops(node: string): number {
    return this.#ties.degree[this.#ties.index.get(node)!]!;
  }

  forEachEdge(
    callback: (
      edge: string,
      attributes: { weight: number },
      source: string,
      target: string,
      sourceAttributes: object,
      targetAttributes: object,
      undirected: boolean,
    ) => void,
  ): void {
    const { nodes, source, target, weight, size } = this.#ties;
    const attributes = { weight: 0 };
    const none = {};
    for (let k = 0; k < size; k++) {
      attributes.weight = weight[k]!;
      callback(EDGE_KEY, attributes, nodes[source[k]!]!, nodes[target[k]!]!, none, none, true);
    }
  }

  // isGraph() looks for these; Louvain never calls them.
  addUndirectedEdgeWithKey(): never {
    throw new Error('detectCommunities: the Louvain view is read-only');
  }

  dropNode(): never {
    throw new Error('detectCommunities: the Louvain view is read-only');
  }
}

/** Louvain's communities as member lists, by size descending, then smallest member id. */
function renumbered(communities: Record<string, number>): string[][] {
  const groups = new Map<number, string[]>();
  for (const [person, community] of Object.entries(communities)) {
    const group = groups.get(community);
    if (group) group.push(person);
    else groups.set(community, [person]);
  }
  const lists = [...groups.values()].map((people) => people.sort());
  return lists.sort((a, b) => b.length - a.length || compare(a[0]!, b[0]!));
}

/** Per node, the summed weight of its ties to other members of its community. */
function internalStrength(ties: LouvainTies, byNode: Int32Array): Float64Array {
  const strength = new Float64Array(ties.nodes.length);
  const { source, target, weight, size } = ties;
  for (let k = 0; k < size; k++) {
    const s = source[k]!;
    const t = target[k]!;
    if (byNode[s] === byNode[t]) {
      strength[s]! += weight[k]!;
      strength[t]! += weight[k]!;
    }
  }
  return strength;
}

function summarise(
  id: number,
  members: string[],
  strength: Float64Array,
  ties: LouvainTies,
  settings: CommunityOptions,
): Omit<CommunitySummary, 'name' | 'nameFrom'> {
  const teamCounts = new Map<string, number>();
  for (const person of members) {
    const team = ties.teams[ties.index.get(person)!];
    if (team != null) teamCounts.set(team, (teamCounts.get(team) ?? 0) + 1);
  }
  const teams = [...teamCounts]
    .map(([team, count]) => ({ team, count }))
    .sort((a, b) => b.count - a.count || compare(a.team, b.team));
  const mainTeamShare = teams.length > 0 ? teams[0]!.count / members.length : 0;
  const substantialTeams = teams.filter((t) => t.count >= settings.minTeamMembers).length;

  const topicTotals = new Map<string, number>();
  for (const person of members) {
    for (const [topic, weight] of Object.entries(settings.topicWeights?.[person] ?? {})) {
      topicTotals.set(topic, (topicTotals.get(topic) ?? 0) + weight);
    }
  }
  const topics = [...topicTotals]
    .filter(([, weight]) => weight > 0)
    .map(([topic, weight]) => ({ topic, weight }))
    .sort((a, b) => b.weight - a.weight || compare(a.topic, b.topic))
    .slice(0, settings.topTopics);

  const keyPeople = members
    .map((person) => ({ person, weight: strength[ties.index.get(person)!]! }))
    .sort((a, b) => b.weight - a.weight || compare(a.person, b.person))
    .slice(0, settings.topKeyPeople);

  return {
    id,
    size: members.length,
    members,
    teams,
    mainTeamShare,
    crossTeam: mainTeamShare < settings.crossTeamShare && substantialTeams >= 2,
    topics,
    keyPeople,
  };
}

function agreementWith(
  ties: LouvainTies,
  assignment: Record<string, number>,
): CommunityResult['agreement'] | null {
  const teamOf = new Map<string, string>();
  for (const person of Object.keys(assignment)) {
    const team = ties.teams[ties.index.get(person)!];
    if (team != null) teamOf.set(person, team);
  }
  const people = teamOf.size;
  if (people === 0) return null;
  return {
    nmi: normalizedMutualInformation(assignment, teamOf),
    teams: new Set(teamOf.values()).size,
    people,
  };
}

/** Code-unit order, the order Array.prototype.sort uses: locale-independent. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
