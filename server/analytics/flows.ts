import isGraph from 'graphology-utils/is-graph.js';
import type { HelpGraph } from './graph.ts';
import { networkInput, type HelpNetwork } from './network.ts';

/**
 * Help between teams, for L&D: a team × team matrix of help, each team's E-I index, observed
 * against expected flow, the people who carry each flow, and teams that look like silos. The
 * input is a help graph or a `HelpNetwork` (network.ts); ties are summed in their order.
 *
 * "Team" is the grouping by default; `groups` gives any other (a community, a context per
 * person), and everything below holds for it the same way: result fields keep the word `team`,
 * and `noun` is the word the silo reasons use.
 *
 * - Matrix: the weights of the ties from a helper in team A to a helped person in team B, summed
 *   into the cell A → B (the diagonal is help inside a team). People without a team are grouped
 *   under `noTeam`, so the cells always add up to the graph's total tie weight; that group is
 *   not a team and is never flagged as a silo.
 * - E-I index (Krackhardt & Stern 1988): (E − I) / (E + I) over the help ties touching a team's
 *   members, E the ties that cross the team's boundary (either way), I the ties inside it. Ties
 *   are directed, so A → B and B → A count as two. −1: all help stays inside; +1: all crosses.
 *   Null when the team has no tie.
 * - Expected flow A → B = out(A) × in(B) / total, where out(A) is all the help A's members give
 *   (inside A included), in(B) all the help B's members receive, and total the sum of all tie
 *   weights: the flow if who helps were independent of who is helped, given how active each
 *   team is. ratio = observed / expected (> 1: more than activity alone explains).
 * - Silo: a team whose E-I index is ≤ `siloEiIndex` over at least `siloMinTies` ties, or that
 *   gives or receives no help across teams.
 */

export interface FlowsOptions {
  /** The group of people whose `team` (or entry of `groups`) is null. */
  noTeam: string;
  /** The group of each person, by roster position, instead of their team. */
  groups?: readonly (string | null)[] | undefined;
  /** What a group is, in the silo reasons. */
  noun: string;
  /** A team with an E-I index at or below this (and enough ties) is a silo. */
  siloEiIndex: number;
  /** Ties a team needs before its E-I index can make it a silo. */
  siloMinTies: number;
  /** People listed as brokers of each flow. */
  brokers: number;
}

export const DEFAULTS: Readonly<FlowsOptions> = {
  noTeam: '(no team)',
  noun: 'team',
  siloEiIndex: -0.8,
  siloMinTies: 5,
  brokers: 3,
};

/**
 * What flows are grouped by: the org chart's teams; the communities help forms (each named by
 * what its members share); or each person's main context (channel, repository, list: where most
 * of the help they give and get happens). With each, the name of the group of people outside
 * any, and the word for a group.
 */
export const FLOW_GROUPINGS = ['team', 'community', 'context'] as const;
export type FlowGrouping = (typeof FLOW_GROUPINGS)[number];

export const GROUPINGS: Readonly<Record<FlowGrouping, { noTeam: string; noun: string }>> = {
  team: { noTeam: '(no team)', noun: 'team' },
  community: { noTeam: '(no community)', noun: 'community' },
  context: { noTeam: '(no context)', noun: 'context' },
};

export interface TeamFlows {
  team: string;
  /** People on the roster, with or without ties. */
  size: number;
  /** Ties between two members. */
  internalTies: number;
  /** Ties between a member and someone of another team, either way. */
  externalTies: number;
  /** (external − internal) / (external + internal); null without ties. */
  eiIndex: number | null;
  /** Weight of the help members gave to other teams. */
  helpGiven: number;
  /** Weight of the help members received from other teams. */
  helpReceived: number;
  /** Weight of the help between members. */
  helpWithin: number;
}

export interface Broker {
  person: string;
  /** Weight of the help they gave to the receiving team. */
  weight: number;
}

export interface Flow {
  from: string;
  to: string;
  /** Sum of the tie weights from members of `from` to members of `to`. */
  weight: number;
  interactions: number;
  ties: number;
  /** out(from) × in(to) / total. */
  expected: number;
  /** weight / expected; null when nothing was expected. */
  ratio: number | null;
  /** The members of `from` who gave most of this help, most first. */
  brokers: Broker[];
}

export interface Silo {
  team: string;
  reason: string;
}

export interface FlowsResult {
  /** Sorted by name, the no-team group last. */
  teams: TeamFlows[];
  /** Every cell with help observed or expected, by weight (most first), then expected. */
  flows: Flow[];
  /** Teams without any tie first, then by E-I index, lowest first. */
  silos: Silo[];
}

function check(graph: unknown, options: Partial<FlowsOptions>): FlowsOptions {
  if (isGraph(graph) && (graph as HelpGraph).type !== 'directed') {
    throw new Error('flows: `graph` must be a directed help graph (helper → helped)');
  }
  const settings = { ...DEFAULTS, ...options };
  for (const name of ['noTeam', 'noun'] as const) {
    if (typeof settings[name] !== 'string' || !settings[name]) {
      throw new Error(`flows: ${name} must be a non-empty string`);
    }
  }
  if (!(settings.siloEiIndex >= -1 && settings.siloEiIndex <= 1)) {
    throw new Error(`flows: siloEiIndex must be in [-1, 1], got ${settings.siloEiIndex}`);
  }
  for (const name of ['siloMinTies', 'brokers'] as const) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`flows: ${name} must be a non-negative integer, got ${value}`);
    }
  }
  return settings;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const round = (value: number) => Number(value.toFixed(2)).toString();

/**
 * The first `n` of `list` by weight (most first), then person: a sorted prefix, kept by insertion,
 * since a cell may have thousands of helpers and only a few brokers are listed.
 */
function first(list: [string, number][], n: number): [string, number][] {
  const before = (a: [string, number], b: [string, number]) =>
    b[1] < a[1] || (b[1] === a[1] && a[0] < b[0]);
  const best: [string, number][] = [];
  for (const entry of list) {
    if (best.length === n && (n === 0 || !before(entry, best[n - 1]!))) continue;
    let slot = Math.min(best.length, n - 1);
    if (best.length < n) best.push(entry);
    while (slot > 0 && before(entry, best[slot - 1]!)) {
      best[slot] = best[slot - 1]!;
      slot--;
    }
    best[slot] = entry;
  }
  return best;
}

/** The ties grouped by `key` (a stable counting sort): those of i are order[offsets[i] ..]. */
function ties(n: number, key: Int32Array): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < key.length; k++) offsets[key[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const order = new Int32Array(key.length);
  for (let k = 0; k < key.length; k++) order[cursor[key[k]!]!++] = k;
  return { offsets, order };
}

export function flows(
  graph: HelpGraph | HelpNetwork,
  options: Partial<FlowsOptions> = {},
): FlowsResult {
  const settings = check(graph, options);
  const { people, helper, helped, weight, interactions } = networkInput(graph, 'flows: `graph`');
  const { groups } = settings;
  if (groups && groups.length !== people.length) {
    throw new Error(
      `flows: groups must name one group per person on the roster (${people.length}), got ${groups.length}`,
    );
  }

  // Teams by number, in roster order; a tie's cell is from × teams + to.
  const teams: TeamFlows[] = [];
  const numbers = new Map<string, number>();
  const teamOf = new Int32Array(people.length);
  people.forEach((person, i) => {
    const name = (groups ? groups[i] : person.team) ?? settings.noTeam;
    let number = numbers.get(name);
    if (number === undefined) {
      number = teams.length;
      numbers.set(name, number);
      teams.push({
        team: name,
        size: 0,
        internalTies: 0,
        externalTies: 0,
        eiIndex: null,
        helpGiven: 0,
        helpReceived: 0,
        helpWithin: 0,
      });
    }
    teams[number]!.size++;
    teamOf[i] = number;
  });
  const t = teams.length;

  type Cell = Omit<Flow, 'from' | 'to' | 'expected' | 'ratio' | 'brokers'>;
  const cells = new Map<number, Cell>();
  const given = new Float64Array(t);
  const received = new Float64Array(t);
  const gives = new Uint8Array(t);
  const receives = new Uint8Array(t);
  let total = 0;

  for (let k = 0; k < helper.length; k++) {
    const from = teamOf[helper[k]!]!;
    const to = teamOf[helped[k]!]!;
    const w = weight[k]!;
    total += w;
    given[from]! += w;
    received[to]! += w;
    gives[from] = 1;
    receives[to] = 1;
    if (from === to) {
      teams[from]!.internalTies++;
      teams[from]!.helpWithin += w;
    } else {
      teams[from]!.externalTies++;
      teams[to]!.externalTies++;
      teams[from]!.helpGiven += w;
      teams[to]!.helpReceived += w;
    }
    let cell = cells.get(from * t + to);
    if (!cell) cells.set(from * t + to, (cell = { weight: 0, interactions: 0, ties: 0 }));
    cell.weight += w;
    cell.interactions += interactions[k]!;
    cell.ties++;
  }

  // What each person carried into each team, by cell: the ties of one helper at a time (in
  // their order, so sums come out as in one pass), summed per receiving team.
  const byHelper = new Map<number, [string, number][]>();
  const carried = new Float64Array(t);
  const seen = new Uint8Array(t);
  const touched: number[] = [];
  const byPerson = ties(people.length, helper);
  for (let i = 0; i < people.length; i++) {
    for (let e = byPerson.offsets[i]!; e < byPerson.offsets[i + 1]!; e++) {
      const k = byPerson.order[e]!;
      const to = teamOf[helped[k]!]!;
      if (!seen[to]) {
        seen[to] = 1;
        touched.push(to);
      }
      carried[to]! += weight[k]!;
    }
    for (const to of touched) {
      const cell = teamOf[i]! * t + to;
      let list = byHelper.get(cell);
      if (!list) byHelper.set(cell, (list = []));
      list.push([people[i]!.person, carried[to]!]);
      carried[to] = 0;
      seen[to] = 0;
    }
    touched.length = 0;
  }

  const flowList: Flow[] = [];
  for (let from = 0; from < t; from++) {
    if (!gives[from]) continue;
    for (let to = 0; to < t; to++) {
      if (!receives[to]) continue;
      const cell = cells.get(from * t + to);
      const expected = total > 0 ? (given[from]! * received[to]!) / total : 0;
      if (!cell && expected === 0) continue;
      const cellWeight = cell?.weight ?? 0;
      const brokers = first(byHelper.get(from * t + to) ?? [], settings.brokers).map(
        ([person, weightCarried]) => ({ person, weight: weightCarried }),
      );
      flowList.push({
        from: teams[from]!.team,
        to: teams[to]!.team,
        weight: cellWeight,
        interactions: cell?.interactions ?? 0,
        ties: cell?.ties ?? 0,
        expected,
        ratio: expected > 0 ? cellWeight / expected : null,
        brokers,
      });
    }
  }
  flowList.sort(
    (a, b) =>
      b.weight - a.weight ||
      b.expected - a.expected ||
      byText(a.from, b.from) ||
      byText(a.to, b.to),
  );

  const teamList = [...teams].sort(
    (a, b) =>
      Number(a.team === settings.noTeam) - Number(b.team === settings.noTeam) ||
      byText(a.team, b.team),
  );
  for (const entry of teamList) {
    const ties = entry.internalTies + entry.externalTies;
    if (ties > 0) entry.eiIndex = (entry.externalTies - entry.internalTies) / ties;
  }
  return {
    teams: teamList,
    flows: flowList,
    silos: silosOf(
      teamList.filter((entry) => entry.team !== settings.noTeam),
      settings,
    ),
  };
}

/**
 * The silos among `teams` (with their E-I index set), in the report's order: teams without any
 * tie first, then by E-I index, lowest first. Exported for the API's presenter, which recomputes
 * team figures when it leaves groups out.
 */
export function silosOf(
  teams: readonly TeamFlows[],
  options: Pick<FlowsOptions, 'siloEiIndex' | 'siloMinTies'> &
    Partial<Pick<FlowsOptions, 'noun'>> = DEFAULTS,
): Silo[] {
  const noun = options.noun ?? DEFAULTS.noun;
  const silos: (Silo & { order: number })[] = [];
  for (const entry of teams) {
    const ties = entry.internalTies + entry.externalTies;
    const reasons: string[] = [];
    const nouns = noun === 'community' ? 'communities' : `${noun}s`;
    if (ties === 0) {
      reasons.push(`no help ties at all, inside the ${noun} or across ${nouns}`);
    } else {
      if (entry.eiIndex! <= options.siloEiIndex && ties >= options.siloMinTies) {
        reasons.push(
          `E-I index ${round(entry.eiIndex!)} (at or below ${options.siloEiIndex}): of` +
            ` ${plural(ties, 'help tie')}, ${entry.internalTies} inside the ${noun} and` +
            ` ${entry.externalTies} across ${nouns}`,
        );
      }
      if (entry.helpGiven === 0) reasons.push(`gives no help to other ${nouns}`);
      if (entry.helpReceived === 0) reasons.push(`receives no help from other ${nouns}`);
    }
    if (reasons.length) {
      silos.push({ team: entry.team, reason: reasons.join('; '), order: entry.eiIndex ?? -2 });
    }
  }
  silos.sort((a, b) => a.order - b.order || byText(a.team, b.team));
  return silos.map(({ team: name, reason }) => ({ team: name, reason }));
}
