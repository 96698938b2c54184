/**
 * Community tracking: what became of the communities of one window in the next, matched by
 * their members (each window numbers its communities independently, so ids mean nothing across
 * windows).
 *
 * Rules, thresholds in DEFAULTS:
 * - A previous community P and a current community C match when their member sets are similar,
 *   Jaccard |P ∩ C| / |P ∪ C| ≥ `minJaccard`, or when most of the smaller is in the larger,
 *   |P ∩ C| / min(|P|, |C|) ≥ `minContainment` with at least `minShared` people in common (so a
 *   small piece split off a large community still matches it, but one person does not).
 * - Each current community gets one status, the first that applies:
 *   - `new`: it matches no previous community;
 *   - `merged`: it matches several previous communities;
 *   - `split`: its one match also matches other current communities (it is one of the pieces);
 *   - `grown` / `shrunk`: its size changed by at least `sizeChange` of the previous size;
 *   - `stable`: otherwise.
 * - Each previous community matching no current one is `dissolved`.
 *
 * Returns the events of current communities in id order, then those of dissolved ones.
 */

export type CommunityStatus =
  'stable' | 'grown' | 'shrunk' | 'split' | 'merged' | 'new' | 'dissolved';

export interface TrackingOptions {
  minJaccard: number;
  minContainment: number;
  minShared: number;
  /** Relative size change, from the previous size, that counts as grown or shrunk. */
  sizeChange: number;
}

export const DEFAULTS: TrackingOptions = {
  minJaccard: 0.3,
  minContainment: 0.5,
  minShared: 2,
  sizeChange: 0.2,
};

export interface CommunityMatch {
  previous: number;
  current: number;
  /** People in both. */
  shared: number;
  /** shared / people in either. */
  jaccard: number;
}

export interface CommunityEvent {
  status: CommunityStatus;
  /** The current community; null when dissolved. */
  current: number | null;
  /** The previous communities matched (the dissolved one itself when dissolved), ascending. */
  previous: number[];
  /** Members now; 0 when dissolved. */
  size: number;
  /** Members of the previous communities listed, together. */
  previousSize: number;
  /** The matches behind the status, by previous id; empty when new or dissolved. */
  matches: CommunityMatch[];
}

type Assignment = Readonly<Record<string, number>>;

export function trackCommunities(
  previous: Assignment,
  current: Assignment,
  options: Partial<TrackingOptions> = {},
): CommunityEvent[] {
  const before = membersOf(previous, 'previous');
  const after = membersOf(current, 'current');
  // Options left undefined take their default, as in graphology's resolveDefaults.
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const settings: TrackingOptions = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ['minJaccard', 'minContainment'] as const) {
    if (!(settings[key] >= 0 && settings[key] <= 1)) {
      throw new Error(`trackCommunities: ${key} must be in [0, 1]`);
    }
  }
  if (!(settings.sizeChange >= 0)) {
    throw new Error('trackCommunities: sizeChange must be a non-negative number');
  }
  if (!Number.isInteger(settings.minShared) || settings.minShared < 0) {
    throw new Error('trackCommunities: minShared must be a non-negative integer');
  }

  const previousOf = new Map(Object.entries(previous));
  const matchesOf = new Map<number, CommunityMatch[]>();
  /** Per previous community, how many current ones it matches. */
  const matchCount = new Map<number, number>();
  for (const [c, people] of after) {
    const shared = new Map<number, number>();
    for (const person of people) {
      const p = previousOf.get(person);
      if (p !== undefined) shared.set(p, (shared.get(p) ?? 0) + 1);
    }
    const matches: CommunityMatch[] = [];
    for (const [p, common] of shared) {
      const sizeBefore = before.get(p)!.length;
      const jaccard = common / (people.length + sizeBefore - common);
      const containment = common / Math.min(people.length, sizeBefore);
      if (
        jaccard >= settings.minJaccard ||
        (containment >= settings.minContainment && common >= settings.minShared)
      ) {
        matches.push({ previous: p, current: c, shared: common, jaccard });
        matchCount.set(p, (matchCount.get(p) ?? 0) + 1);
      }
    }
    matchesOf.set(
      c,
      matches.sort((x, y) => x.previous - y.previous),
    );
  }

  const statusOf = (
    matches: CommunityMatch[],
    size: number,
    previousSize: number,
  ): CommunityStatus => {
    if (matches.length === 0) return 'new';
    if (matches.length > 1) return 'merged';
    if (matchCount.get(matches[0]!.previous)! > 1) return 'split';
    const change = (size - previousSize) / previousSize;
    if (change >= settings.sizeChange) return 'grown';
    if (change <= -settings.sizeChange) return 'shrunk';
    return 'stable';
  };

  const events: CommunityEvent[] = [];
  for (const c of [...after.keys()].sort((x, y) => x - y)) {
    const matches = matchesOf.get(c)!;
    const size = after.get(c)!.length;
    const ids = matches.map((m) => m.previous);
    const previousSize = ids.reduce((sum, p) => sum + before.get(p)!.length, 0);
    const status = statusOf(matches, size, previousSize);
    events.push({ status, current: c, previous: ids, size, previousSize, matches });
  }
  for (const p of [...before.keys()].sort((x, y) => x - y)) {
    if (matchCount.has(p)) continue;
    const previousSize = before.get(p)!.length;
    events.push({
      status: 'dissolved',
      current: null,
      previous: [p],
      size: 0,
      previousSize,
      matches: [],
    });
  }
  return events;
}

function membersOf(assignment: Assignment, which: string): Map<number, string[]> {
  if (assignment === null || typeof assignment !== 'object') {
    throw new Error(`trackCommunities: the ${which} assignment must be an object`);
  }
  const members = new Map<number, string[]>();
  for (const [person, community] of Object.entries(assignment)) {
    if (!Number.isInteger(community)) {
      throw new Error(`trackCommunities: ${which} community of ${person} is not an integer`);
    }
    const list = members.get(community);
    if (list) list.push(person);
    else members.set(community, [person]);
  }
  return members;
}
