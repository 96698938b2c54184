import type { HelpGraph } from './graph.ts';
import { adjacency, networkInput, type HelpNetwork } from './network.ts';
import type { Window } from './window.ts';
import type { Presence } from './model.ts';

// In model.ts with the rest of what the store hands the analytics; re-exported for importers.
export type { Presence };

/**
 * Isolation, for managers (docs/activity.md). Presence (help given or received, and activity that is
 * not help: thread starts, questions, commits …) tells apart situations that look alike as ties:
 *
 * - `unanswered`: asked in the window (a thread start, a question …) and nobody helped them;
 * - `isolated`: present in the window, but no help ties at all;
 * - `lapsed`: present before, nothing at all in the window (they left a channel, a project or
 *   the company; worth a look, but not the same as being cut off);
 * - `fading`: tie partners fell since the previous window, beyond chance;
 * - `new`: first seen (or joined) within the window, with fewer than two partners so far;
 * - `peripheral`: ties with one person only, or only with their own manager (newcomers aside).
 *
 * Only the sources that cover a window can judge it: someone last seen in a source that ends
 * before the window is not lapsed but outside the data (`notCovered`), and fading is judged only
 * for people seen in a source that covers the previous window as well. People with no presence at
 * all in the selected sources are `neverActive`: no source reaches them.
 *
 * Reasons name figures and dates, never other people: the route that shows them pseudonymises
 * people, and it cannot rewrite free text. Former partners are given as person ids, for it.
 *
 * Each window is a help graph or a `HelpNetwork` (network.ts); the two windows' rosters may list
 * people in different orders: people are matched by id.
 */

export type IsolationFlag = 'unanswered' | 'isolated' | 'lapsed' | 'fading' | 'new' | 'peripheral';

export interface IsolationThresholds {
  /** Fading: distinct tie partners fell by at least this share against the previous window. */
  fadingDrop: number;
  /** Fading needs at least this many partners in the previous window (1 → 0 is just isolated). */
  fadingMinPrevious: number;
  /**
   * Fading needs the fall to be unlikely as chance: with P partners before, a count of p or
   * fewer now must have a Poisson(P) probability below this. In a sparse network 6 → 2 happens
   * by chance 6% of the time and is not flagged; 6 → 1 (2%) and 4 → 0 (1.8%) are.
   */
  fadingMaxChance: number;
  /** Peripheral: ties with at most this many distinct partners (and at least one). */
  peripheralMaxPartners: number;
  /** New: first seen or joined within the window, with fewer partners than this. */
  newcomerMinPartners: number;
}

export const DEFAULTS: Readonly<IsolationThresholds> = {
  fadingDrop: 0.5,
  fadingMinPrevious: 2,
  fadingMaxChance: 0.05,
  peripheralMaxPartners: 1,
  newcomerMinPartners: 2,
};

export interface IsolationOptions {
  /** The window of `current`; `previous` covers the window of the same length just before. */
  window: Window;
  /** Presence of the people on the roster; someone missing has none. */
  presence: ReadonlyMap<string, Presence>;
  /** The sources that cover the window in full: only they can show someone lapsed. */
  coveringWindow: ReadonlySet<string>;
  /** The sources that cover the previous window in full: only they can show someone fading. */
  coveringPrevious: ReadonlySet<string>;
  thresholds?: Partial<IsolationThresholds>;
}

/** A person's ties in one window, counted in distinct people. */
export interface TieSummary {
  /** Distinct people they helped or were helped by. */
  partners: number;
  /** Distinct people they helped. */
  helped: number;
  /** Distinct people who helped them. */
  helpedBy: number;
}

export interface PersonIsolation {
  person: string;
  /** Most worrying first; empty when nothing is flagged. */
  flags: IsolationFlag[];
  /** One per flag, in the same order. */
  reasons: string[];
  ties: TieSummary;
  previousTies: TieSummary;
  /** Their last event before the window's end (ISO 8601), null if none. */
  lastActivity: string | null;
  /** Thread starts, questions and the like in the window. */
  asked: number;
}

/** Someone seen only in sources that do not reach the window, or only after it. */
export interface NotCovered {
  person: string;
  lastActivity: string | null;
  reason: string;
}

export interface IsolationResult {
  /** Everyone on the roster the window can judge, most worrying first. */
  people: PersonIsolation[];
  /** People seen only where the window has no data, sorted by id: not judged. */
  notCovered: NotCovered[];
  /** People on the roster with no presence at all in the selected sources, sorted by id. */
  neverActive: string[];
}

/** Most worrying first: asked and unheard, cut off, gone quiet, falling away, new, one tie. */
export const SEVERITY: Readonly<Record<IsolationFlag, number>> = {
  unanswered: 0,
  isolated: 1,
  lapsed: 2,
  fading: 3,
  new: 4,
  peripheral: 5,
};
const UNFLAGGED = 6;

const EMPTY: TieSummary = { partners: 0, helped: 0, helpedBy: 0 };

/** Everyone's tie summary in one window, by roster position; ties to oneself left out. */
interface WindowTies {
  network: HelpNetwork;
  position: Map<string, number>;
  partners: Int32Array;
  helped: Int32Array;
  helpedBy: Int32Array;
  /** One of the person's partners (the only one when they have one), else -1. */
  partner: Int32Array;
}

function windowTies(network: HelpNetwork): WindowTies {
  const n = network.people.length;
  const { outOffsets, outNeighbours, inOffsets, inNeighbours } = adjacency(network, 'isolation');
  const partners = new Int32Array(n);
  const helped = new Int32Array(n);
  const helpedBy = new Int32Array(n);
  const partner = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let a = outOffsets[i]!;
    let b = inOffsets[i]!;
    const aEnd = outOffsets[i + 1]!;
    const bEnd = inOffsets[i + 1]!;
    helped[i] = aEnd - a;
    helpedBy[i] = bEnd - b;
    if (a < aEnd) partner[i] = outNeighbours[a]!;
    else if (b < bEnd) partner[i] = inNeighbours[b]!;
    // Both lists are sorted: count the people in either once.
    let count = 0;
    while (a < aEnd && b < bEnd) {
      const x = outNeighbours[a]!;
      const y = inNeighbours[b]!;
      if (x <= y) a++;
      if (y <= x) b++;
      count++;
    }
    partners[i] = count + (aEnd - a) + (bEnd - b);
  }
  const position = new Map(network.people.map((p, i) => [p.person, i]));
  return { network, position, partners, helped, helpedBy, partner };
}

function summarise(ties: WindowTies, person: string): TieSummary {
  const i = ties.position.get(person);
  if (i === undefined) return EMPTY;
  return { partners: ties.partners[i]!, helped: ties.helped[i]!, helpedBy: ties.helpedBy[i]! };
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Sort rule, most worrying first: by the most severe flag (SEVERITY; unflagged people last), then
 * by more flags, then by fewer partners now, then by the larger fall in partners, then by id.
 */
function compare(a: PersonIsolation, b: PersonIsolation): number {
  const worst = (p: PersonIsolation) => (p.flags.length ? SEVERITY[p.flags[0]!] : UNFLAGGED);
  const fall = (p: PersonIsolation) => p.previousTies.partners - p.ties.partners;
  return (
    worst(a) - worst(b) ||
    b.flags.length - a.flags.length ||
    a.ties.partners - b.ties.partners ||
    fall(b) - fall(a) ||
    (a.person < b.person ? -1 : a.person > b.person ? 1 : 0)
  );
}

function check(options: IsolationOptions): IsolationThresholds {
  if (!options || typeof options !== 'object') throw new Error('isolation: options are required');
  const { window, presence, coveringWindow, coveringPrevious } = options;
  if (!window || Number.isNaN(Date.parse(window.from)) || Number.isNaN(Date.parse(window.to))) {
    throw new Error('isolation: `window` must have ISO 8601 `from` and `to`');
  }
  if (!presence || typeof presence.get !== 'function') {
    throw new Error('isolation: `presence` must be a map of person id to presence');
  }
  for (const [name, set] of Object.entries({ coveringWindow, coveringPrevious })) {
    if (!set || typeof set.has !== 'function') {
      throw new Error(`isolation: \`${name}\` must be a set of sources`);
    }
  }
  const thresholds = { ...DEFAULTS, ...options.thresholds };
  const {
    fadingDrop,
    fadingMinPrevious,
    fadingMaxChance,
    peripheralMaxPartners,
    newcomerMinPartners,
  } = thresholds;
  if (!(fadingDrop > 0 && fadingDrop <= 1)) {
    throw new Error(`isolation: thresholds.fadingDrop must be in (0, 1], got ${fadingDrop}`);
  }
  if (!(fadingMaxChance > 0 && fadingMaxChance <= 1)) {
    throw new Error(
      `isolation: thresholds.fadingMaxChance must be in (0, 1], got ${fadingMaxChance}`,
    );
  }
  for (const [name, value] of Object.entries({
    fadingMinPrevious,
    peripheralMaxPartners,
    newcomerMinPartners,
  })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`isolation: thresholds.${name} must be a non-negative integer, got ${value}`);
    }
  }
  return thresholds;
}

export function isolation(
  current: HelpGraph | HelpNetwork,
  previous: HelpGraph | HelpNetwork,
  options: IsolationOptions,
): IsolationResult {
  const now = windowTies(networkInput(current, 'isolation: `current`'));
  const before = windowTies(networkInput(previous, 'isolation: `previous`'));
  const thresholds = check(options);
  const { window, presence, coveringWindow, coveringPrevious } = options;
  // joinedAt is a day; a person who joined on the window's first day joined within it.
  const windowStartDay = window.from.slice(0, 10);
  const result: IsolationResult = { people: [], notCovered: [], neverActive: [] };

  const roster = now.network.people;
  roster.forEach(({ person, ...attributes }, i) => {
    // Someone who left the organisation by the window's end is never flagged, nor listed.
    if (attributes.leftAt) return;
    const ties = summarise(now, person);
    const previousTies = summarise(before, person);
    const seen = presence.get(person);
    // Ties without presence can only come from a read racing an import: count them as presence.
    const present = (seen?.inWindow ?? 0) > 0 || ties.partners > 0;
    if (!seen && !present && previousTies.partners === 0) {
      result.neverActive.push(person);
      return;
    }
    const lastActivity = seen?.last ?? null;
    const sources = seen?.sources ?? [];
    if (!present) {
      const reason = whyNotJudged(seen, window, coveringWindow);
      if (reason) {
        result.notCovered.push({ person, lastActivity, reason });
        return;
      }
    }
    // Checked in SEVERITY order, so the flags come out most worrying first.
    const flags: IsolationFlag[] = [];
    const reasons: string[] = [];
    const flag = (name: IsolationFlag, reason: string) => {
      flags.push(name);
      reasons.push(reason);
    };
    const { partners } = ties;
    const partnersBefore = previousTies.partners;
    const asked = seen?.asked ?? 0;

    if (asked > 0 && ties.helpedBy === 0) {
      flag(
        'unanswered',
        `asked ${times(asked)} in the window (thread starts, questions and the like) and nobody` +
          ` helped them`,
      );
    }
    if (present && partners === 0) {
      flag(
        'isolated',
        `active in the window (${events(seen?.inWindow ?? 0)}) but no help ties: helped nobody` +
          ` and was helped by nobody (${people(partnersBefore)} in the previous window)`,
      );
    }
    if (!present) {
      flag(
        'lapsed',
        `no activity at all in the window; last active ${lastActivity!.slice(0, 10)}` +
          ` (${people(partnersBefore)} in the previous window)`,
      );
    }
    const fall = partnersBefore > 0 ? (partnersBefore - partners) / partnersBefore : 0;
    const chance = poissonAtMost(partners, partnersBefore);
    if (
      present &&
      sources.some((source) => coveringPrevious.has(source)) &&
      partnersBefore >= thresholds.fadingMinPrevious &&
      fall >= thresholds.fadingDrop &&
      chance < thresholds.fadingMaxChance
    ) {
      flag(
        'fading',
        `tie partners fell from ${partnersBefore} to ${partners} (−${percent(fall)}) against the previous` +
          ` window of the same length; a fall this large comes about by chance` +
          ` ${chance < 0.001 ? 'less than 0.1%' : `${(chance * 100).toFixed(1)}%`} of the time`,
      );
    }
    const firstDay = seen?.first.slice(0, 10) ?? null;
    const joined = attributes.joinedAt !== null && attributes.joinedAt >= windowStartDay;
    const firstSeen = firstDay !== null && firstDay >= windowStartDay;
    const isNew = present && (joined || firstSeen) && partners < thresholds.newcomerMinPartners;
    if (isNew) {
      const since = joined ? `joined ${attributes.joinedAt}` : `first active ${firstDay}`;
      flag(
        'new',
        `${since}, within the window starting ${windowStartDay}, and has ties with` +
          ` ${people(partners)} (fewer than ${thresholds.newcomerMinPartners})`,
      );
    }
    const onlyManager =
      partners === 1 &&
      attributes.manager !== null &&
      roster[now.partner[i]!]!.person === attributes.manager;
    // A newcomer with one partner is new, not on the edge.
    if (!isNew && onlyManager) {
      flag('peripheral', 'help ties with 1 person only: their own manager');
    } else if (!isNew && partners > 0 && partners <= thresholds.peripheralMaxPartners) {
      flag(
        'peripheral',
        `help ties with ${people(partners)} only (helped ${people(ties.helped)},` +
          ` helped by ${people(ties.helpedBy)})`,
      );
    }
    result.people.push({ person, flags, reasons, ties, previousTies, lastActivity, asked });
  });

  result.people.sort(compare);
  result.notCovered.sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));
  result.neverActive.sort();
  return result;
}

/**
 * Why the window cannot judge someone with no presence in it, or null when it can (they were
 * seen before it, in a source that covers it: they lapsed).
 */
function whyNotJudged(
  seen: Presence | undefined,
  window: Window,
  covering: ReadonlySet<string>,
): string | null {
  if (!seen || seen.last === null) {
    return `first active ${seen ? seen.first.slice(0, 10) : 'after the window'}, after the window`;
  }
  if (seen.sources.some((source) => covering.has(source))) return null;
  return (
    `seen only in ${seen.sources.join(', ')}, which ${seen.sources.length === 1 ? 'does' : 'do'}` +
    ` not cover the window starting ${window.from.slice(0, 10)} in full; last active` +
    ` ${seen.last.slice(0, 10)}`
  );
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
const events = (n: number) => `${n} ${n === 1 ? 'event' : 'events'}`;

/** P(X ≤ k) for X ~ Poisson(mean): how often a count this low comes about by chance alone. */
export function poissonAtMost(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mean / i;
    sum += term;
  }
  return Math.min(1, sum);
}
