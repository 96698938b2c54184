import type { Viewer } from './viewer.ts';

/**
 * Shapes a report for a viewer: every person it mentions is named (name and team added where the
 * report carries only the id) when the viewer may see them, and pseudonymised otherwise (a
 * stable alias instead of the id, no name, no e-mail, no accounts). Works on any report shape:
 * a person is an object with a `person` id, or an id in a `members` list.
 */

export interface DirectoryEntry {
  name: string | null;
  team: string | null;
}

export type Directory = ReadonlyMap<string, DirectoryEntry>;

const HIDDEN_FIELDS = ['name', 'email', 'managerName'] as const;

export function presentPeople<T>(value: T, viewer: Viewer, directory: Directory): T {
  return shape(value, viewer, directory) as T;
}

function shape(value: unknown, viewer: Viewer, directory: Directory): unknown {
  if (Array.isArray(value)) return value.map((item) => shape(item, viewer, directory));
  if (value === null || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const output: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) {
    if (key === 'members' && Array.isArray(item)) {
      output[key] = item.map((id) =>
        typeof id === 'string' && !viewer.canName(id) ? viewer.pseudonym(id) : id,
      );
    } else {
      output[key] = shape(item, viewer, directory);
    }
  }
  const person = input.person;
  if (typeof person !== 'string') return output;
  const entry = directory.get(person);
  if (!('name' in output) && entry) output.name = entry.name;
  if (!('team' in output) && entry) output.team = entry.team;
  if (viewer.canName(person)) return output;
  output.person = viewer.pseudonym(person);
  output.pseudonymised = true;
  for (const field of HIDDEN_FIELDS) if (field in output) output[field] = null;
  if (Array.isArray(output.accounts)) output.accounts = [];
  return output;
}

export interface Withheld {
  team: string;
  reason: string;
}

/**
 * The teams whose figures this viewer may not see: those with fewer people than the minimum
 * group size (none for admin), with the reason to show in `withheld`.
 */
export function smallGroups(
  groups: Iterable<{ team: string | null; size: number }>,
  viewer: Viewer,
  minGroupSize: number,
): { small: Set<string>; withheld: Withheld[] } {
  const small = new Set<string>();
  if (viewer.role !== 'admin') {
    for (const { team, size } of groups) if (team !== null && size < minGroupSize) small.add(team);
  }
  const reason = `fewer than ${minGroupSize} people: figures for groups this small could single people out`;
  return { small, withheld: [...small].map((team) => ({ team, reason })) };
}
