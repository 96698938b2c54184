import { describe, expect, it } from 'vitest';
import { buildHelpGraph, type RosterPerson, type TieRow } from '../server/analytics/graph.ts';
import {
  DEFAULTS,
  isolation,
  poissonAtMost,
  type PersonIsolation,
} from '../server/analytics/isolation.ts';
import type { Window } from '../server/analytics/window.ts';

const WINDOW: Window = { from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' };

const person = (
  id: string,
  joinedAt = '2020-01-01',
  manager: string | null = 'boss',
): RosterPerson => ({
  person: id,
  name: id.toUpperCase(),
  team: 'core',
  manager,
  title: null,
  joinedAt,
  accounts: [`slack:${id}`],
});

const ROSTER: RosterPerson[] = [
  person('boss', '2018-05-01', null),
  person('iso'),
  person('gone'),
  person('fad'),
  person('per'),
  person('mgr-only'),
  person('newbie', '2025-02-10'),
  person('newbie2', '2025-01-01'),
  person('newbie3', '2025-01-01'),
  person('early', '2024-12-31'),
  person('steady'),
  person('unlisted'),
  person('h1'),
  person('h2'),
  person('h3'),
  person('h4'),
  person('ghost'),
  person('ghost-new', '2025-03-01'),
];

const tie = (helper: string, helped: string, weight = 1): TieRow => ({
  helper,
  helped,
  weight,
  interactions: 1,
});

const CURRENT = [
  tie('fad', 'h1'),
  tie('fad', 'h2'),
  tie('h3', 'per'),
  tie('boss', 'mgr-only'),
  tie('mgr-only', 'boss'),
  tie('h4', 'newbie'),
  tie('h1', 'newbie2'),
  tie('h2', 'newbie2'),
  tie('early', 'h2'),
  tie('steady', 'h1'),
  tie('h2', 'steady'),
  tie('steady', 'h3'),
  tie('h4', 'unlisted'),
  tie('unlisted', 'h1'),
];

const PREVIOUS = [
  tie('fad', 'h1'),
  tie('fad', 'h2'),
  tie('h3', 'fad'),
  tie('h4', 'fad'),
  tie('gone', 'h1'),
  tie('h2', 'gone'),
  tie('h3', 'gone'),
  tie('iso', 'h1'),
  tie('h3', 'per'),
  tie('boss', 'mgr-only'),
  tie('mgr-only', 'boss'),
  tie('steady', 'h1'),
  tie('h2', 'steady'),
  tie('steady', 'h3'),
  tie('early', 'h2'),
  // Someone who has left since: on the previous roster only.
  tie('left', 'h4'),
];

const current = buildHelpGraph(ROSTER, CURRENT);
const previous = buildHelpGraph([...ROSTER, person('left')], PREVIOUS);
// Everyone but the two never seen anywhere, and `unlisted`, whose ties prove them active anyway.
const everActive = new Set(
  ROSTER.map((p) => p.person).filter((id) => !['ghost', 'ghost-new', 'unlisted'].includes(id)),
);

// The fixture's falls are small (4 → 2, 3 → 0), so most cases flag every fall of half, however
// likely by chance; the default's tolerance of chance falls has a test of its own.
function run(thresholds?: Parameters<typeof isolation>[2]['thresholds'], maxChance = 1) {
  const result = isolation(current, previous, {
    window: WINDOW,
    everActive,
    thresholds: { fadingMaxChance: maxChance, ...thresholds },
  });
  const byId = new Map(result.people.map((p) => [p.person, p]));
  return { result, get: (id: string): PersonIsolation => byId.get(id)! };
}

describe('isolation', () => {
  it('flags someone with no ties at all as isolated, naming the previous figure', () => {
    const { get } = run();
    // iso had one partner before (h1): 1 → 0 is below fadingMinPrevious, so only isolated.
    expect(get('iso')).toEqual({
      person: 'iso',
      flags: ['isolated'],
      reasons: [
        'no help ties in the window: helped nobody and was helped by nobody (1 person in the previous window)',
      ],
      ties: { partners: 0, helped: 0, helpedBy: 0 },
      previousTies: { partners: 1, helped: 1, helpedBy: 0 },
    });
  });

  // Poisson(4): P(0) + P(1) + P(2)
  const chanceOf4To2 = Math.exp(-4) * (1 + 4 + 16 / 2);

  it('flags a fall of half or more in distinct partners as fading', () => {
    const { get } = run();
    // fad: h1, h2, h3, h4 before; h1, h2 now: (4 − 2) / 4 = 50%, exactly the threshold.
    expect(get('fad').flags).toEqual(['fading']);
    expect(get('fad').reasons).toEqual([
      'tie partners fell from 4 to 2 (−50%) against the previous window of the same length;' +
        ` a fall this large comes about by chance ${(chanceOf4To2 * 100).toFixed(1)}% of the time`,
    ]);
    expect(get('fad').ties).toEqual({ partners: 2, helped: 2, helpedBy: 0 });
    expect(get('fad').previousTies).toEqual({ partners: 4, helped: 2, helpedBy: 2 });
    // gone: h1, h2, h3 before, nobody now: isolated, and fading by 100%.
    expect(get('gone').flags).toEqual(['isolated', 'fading']);
    expect(get('gone').reasons[1]).toBe(
      'tie partners fell from 3 to 0 (−100%) against the previous window of the same length;' +
        ` a fall this large comes about by chance ${(Math.exp(-3) * 100).toFixed(1)}% of the time`,
    );
    // h4 went from 2 partners (fad, left) to 2 (newbie, unlisted): no fall.
    expect(get('h4').flags).toEqual([]);
  });

  it('flags ties with one person only, or only with their own manager, as peripheral', () => {
    const { get } = run();
    expect(get('per').flags).toEqual(['peripheral']);
    expect(get('per').reasons).toEqual([
      'help ties with 1 person only (helped 0 people, helped by 1 person)',
    ]);
    // Two ties (helps and is helped by boss), one partner, who is their manager.
    expect(get('mgr-only').ties).toEqual({ partners: 1, helped: 1, helpedBy: 1 });
    expect(get('mgr-only').reasons).toEqual(['help ties with 1 person only: their own manager']);
    // boss has no manager: their single partner makes them peripheral the ordinary way.
    expect(get('boss').reasons).toEqual([
      'help ties with 1 person only (helped 1 person, helped by 1 person)',
    ]);
  });

  it('flags people who joined within the window with fewer than two partners as not yet connected', () => {
    const { get } = run();
    expect(get('newbie').flags).toEqual(['peripheral', 'not yet connected']);
    expect(get('newbie').reasons[1]).toBe(
      'joined 2025-02-10, within the window starting 2025-01-01, and has ties with 1 person (fewer than 2)',
    );
    // Joined on the window's first day, no ties yet.
    expect(get('newbie3').flags).toEqual(['isolated', 'not yet connected']);
    // Joined on the first day too, but already has two partners.
    expect(get('newbie2').flags).toEqual([]);
    // Joined the day before the window: only the single tie counts.
    expect(get('early').flags).toEqual(['peripheral']);
  });

  it('lists people never active apart, without flags, and ignores people no longer on the roster', () => {
    const { result, get } = run();
    expect(result.neverActive).toEqual(['ghost', 'ghost-new']);
    const ids = result.people.map((p) => p.person);
    expect(ids).not.toContain('ghost');
    expect(ids).not.toContain('ghost-new');
    expect(ids).not.toContain('left');
    // Missing from everActive, but their ties show they are active.
    expect(get('unlisted').flags).toEqual([]);
    expect(result.people.length + result.neverActive.length).toBe(ROSTER.length);
  });

  it('by default leaves a fall that chance explains alone', () => {
    const { get } = run({}, DEFAULTS.fadingMaxChance);
    // fad: 4 → 2 is half, but comes about by chance 24% of the time; gone: 3 → 0, e^-3 ≈ 5.0%
    // (0.0498), just under the 5% default.
    expect(Math.exp(-3)).toBeLessThan(DEFAULTS.fadingMaxChance);
    expect(poissonAtMost(2, 4)).toBeCloseTo(chanceOf4To2, 12);
    expect(get('fad').flags).toEqual([]);
    expect(get('h3').flags).toEqual([]);
    expect(get('gone').flags).toEqual(['isolated', 'fading']);
  });

  it('orders people most worrying first', () => {
    const { result } = run();
    // Rule: worst flag (isolated < fading < peripheral < not yet connected < none), then more
    // flags, then fewer partners, then the larger fall, then id.
    expect(result.people.map((p) => p.person)).toEqual([
      'gone', // isolated + fading, fall 3
      'newbie3', // isolated + not yet connected, fall 0
      'iso', // isolated
      'fad', // fading, 2 partners, fall 2
      'h3', // fading: per, fad, gone, steady → per, steady; 2 partners, fall 2
      'newbie', // peripheral + not yet connected
      'boss', // peripheral, 1 partner, fall 0 — then by id
      'early',
      'mgr-only',
      'per',
      'h4', // unflagged, 2 partners, fall 0
      'newbie2', // 2 partners, fall −2
      'unlisted', // 2 partners, fall −2
      'steady', // 3 partners
      'h1', // 4 partners
      'h2',
    ]);
  });

  it('takes thresholds from the options, merged over DEFAULTS', () => {
    expect(DEFAULTS).toEqual({
      fadingDrop: 0.5,
      fadingMinPrevious: 2,
      fadingMaxChance: 0.05,
      peripheralMaxPartners: 1,
      newcomerMinPartners: 2,
    });
    const strict = run({ fadingDrop: 0.75 });
    expect(strict.get('fad').flags).toEqual([]);
    expect(strict.get('gone').flags).toEqual(['isolated', 'fading']);
    const eager = run({ fadingMinPrevious: 1 });
    expect(eager.get('iso').flags).toEqual(['isolated', 'fading']);
    const wide = run({ peripheralMaxPartners: 2, newcomerMinPartners: 3 });
    expect(wide.get('newbie2').flags).toEqual(['peripheral', 'not yet connected']);
  });

  it('checks its input first, with errors that name it', () => {
    const options = { window: WINDOW, everActive };
    expect(() => isolation({} as never, previous, options)).toThrow(/^isolation: `current`/);
    expect(() => isolation(current, null as never, options)).toThrow(/^isolation: `previous`/);
    expect(() =>
      isolation(current, previous, { window: { from: 'soon', to: WINDOW.to }, everActive }),
    ).toThrow(/^isolation: `window`/);
    expect(() => isolation(current, previous, { window: WINDOW, everActive: [] as never })).toThrow(
      /^isolation: `everActive`/,
    );
    expect(() =>
      isolation(current, previous, { ...options, thresholds: { fadingDrop: 0 } }),
    ).toThrow('isolation: thresholds.fadingDrop must be in (0, 1], got 0');
  });
});
