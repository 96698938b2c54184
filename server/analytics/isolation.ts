import type { HelpGraph } from './graph.ts';
import { adjacency, networkInput, type HelpNetwork } from './network.ts';
import type { Window } from './window.ts';

/**
 * Isolation, for managers: who on the roster has no help ties, ties with one person only, ties
 * that faded since the previous window of the same length, or has joined recently and is not
 * yet connected. Every flag comes with a reason in plain words that names its figures.
 *
 * People never active in any source (`everActive` does not hold them, and they have no tie in
 * either window) are listed apart in `neverActive` and carry no flag: their silence says that no
 * source reaches them (they work where no tool is imported, or their accounts are not mapped),
 * not that they went quiet. This holds for newcomers too. Someone with a tie in either window
 * counts as active even if `everActive` misses them.
 *
 * Reasons name figures, never other people: the route that shows them pseudonymises people, and
 * it cannot rewrite free text.
 *
 * Each window is a help graph or a `HelpNetwork` (network.ts); the two windows' rosters may list
 * people in different orders: people are matched by id.
 */

export type IsolationFlag = 'isolated' | 'fading' | 'peripheral' | 'not yet connected';

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
  /** Not yet connected: joined within the window with fewer partners than this. */
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
  /** People who took part in any help, in any source, at any time. */
  everActive: ReadonlySet<string>;
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
}

export interface IsolationResult {
  /** Everyone on the roster who was ever active, most worrying first. */
  people: PersonIsolation[];
  /** People on the roster never active in any source, sorted by id. */
  neverActive: string[];
}

/** Most worrying first: no ties at all, then a fall, then a single tie, then a newcomer. */
const SEVERITY: Readonly<Record<IsolationFlag, number>> = {
  isolated: 0,
  fading: 1,
  peripheral: 2,
  'not yet connected': 3,
};

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
 * Sort rule, most worrying first: by the most severe flag (isolated, fading, peripheral, not yet
 * connected; unflagged people last), then by more flags, then by fewer partners now, then by the
 * larger fall in partners, then by person id.
 */
function compare(a: PersonIsolation, b: PersonIsolation): number {
  const worst = (p: PersonIsolation) => (p.flags.length ? SEVERITY[p.flags[0]!] : 4);
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
  const { window, everActive } = options;
  if (!window || Number.isNaN(Date.parse(window.from)) || Number.isNaN(Date.parse(window.to))) {
    throw new Error('isolation: `window` must have ISO 8601 `from` and `to`');
  }
  if (!everActive || typeof everActive.has !== 'function') {
    throw new Error('isolation: `everActive` must be a set of person ids');
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
  const { window, everActive } = options;
  // joinedAt is a day; a person who joined on the window's first day joined within it.
  const windowStartDay = new Date(window.from).toISOString().slice(0, 10);
  const result: IsolationResult = { people: [], neverActive: [] };

  const roster = now.network.people;
  roster.forEach(({ person, ...attributes }, i) => {
    const ties = summarise(now, person);
    const previousTies = summarise(before, person);
    if (!everActive.has(person) && ties.partners === 0 && previousTies.partners === 0) {
      result.neverActive.push(person);
      return;
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

    if (partners === 0) {
      flag(
        'isolated',
        `no help ties in the window: helped nobody and was helped by nobody` +
          ` (${people(partnersBefore)} in the previous window)`,
      );
    }
    const fall = partnersBefore > 0 ? (partnersBefore - partners) / partnersBefore : 0;
    const chance = poissonAtMost(partners, partnersBefore);
    if (
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
    const onlyManager =
      partners === 1 &&
      attributes.manager !== null &&
      roster[now.partner[i]!]!.person === attributes.manager;
    if (onlyManager) {
      flag('peripheral', 'help ties with 1 person only: their own manager');
    } else if (partners > 0 && partners <= thresholds.peripheralMaxPartners) {
      flag(
        'peripheral',
        `help ties with ${people(partners)} only (helped ${people(ties.helped)},` +
          ` helped by ${people(ties.helpedBy)})`,
      );
    }
    if (
      attributes.joinedAt !== null &&
      attributes.joinedAt >= windowStartDay &&
      partners < thresholds.newcomerMinPartners
    ) {
      flag(
        'not yet connected',
        `joined ${attributes.joinedAt}, within the window starting ${windowStartDay},` +
          ` and has ties with ${people(partners)} (fewer than ${thresholds.newcomerMinPartners})`,
      );
    }
    result.people.push({ person, flags, reasons, ties, previousTies });
  });

  result.people.sort(compare);
  result.neverActive.sort();
  return result;
}

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
