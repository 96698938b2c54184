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

/** The reason given for a team figure that is not shown. */
export function smallGroupReason(minGroupSize: number): string {
  return `fewer than ${minGroupSize} people: figures for groups this small could single people out`;
}

/** Teams below the minimum group size among `teams` (sizes from the roster). */
export function smallTeams(
  teams: Iterable<string>,
  sizes: ReadonlyMap<string, number>,
  minGroupSize: number,
): Set<string> {
  const small = new Set<string>();
  for (const team of teams) if ((sizes.get(team) ?? 0) < minGroupSize) small.add(team);
  return small;
}
