import type {
  CommunitiesReport,
  FlowsReport,
  IsolationReport,
  PeopleGraph,
  PersonRef,
  Window,
} from '../api/types.ts';

/**
 * What changed between two windows, worked out from the reports each window gets from the API
 * (so every privacy rule of those reports holds here too: people outside the reader's scope
 * keep their alias, which is stable across windows, and withheld groups stay withheld). No DOM.
 */

export interface WindowReports {
  graph: PeopleGraph;
  isolation: IsolationReport;
  flows: FlowsReport;
}

export interface TieChange {
  source: string;
  target: string;
  status: 'gained' | 'lost' | 'kept';
  before: number;
  after: number;
}

export interface FlagChange {
  person: PersonRef;
  before: string[];
  after: string[];
}

export interface FlowChange {
  from: string;
  to: string;
  before: number;
  after: number;
  change: number;
}

export interface Figure {
  label: string;
  before: number;
  after: number;
}

export interface Comparison {
  before: Window;
  after: Window;
  figures: Figure[];
  ties: TieChange[];
  gained: number;
  lost: number;
  flags: FlagChange[];
  flows: FlowChange[];
  /** Community events other than "stable", from the communities report of the later window. */
  communities: CommunitiesReport['changes'];
  /** What to call each person of either graph: their name, else their alias. */
  names: Map<string, string>;
  /** Where the data can't support the comparison: a window without data, partial coverage. */
  warnings: string[];
}

/** The window of the same length just before `window`: the default to compare with. */
export function previousOf(window: Window): Window {
  const from = Date.parse(window.from);
  const length = Date.parse(window.to) - from;
  return { from: new Date(from - length).toISOString(), to: window.from };
}

/** Ties keyed helper>helped, with their weight. */
function tiesOf(graph: PeopleGraph): Map<string, number> {
  const ties = new Map<string, number>();
  const { source, target, weight } = graph.edges;
  for (let k = 0; k < source.length; k++) {
    ties.set(`${graph.nodes.id[source[k]!]}>${graph.nodes.id[target[k]!]}`, weight[k]!);
  }
  return ties;
}

function compareTies(before: PeopleGraph, after: PeopleGraph): TieChange[] {
  const old = tiesOf(before);
  const now = tiesOf(after);
  const out: TieChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const [source, target] = key.split('>') as [string, string];
    const b = old.get(key) ?? 0;
    const a = now.get(key) ?? 0;
    out.push({
      source,
      target,
      status: !old.has(key) ? 'gained' : !now.has(key) ? 'lost' : 'kept',
      before: b,
      after: a,
    });
  }
  return out;
}

function compareFlags(before: IsolationReport, after: IsolationReport): FlagChange[] {
  const old = new Map(before.people.map((p) => [p.person, p]));
  const now = new Map(after.people.map((p) => [p.person, p]));
  const out: FlagChange[] = [];
  for (const id of new Set([...old.keys(), ...now.keys()])) {
    const b = old.get(id)?.flags ?? [];
    const a = now.get(id)?.flags ?? [];
    if ([...b].sort().join() === [...a].sort().join()) continue;
    const { person, name, team, pseudonymised } = (now.get(id) ?? old.get(id))!;
    out.push({ person: { person, name, team, pseudonymised }, before: b, after: a });
  }
  return out;
}

/** Help between different groups, cell by cell; a group missing from a window counts 0. */
function compareFlows(before: FlowsReport, after: FlowsReport): FlowChange[] {
  const cells = (report: FlowsReport) =>
    new Map(report.flows.filter((f) => f.from !== f.to).map((f) => [`${f.from}>${f.to}`, f]));
  const old = cells(before);
  const now = cells(after);
  const out: FlowChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const cell = (now.get(key) ?? old.get(key))!;
    const b = old.get(key)?.weight ?? 0;
    const a = now.get(key)?.weight ?? 0;
    if (a === b) continue;
    out.push({ from: cell.from, to: cell.to, before: b, after: a, change: a - b });
  }
  return out.sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function compareWindows(
  before: WindowReports,
  after: WindowReports,
  communities: CommunitiesReport,
): Comparison {
  const ties = compareTies(before.graph, after.graph);
  const flagged = (report: IsolationReport) =>
    report.people.filter((p) => p.flags.length > 0).length;
  const connected = (graph: PeopleGraph) => {
    const ends = new Set([...graph.edges.source, ...graph.edges.target]);
    return ends.size;
  };
  const names = new Map<string, string>();
  for (const graph of [before.graph, after.graph]) {
    graph.nodes.id.forEach((id, i) => names.set(id, graph.nodes.label[i] ?? id));
  }
  const warnings: string[] = [];
  if (before.graph.total.ties === 0 && after.graph.total.ties > 0) {
    warnings.push(
      'The earlier window has no help in the data selected: every tie and person looks new. Choose an earlier window the data covers.',
    );
  }
  for (const [which, reports] of [
    ['Earlier window', before],
    ['Later window', after],
  ] as const) {
    for (const warning of reports.isolation.coverage.warnings)
      warnings.push(`${which}: ${warning}`);
  }
  return {
    warnings,
    names,
    before: before.graph.window,
    after: after.graph.window,
    figures: [
      {
        label: 'People with help ties',
        before: connected(before.graph),
        after: connected(after.graph),
      },
      { label: 'Help ties', before: before.graph.total.ties, after: after.graph.total.ties },
      {
        label: 'Help given (weighted)',
        before: sum(before.graph.edges.weight),
        after: sum(after.graph.edges.weight),
      },
      {
        label: 'People flagged',
        before: flagged(before.isolation),
        after: flagged(after.isolation),
      },
      {
        label: 'Help across groups',
        before: sum(before.flows.teams.map((t) => t.helpGiven)),
        after: sum(after.flows.teams.map((t) => t.helpGiven)),
      },
    ],
    ties,
    gained: ties.filter((t) => t.status === 'gained').length,
    lost: ties.filter((t) => t.status === 'lost').length,
    flags: compareFlags(before.isolation, after.isolation),
    flows: compareFlows(before.flows, after.flows),
    communities: communities.changes.filter((c) => c.status !== 'stable'),
  };
}

/** The changes in a few sentences, most telling first. */
export function describeChanges(comparison: Comparison): string[] {
  const words: string[] = [];
  const { gained, lost, flags, flows, communities } = comparison;
  const n = (count: number, one: string, many = `${one}s`) =>
    `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
  words.push(`${n(gained, 'new tie')} and ${n(lost, 'lost tie')}.`);
  if (flags.length > 0) {
    const newlyFlagged = flags.filter((f) => f.before.length === 0).length;
    const cleared = flags.filter((f) => f.after.length === 0).length;
    words.push(
      `${n(flags.length, "person's flags", "people's flags")} changed: ${newlyFlagged} newly flagged, ${cleared} no longer flagged.`,
    );
  } else words.push('No one’s flags changed.');
  const byStatus = new Map<string, number>();
  for (const c of communities) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  if (byStatus.size > 0) {
    words.push(
      `Communities: ${[...byStatus].map(([status, count]) => `${count} ${status}`).join(', ')}.`,
    );
  }
  const up = flows.find((f) => f.change > 0);
  const down = flows.find((f) => f.change < 0);
  if (up)
    words.push(
      `Biggest rise in help between groups: ${up.from} → ${up.to} (+${round(up.change)}).`,
    );
  if (down) {
    words.push(`Biggest fall: ${down.from} → ${down.to} (${round(down.change)}).`);
  }
  return words;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
