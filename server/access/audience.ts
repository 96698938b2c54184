import type { PersonRef } from '../api/responses.ts';
import type { Viewer } from './viewer.ts';

/**
 * What every presenter needs to decide a person-bearing field: who is looking, the directory
 * of people (name, team, whether the org chart knows them), the size of every group and the
 * minimum group size. Built once per request by `app.viewers.audience()`
 * (server/services/viewers.ts).
 */

export interface DirectoryEntry {
  name: string | null;
  team: string | null;
  /** False for a person made from an account nobody vouched for: their id is that account. */
  inOrgChart: boolean;
}

export type Directory = ReadonlyMap<string, DirectoryEntry>;

/** The group of people without a team: a group like any other for the minimum size. */
export const NO_TEAM = '(no team)';

export interface Audience {
  viewer: Viewer;
  directory: Directory;
  /** People per team (NO_TEAM for those without one), opted-out people left out. */
  groupSizes: ReadonlyMap<string, number>;
  minGroupSize: number;
}

/** Group sizes of a directory: people per team, NO_TEAM for those without. */
export function groupSizesOf(directory: Directory): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const { team } of directory.values()) {
    const group = team ?? NO_TEAM;
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  return sizes;
}

/** True when this viewer may see figures of the group (admins see every group). */
export function showsGroup(audience: Audience, group: string | null): boolean {
  if (audience.viewer.role === 'admin') return true;
  return (audience.groupSizes.get(group ?? NO_TEAM) ?? 0) >= audience.minGroupSize;
}

/**
 * A person as a response shows them: by id and name when the viewer may name them; otherwise by
 * alias, without name, and without team when the team is below the minimum group size (a name
 * of a team of three plus a flag nearly names the person).
 */
export function refOf(audience: Audience, person: string): PersonRef {
  const entry = audience.directory.get(person);
  const team = entry?.team ?? null;
  if (audience.viewer.canName(person)) {
    return { person, name: entry?.name ?? null, team, pseudonymised: false };
  }
  return {
    person: audience.viewer.pseudonym(person),
    name: null,
    team: team !== null && showsGroup(audience, team) ? team : null,
    pseudonymised: true,
  };
}

/**
 * Orders people for this viewer: for admins by `rank` then id; for everyone else by `rank`
 * then the keyed hash of the id, so no position lines up with real ids.
 */
export function ordered<T>(
  audience: Audience,
  items: readonly T[],
  personOf: (item: T) => string,
  rank: (a: T, b: T) => number = () => 0,
): T[] {
  const { viewer } = audience;
  const key = (item: T) =>
    viewer.role === 'admin' ? personOf(item) : viewer.orderKey(personOf(item));
  const keys = new Map(items.map((item) => [item, key(item)]));
  return [...items].sort((a, b) => {
    const byRank = rank(a, b);
    if (byRank !== 0) return byRank;
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** True when any of these people is shown by alias. */
export function anyPseudonymised(refs: Iterable<{ pseudonymised: boolean }>): boolean {
  for (const ref of refs) if (ref.pseudonymised) return true;
  return false;
}

/**
 * Why this viewer may not filter on `team`, or null when they may: for a team below the
 * minimum group size every figure of the filtered result would be that team's (and its
 * pseudonymised rows, its people's), so only those who may name all its people may.
 */
export function teamFilterRefusal(audience: Audience, team: string): string | null {
  if (showsGroup(audience, team)) return null;
  for (const [person, entry] of audience.directory) {
    if (entry.team === team && !audience.viewer.canName(person)) {
      return `team "${team}" has fewer than ${audience.minGroupSize} people: its figures are shown only to those who may see all of them by name`;
    }
  }
  return null;
}
