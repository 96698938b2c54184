import { describe, expect, it } from 'vitest';
import { buildHelpGraph, type RosterPerson, type TieRow } from '../server/analytics/graph.ts';
import {
  DEFAULTS,
  isolation,
  poissonAtMost,
  type PersonIsolation,
  type Presence,
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
  person('asker'),
  person('asker2'),
  person('first-seen', null as never),
  person('old-chat'),
  person('later'),
];

const tie = (helper: string, helped: string, weight = 1): TieRow => ({
  helper,
  helped,
  weight,
  interactions: 1,
});

const CURRENT = [
  tie('asker2', 'h1'),
  tie('h4', 'first-seen'),
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

const seen = (overrides: Partial<Presence> = {}): Presence => ({
  first: '2024-01-01T09:00:00.000Z',
  last: '2025-03-20T09:00:00.000Z',
  inWindow: 5,
  asked: 0,
  sources: ['slack'],
  ...overrides,
});
// Everyone seen in Slack in the window, except: the two never seen anywhere; `unlisted`, whose
// ties prove them present anyway; `gone`, last seen before the window; `old-chat`, seen only in
// a source that ends before the window; `later`, first seen after it.
const presence = new Map<string, Presence>(
  ROSTER.filter(
    (p) => !['ghost', 'ghost-new', 'unlisted', 'gone', 'old-chat', 'later'].includes(p.person),
  ).map((p) => [p.person, seen()]),
);
presence.set('iso', seen({ inWindow: 2 }));
presence.set('asker', seen({ inWindow: 2, asked: 2 }));
presence.set('asker2', seen({ asked: 1 }));
presence.set('newbie3', seen({ first: '2025-01-02T10:00:00.000Z', inWindow: 1 }));
presence.set('first-seen', seen({ first: '2025-02-01T10:00:00.000Z' }));
presence.set('gone', seen({ last: '2024-12-20T16:00:00.000Z', inWindow: 0 }));
presence.set(
  'old-chat',
  seen({ last: '2023-06-30T12:00:00.000Z', inWindow: 0, sources: ['oldchat'] }),
);
presence.set('later', seen({ first: '2025-05-02T08:00:00.000Z', last: null, inWindow: 0 }));
const slack = new Set(['slack']);

// The fixture's falls are small (4 → 2, 3 → 0), so most cases flag every fall of half, however
// likely by chance; the default's tolerance of chance falls has a test of its own.
function run(
  thresholds?: Parameters<typeof isolation>[2]['thresholds'],
  maxChance = 1,
  coveringPrevious: ReadonlySet<string> = slack,
) {
  const result = isolation(current, previous, {
    window: WINDOW,
    presence,
    coveringWindow: slack,
    coveringPrevious,
    thresholds: { fadingMaxChance: maxChance, ...thresholds },
  });
  const byId = new Map(result.people.map((p) => [p.person, p]));
  return { result, get: (id: string): PersonIsolation => byId.get(id)! };
}

describe('isolation', () => {
  it('flags someone present in the window with no ties at all as isolated, naming the figures', () => {
    const { get } = run();
    // iso had one partner before (h1): 1 → 0 is below fadingMinPrevious, so only isolated.
    expect(get('iso')).toEqual({
      person: 'iso',
      flags: ['isolated'],
      reasons: [
        'active in the window (2 events) but no help ties: helped nobody and was helped by nobody (1 person in the previous window)',
      ],
      ties: { partners: 0, helped: 0, helpedBy: 0 },
      previousTies: { partners: 1, helped: 1, helpedBy: 0 },
      lastActivity: '2025-03-20T09:00:00.000Z',
      asked: 0,
    });
  });

  it('flags someone who asked in the window and whom nobody helped as unanswered', () => {
    const { get } = run();
    expect(get('asker').flags).toEqual(['unanswered', 'isolated']);
    expect(get('asker').reasons[0]).toBe(
      'asked 2 times in the window (thread starts, questions and the like) and nobody helped them',
    );
    // Helped someone, but was helped by nobody: still unanswered.
    expect(get('asker2').flags).toEqual(['unanswered', 'peripheral']);
    expect(get('asker2').reasons[0]).toMatch(/^asked once in the window/);
    // Asked nothing: per was helped by h3 and asked nothing.
    expect(get('per').flags).not.toContain('unanswered');
  });

  it('flags someone seen before the window and not at all in it as lapsed, not isolated', () => {
    const { get } = run();
    expect(get('gone').flags).toEqual(['lapsed']);
    expect(get('gone').reasons).toEqual([
      'no activity at all in the window; last active 2024-12-20 (3 people in the previous window)',
    ]);
    expect(get('gone').lastActivity).toBe('2024-12-20T16:00:00.000Z');
  });

  it('leaves out, with the reason, people seen only where the window has no data', () => {
    const { result } = run();
    expect(result.notCovered).toEqual([
      {
        person: 'later',
        lastActivity: null,
        reason: 'first active 2025-05-02, after the window',
      },
      {
        person: 'old-chat',
        lastActivity: '2023-06-30T12:00:00.000Z',
        reason:
          'seen only in oldchat, which does not cover the window starting 2025-01-01 in full; last active 2023-06-30',
      },
    ]);
    const ids = result.people.map((p) => p.person);
    expect(ids).not.toContain('later');
    expect(ids).not.toContain('old-chat');
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
    // h4 went from 2 partners (fad, left) to 3 (newbie, unlisted, first-seen): no fall.
    expect(get('h4').flags).toEqual([]);
  });

  it('judges fading only for people of a source that covers the previous window', () => {
    const { get } = run({}, 1, new Set());
    expect(get('fad').flags).toEqual([]);
    expect(get('h3').flags).toEqual([]);
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

  it('flags people who joined or were first seen within the window, with fewer than two partners, as new', () => {
    const { get } = run();
    // One partner: new, not peripheral (a newcomer is not on the edge yet).
    expect(get('newbie').flags).toEqual(['new']);
    expect(get('newbie').reasons[0]).toBe(
      'joined 2025-02-10, within the window starting 2025-01-01, and has ties with 1 person (fewer than 2)',
    );
    // Joined on the window's first day, no ties yet.
    expect(get('newbie3').flags).toEqual(['isolated', 'new']);
    // Joined on the first day too, but already has two partners.
    expect(get('newbie2').flags).toEqual([]);
    // Joined the day before the window: only the single tie counts.
    expect(get('early').flags).toEqual(['peripheral']);
    // No joining date, but first seen within the window.
    expect(get('first-seen').flags).toEqual(['new']);
    expect(get('first-seen').reasons[0]).toMatch(/^first active 2025-02-01, within the window/);
  });

  it('lists people never active apart, without flags, and ignores people no longer on the roster', () => {
    const { result, get } = run();
    expect(result.neverActive).toEqual(['ghost', 'ghost-new']);
    const ids = result.people.map((p) => p.person);
    expect(ids).not.toContain('ghost');
    expect(ids).not.toContain('ghost-new');
    expect(ids).not.toContain('left');
    // No presence read, but their ties show they are present.
    expect(get('unlisted').flags).toEqual([]);
    expect(result.people.length + result.notCovered.length + result.neverActive.length).toBe(
      ROSTER.length,
    );
  });

  it('by default leaves a fall that chance explains alone', () => {
    const { get } = run({}, DEFAULTS.fadingMaxChance);
    // fad: 4 → 2 is half, but comes about by chance 24% of the time.
    expect(poissonAtMost(2, 4)).toBeCloseTo(chanceOf4To2, 12);
    expect(get('fad').flags).toEqual([]);
    expect(get('h3').flags).toEqual([]);
  });

  it('orders people most worrying first', () => {
    const { result } = run();
    // Rule: worst flag (unanswered < isolated < lapsed < fading < new < peripheral < none),
    // then more flags, then fewer partners, then the larger fall, then id.
    expect(result.people.map((p) => p.person)).toEqual([
      'asker', // unanswered + isolated
      'asker2', // unanswered + peripheral
      'newbie3', // isolated + new
      'iso', // isolated
      'gone', // lapsed
      'fad', // fading, 2 partners, fall 2
      'h3', // fading: per, fad, gone, steady → per, steady; 2 partners, fall 2
      'first-seen', // new, 1 partner, fall −1 — then by id
      'newbie',
      'boss', // peripheral, 1 partner, fall 0 — then by id
      'early',
      'mgr-only',
      'per',
      'newbie2', // unflagged, 2 partners, fall −2
      'unlisted',
      'steady', // 3 partners, fall 0
      'h4', // 3 partners, fall −1
      'h2', // 4 partners
      'h1', // 5 partners
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
    const eager = run({ fadingMinPrevious: 1 });
    expect(eager.get('iso').flags).toEqual(['isolated', 'fading']);
    const wide = run({ peripheralMaxPartners: 2, newcomerMinPartners: 3 });
    expect(wide.get('newbie2').flags).toEqual(['new']);
    expect(wide.get('fad').flags).toEqual(['fading', 'peripheral']);
  });

  it('checks its input first, with errors that name it', () => {
    const options = {
      window: WINDOW,
      presence,
      coveringWindow: slack,
      coveringPrevious: slack,
    };
    expect(() => isolation({} as never, previous, options)).toThrow(/^isolation: `current`/);
    expect(() => isolation(current, null as never, options)).toThrow(/^isolation: `previous`/);
    expect(() =>
      isolation(current, previous, { ...options, window: { from: 'soon', to: WINDOW.to } }),
    ).toThrow(/^isolation: `window`/);
    expect(() => isolation(current, previous, { ...options, presence: [] as never })).toThrow(
      /^isolation: `presence`/,
    );
    expect(() =>
      isolation(current, previous, { ...options, coveringPrevious: ['slack'] as never }),
    ).toThrow(/^isolation: `coveringPrevious`/);
    expect(() =>
      isolation(current, previous, { ...options, thresholds: { fadingDrop: 0 } }),
    ).toThrow('isolation: thresholds.fadingDrop must be in (0, 1], got 0');
  });
});
