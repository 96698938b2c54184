import type { Withheld } from '../api/responses.ts';
import type { Audience } from './audience.ts';

/**
 * Complementary suppression (docs/privacy.md), for any grouping of people (teams today; communities or
 * contexts work the same way): a group below the minimum size is withheld, and no published
 * figure may let a reader work out a figure for it by subtraction. Two ways keep that promise:
 * - fold: when the withheld groups together reach the minimum, they become one combined group,
 *   so every total stays whole and a difference can only ever describe the combined group;
 * - drop: otherwise their people leave every figure, totals included, as if absent.
 * Admins see every group as it is.
 */

export interface GroupPlan {
  /** Each withheld group, mapped to the combined group (fold) or to null (drop). */
  withheld: ReadonlyMap<string, string | null>;
  /** The combined group's name, when the withheld groups fold into one. */
  combined: string | null;
  /** What the response lists under `withheld`, with the reason. */
  listed: Withheld;
}

export function planGroups(
  sizes: Iterable<[group: string, size: number]>,
  audience: Audience,
  /** False where figures don't add up across groups (distinct counts): withheld groups drop. */
  canFold = true,
): GroupPlan {
  const min = audience.minGroupSize;
  const small = new Map<string, number>();
  if (audience.viewer.role !== 'admin') {
    for (const [group, size] of sizes) if (size < min) small.set(group, size);
  }
  let total = 0;
  for (const size of small.values()) total += size;
  const fold = canFold && small.size > 1 && total >= min;
  const combined = fold ? `(${small.size} groups below ${min} people, combined)` : null;
  const why = `fewer than ${min} people: figures for groups this small could single people out`;
  const reason = fold
    ? `${why}; counted in "${combined}", which has ${min} or more`
    : `${why}; left out of every figure here, totals included, so none can be subtracted`;
  return {
    withheld: new Map([...small.keys()].map((group) => [group, combined])),
    combined,
    listed: [...small.keys()].sort().map((team) => ({ team, reason })),
  };
}

/** The group a figure of `group` is published under: itself, the combined group, or none. */
export function publishedGroup(plan: GroupPlan, group: string): string | null {
  return plan.withheld.has(group) ? plan.withheld.get(group)! : group;
}

export interface MatrixCell<B> {
  from: string;
  to: string;
  weight: number;
  interactions: number;
  ties: number;
  brokers: B[];
}

export interface MatrixGroup {
  group: string;
  size: number;
}

/**
 * A who-helps-whom matrix between groups (the diagonal is help within a group), with the
 * groups regrouped by `plan`: withheld groups fold into the combined one or leave, and every
 * total is recomputed from the cells that remain. Brokers stay only on cells between groups
 * that are published as they are (a broker's help to a group of three is that group's figure).
 */
export function regroup<B>(
  groups: readonly MatrixGroup[],
  cells: readonly MatrixCell<B>[],
  plan: GroupPlan,
) {
  const sizes = new Map<string, number>();
  for (const { group, size } of groups) {
    const to = publishedGroup(plan, group);
    if (to !== null) sizes.set(to, (sizes.get(to) ?? 0) + size);
  }
  const merged = new Map<string, MatrixCell<B>>();
  for (const cell of cells) {
    const from = publishedGroup(plan, cell.from);
    const to = publishedGroup(plan, cell.to);
    if (from === null || to === null) continue;
    const key = JSON.stringify([from, to]);
    const entry = merged.get(key);
    const keepsBrokers = from === cell.from && to === cell.to;
    if (!entry) {
      merged.set(key, { ...cell, from, to, brokers: keepsBrokers ? cell.brokers : [] });
    } else {
      entry.weight += cell.weight;
      entry.interactions += cell.interactions;
      entry.ties += cell.ties;
      entry.brokers = [];
    }
  }
  const totals = new Map(
    [...sizes].map(([group, size]) => [
      group,
      {
        team: group,
        size,
        internalTies: 0,
        externalTies: 0,
        eiIndex: null as number | null,
        helpGiven: 0,
        helpReceived: 0,
        helpWithin: 0,
      },
    ]),
  );
  const given = new Map<string, number>();
  const received = new Map<string, number>();
  let total = 0;
  for (const cell of merged.values()) {
    const from = totals.get(cell.from)!;
    const to = totals.get(cell.to)!;
    total += cell.weight;
    given.set(cell.from, (given.get(cell.from) ?? 0) + cell.weight);
    received.set(cell.to, (received.get(cell.to) ?? 0) + cell.weight);
    if (cell.from === cell.to) {
      from.internalTies += cell.ties;
      from.helpWithin += cell.weight;
    } else {
      from.externalTies += cell.ties;
      to.externalTies += cell.ties;
      from.helpGiven += cell.weight;
      to.helpReceived += cell.weight;
    }
  }
  for (const entry of totals.values()) {
    const ties = entry.internalTies + entry.externalTies;
    if (ties > 0) entry.eiIndex = (entry.externalTies - entry.internalTies) / ties;
  }
  // Expected flow as the report computes it (out × in / total), on what remains.
  const flows: (MatrixCell<B> & { expected: number; ratio: number | null })[] = [];
  for (const from of given.keys()) {
    for (const to of received.keys()) {
      const cell = merged.get(JSON.stringify([from, to]));
      const expected = total > 0 ? (given.get(from)! * received.get(to)!) / total : 0;
      if (!cell && expected === 0) continue;
      const weight = cell?.weight ?? 0;
      flows.push({
        from,
        to,
        weight,
        interactions: cell?.interactions ?? 0,
        ties: cell?.ties ?? 0,
        brokers: cell?.brokers ?? [],
        expected,
        ratio: expected > 0 ? weight / expected : null,
      });
    }
  }
  return { groups: [...totals.values()], flows };
}
