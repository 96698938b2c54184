import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, flows } from '../server/analytics/flows.ts';
import { buildHelpGraph, type RosterPerson, type TieRow } from '../server/analytics/graph.ts';

const person = (id: string, team: string | null): RosterPerson => ({
  person: id,
  name: null,
  team,
  manager: null,
  title: null,
  joinedAt: null,
  accounts: [],
});

const ROSTER = [
  ...['a1', 'a2', 'a3', 'a4'].map((id) => person(id, 'a')),
  ...['b1', 'b2'].map((id) => person(id, 'b')),
  ...['c1', 'c2', 'c3', 'c4'].map((id) => person(id, 'c')),
  person('d1', 'd'),
  person('n1', null),
];

const tie = (helper: string, helped: string, weight = 1, interactions = 1): TieRow => ({
  helper,
  helped,
  weight,
  interactions,
});

const TIES = [
  tie('a1', 'a2', 2),
  tie('a2', 'a3', 1),
  tie('a1', 'b1', 3, 2),
  tie('a3', 'b1', 1),
  tie('b1', 'a1', 2, 2),
  tie('b2', 'b1', 1),
  // c keeps to itself: nine ties inside, one out to a, none in.
  ...[
    ['c1', 'c2'],
    ['c2', 'c1'],
    ['c1', 'c3'],
    ['c3', 'c1'],
    ['c1', 'c4'],
    ['c4', 'c1'],
    ['c2', 'c3'],
    ['c3', 'c2'],
    ['c2', 'c4'],
  ].map(([helper, helped]) => tie(helper!, helped!)),
  tie('c4', 'a2', 1),
  tie('n1', 'b2', 2),
  tie('a2', 'n1', 1),
];

const graph = buildHelpGraph(ROSTER, TIES);
const NO_TEAM = DEFAULTS.noTeam;

describe('flows', () => {
  it('counts team sizes from the roster and E-I indexes by hand', () => {
    const { teams } = flows(graph);
    expect(teams).toEqual([
      // I: a1→a2, a2→a3. E: a1→b1, a3→b1, b1→a1, c4→a2, a2→n1. (5 − 2) / 7.
      // Given out: 3 + 1 + 1; received: 2 + 1; within: 2 + 1. a4 has no tie but counts.
      {
        team: 'a',
        size: 4,
        internalTies: 2,
        externalTies: 5,
        eiIndex: 3 / 7,
        helpGiven: 5,
        helpReceived: 3,
        helpWithin: 3,
      },
      // I: b2→b1. E: a1→b1, a3→b1, b1→a1, n1→b2. (4 − 1) / 5.
      {
        team: 'b',
        size: 2,
        internalTies: 1,
        externalTies: 4,
        eiIndex: 3 / 5,
        helpGiven: 2,
        helpReceived: 6,
        helpWithin: 1,
      },
      // (1 − 9) / 10.
      {
        team: 'c',
        size: 4,
        internalTies: 9,
        externalTies: 1,
        eiIndex: -8 / 10,
        helpGiven: 1,
        helpReceived: 0,
        helpWithin: 9,
      },
      {
        team: 'd',
        size: 1,
        internalTies: 0,
        externalTies: 0,
        eiIndex: null,
        helpGiven: 0,
        helpReceived: 0,
        helpWithin: 0,
      },
      {
        team: NO_TEAM,
        size: 1,
        internalTies: 0,
        externalTies: 2,
        eiIndex: 1,
        helpGiven: 2,
        helpReceived: 1,
        helpWithin: 0,
      },
    ]);
  });

  it('sums the matrix to the total tie weight, and expected flow to the same total', () => {
    const { flows: cells } = flows(graph);
    const total = TIES.reduce((sum, t) => sum + t.weight, 0);
    expect(total).toBe(23);
    expect(cells.reduce((sum, f) => sum + f.weight, 0)).toBe(total);
    expect(cells.reduce((sum, f) => sum + f.expected, 0)).toBeCloseTo(total, 10);
    expect(cells.reduce((sum, f) => sum + f.ties, 0)).toBe(TIES.length);
    expect(cells.reduce((sum, f) => sum + f.interactions, 0)).toBe(
      TIES.reduce((sum, t) => sum + t.interactions, 0),
    );
    // Four teams give (a, b, c, no team) and the same four receive: every cell is expected.
    expect(cells).toHaveLength(16);
    const cell = (from: string, to: string) => cells.find((f) => f.from === from && f.to === to)!;
    // out(a) = 3 + 4 + 1 = 8; in(b) = 4 + 1 + 2 = 7.
    expect(cell('a', 'b')).toMatchObject({ weight: 4, interactions: 3, ties: 2 });
    expect(cell('a', 'b').expected).toBeCloseTo((8 * 7) / 23, 10);
    expect(cell('a', 'b').ratio).toBeCloseTo(4 / ((8 * 7) / 23), 10);
    // out(c) = 10; in(c) = 9.
    expect(cell('c', 'c').ratio).toBeCloseTo(9 / ((10 * 9) / 23), 10);
    // No help from a to c, though a gives 8 and c receives 9.
    expect(cell('a', 'c')).toMatchObject({ weight: 0, ties: 0, ratio: 0, brokers: [] });
    expect(cell('a', 'c').expected).toBeCloseTo((8 * 9) / 23, 10);
    // Heaviest first; equal weights by expected flow: b→a (3 × 6) before no team→b (2 × 7).
    expect(cells.slice(0, 8).map((f) => `${f.from}>${f.to}`)).toEqual([
      'c>c',
      'a>b',
      'a>a',
      'b>a',
      `${NO_TEAM}>b`,
      'c>a', // 10 × 6
      'b>b', // 3 × 7
      `a>${NO_TEAM}`, // 8 × 1
    ]);
    expect(cells.slice(8).every((f) => f.weight === 0)).toBe(true);
  });

  it('names the people who carry each flow, most first, at most DEFAULTS.brokers', () => {
    const { flows: cells } = flows(graph);
    const cell = (from: string, to: string) => cells.find((f) => f.from === from && f.to === to)!;
    expect(cell('a', 'b').brokers).toEqual([
      { person: 'a1', weight: 3 },
      { person: 'a3', weight: 1 },
    ]);
    // c1 and c2 gave 3 each, c3 2, c4 1 (inside c): the top three, equal weights by id.
    expect(cell('c', 'c').brokers).toEqual([
      { person: 'c1', weight: 3 },
      { person: 'c2', weight: 3 },
      { person: 'c3', weight: 2 },
    ]);
    const one = flows(graph, { brokers: 1 }).flows.find((f) => f.from === 'a' && f.to === 'b')!;
    expect(one.brokers).toEqual([{ person: 'a1', weight: 3 }]);
  });

  it('flags silos with reasons in words, never the no-team group', () => {
    expect(flows(graph).silos).toEqual([
      { team: 'd', reason: 'no help ties at all, inside the team or across teams' },
      {
        team: 'c',
        reason:
          'E-I index -0.8 (at or below -0.8): of 10 help ties, 9 inside the team and 1 across teams; receives no help from other teams',
      },
    ]);
    // Needing more ties than c has leaves only the one-way reason.
    expect(flows(graph, { siloMinTies: 11 }).silos[1]).toEqual({
      team: 'c',
      reason: 'receives no help from other teams',
    });
    // n1 gives and receives across teams, but the group would not be flagged anyway.
    expect(flows(graph).silos.map((s) => s.team)).not.toContain(NO_TEAM);
  });

  it('groups people without a team under the noTeam name', () => {
    const { teams, flows: cells } = flows(graph, { noTeam: 'unassigned' });
    expect(teams.at(-1)).toMatchObject({ team: 'unassigned', size: 1 });
    expect(cells.some((f) => f.from === 'unassigned' && f.to === 'b' && f.weight === 2)).toBe(true);
  });

  it('returns empty flows for a roster without ties', () => {
    const result = flows(buildHelpGraph(ROSTER.slice(0, 2), []));
    expect(result.flows).toEqual([]);
    expect(result.teams).toEqual([
      {
        team: 'a',
        size: 2,
        internalTies: 0,
        externalTies: 0,
        eiIndex: null,
        helpGiven: 0,
        helpReceived: 0,
        helpWithin: 0,
      },
    ]);
    expect(result.silos).toEqual([
      { team: 'a', reason: 'no help ties at all, inside the team or across teams' },
    ]);
  });

  it('checks its input first, with errors that name it', () => {
    expect(() => flows({} as never)).toThrow('flows: `graph` must be a graphology graph');
    expect(() => flows(new UndirectedGraph() as never)).toThrow(
      /^flows: `graph` must be a directed/,
    );
    expect(() => flows(graph, { siloEiIndex: 2 })).toThrow(
      'flows: siloEiIndex must be in [-1, 1], got 2',
    );
    expect(() => flows(graph, { brokers: 1.5 })).toThrow(
      'flows: brokers must be a non-negative integer, got 1.5',
    );
  });
});

describe('flows by another grouping', () => {
  // Teams a and b merged into one group "ab": the same as flows on a roster whose team says so.
  const merged = (team: string | null) => (team === 'a' || team === 'b' ? 'ab' : team);
  const groups = ROSTER.map((p) => merged(p.team));
  const renamed = buildHelpGraph(
    ROSTER.map((p) => ({ ...p, team: merged(p.team) })),
    TIES,
  );

  it('groups people as `groups` says, exactly as if it were their team', () => {
    expect(flows(graph, { groups })).toEqual(flows(renamed));
    const ab = flows(graph, { groups }).teams.find((t) => t.team === 'ab')!;
    // Inside: a1→a2, a2→a3, a1→b1, a3→b1, b1→a1, b2→b1; outside: c4→a2, a2→n1, n1→b2.
    expect([ab.internalTies, ab.externalTies, ab.eiIndex]).toEqual([6, 3, -3 / 9]);
  });

  it('names the group of people without one, and speaks of the grouping in silo reasons', () => {
    const byCommunity = flows(graph, {
      groups: ROSTER.map((p) => (p.team === 'c' ? 'rust' : p.team === 'd' ? null : 'go')),
      noTeam: '(no community)',
      noun: 'community',
    });
    expect(byCommunity.teams.map((t) => t.team)).toEqual(['go', 'rust', '(no community)']);
    expect(byCommunity.silos).toEqual([
      {
        team: 'rust',
        reason:
          'E-I index -0.8 (at or below -0.8): of 10 help ties, 9 inside the community and 1 across' +
          ' communities; receives no help from other communities',
      },
      // Everyone but c and d is in go: it gives nothing to rust.
      { team: 'go', reason: 'gives no help to other communities' },
    ]);
  });

  it('rejects a grouping that does not cover the roster', () => {
    expect(() => flows(graph, { groups: ['x'] })).toThrow(/^flows: groups must name one group/);
  });
});
