/**
 * Names for communities, from what their members share rather than a number: the topics of the
 * help they give, else the contexts (channels, repositories, lists) it happens in, else the team
 * most of them are in.
 *
 * A label names a community by how distinctive it is there, TF-IDF's idea with help weights as
 * the term counts: score = share × ln(lift), where share is the label's part of the help the
 * community's members give and lift that share over the label's share in all communities
 * together. A label everyone uses (lift 1) scores 0 however common it is, a rare label little,
 * so "gpu" names the community where GPU help gathers, not the one where it is merely present.
 * When no label is more common in a community than overall (one community, or one context for
 * everything), the most common one names it.
 *
 * Two communities never share a name: a later one (smaller, or same size with a later member)
 * takes its next labels too (the distinctive ones, then the most common), then a number if even
 * that repeats.
 */

export type NameSource = 'topics' | 'contexts' | 'team' | 'none';

export interface CommunityName {
  name: string;
  /** What the name was made of. */
  from: NameSource;
  /** The labels in the name, most distinctive first. */
  labels: string[];
}

/** Help given per person and label (topic or context). */
export type LabelWeights = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface NamingInput {
  /** Members of each community, in community order. */
  members: readonly (readonly string[])[];
  /** Largest team of each community, null when none of its members has one. */
  mainTeams: readonly (string | null)[];
  topics?: LabelWeights | undefined;
  contexts?: LabelWeights | undefined;
}

export const DEFAULTS = {
  /** Labels in a name. */
  labels: 2,
  /** Labels considered per community when names collide. */
  candidates: 5,
} as const;

const SEPARATOR = ' · ';

interface Ranked {
  /** The distinctive labels by score, then the others by share; empty when there are none. */
  labels: string[];
  /** How many of `labels` are distinctive (score above 0). */
  distinctive: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per community, its labels ranked by distinctiveness. */
function rankedLabels(members: NamingInput['members'], weights: LabelWeights): Ranked[] {
  const perCommunity = members.map((people) => {
    const totals = new Map<string, number>();
    for (const person of people) {
      for (const [label, weight] of Object.entries(weights[person] ?? {})) {
        if (weight > 0 && label.trim()) totals.set(label, (totals.get(label) ?? 0) + weight);
      }
    }
    return totals;
  });
  const overall = new Map<string, number>();
  let grandTotal = 0;
  for (const totals of perCommunity) {
    for (const [label, weight] of totals) {
      overall.set(label, (overall.get(label) ?? 0) + weight);
      grandTotal += weight;
    }
  }
  return perCommunity.map((totals) => {
    let total = 0;
    for (const weight of totals.values()) total += weight;
    const scored = [...totals].map(([label, weight]) => {
      const share = weight / total;
      const lift = share / (overall.get(label)! / grandTotal);
      return { label, share, score: share * Math.log(lift) };
    });
    // 1e-12: a lift of exactly 1 can come out a rounding error above it.
    const distinctive = scored
      .filter((entry) => entry.score > 1e-12)
      .sort((a, b) => b.score - a.score || b.share - a.share || byText(a.label, b.label));
    const common = scored
      .filter((entry) => !(entry.score > 1e-12))
      .sort((a, b) => b.share - a.share || byText(a.label, b.label));
    return {
      labels: [...distinctive, ...common].slice(0, DEFAULTS.candidates).map((e) => e.label),
      distinctive: distinctive.length,
    };
  });
}

export function communityNames(input: NamingInput): CommunityName[] {
  const { members, mainTeams } = input;
  if (mainTeams.length !== members.length) {
    throw new Error('communityNames: members and mainTeams must have one entry per community');
  }
  const byTopic = rankedLabels(members, input.topics ?? {});
  const byContext = rankedLabels(members, input.contexts ?? {});
  const taken = new Map<string, number>();
  return members.map((_people, i) => {
    let from: NameSource;
    let ranked: Ranked;
    if (byTopic[i]!.labels.length > 0) [from, ranked] = ['topics', byTopic[i]!];
    else if (byContext[i]!.labels.length > 0) [from, ranked] = ['contexts', byContext[i]!];
    else if (mainTeams[i]) [from, ranked] = ['team', fixed(`mostly ${mainTeams[i]}`)];
    else [from, ranked] = ['none', fixed('no shared topic or context')];
    const candidates = ranked.labels;
    // The distinctive labels, or the most common when none is; more only to tell apart.
    let count = Math.min(DEFAULTS.labels, ranked.distinctive || candidates.length);
    let labels = candidates.slice(0, count);
    while (taken.has(labels.join(SEPARATOR)) && count < candidates.length) {
      labels = candidates.slice(0, ++count);
    }
    let name = labels.join(SEPARATOR);
    const seen = taken.get(name) ?? 0;
    taken.set(name, seen + 1);
    if (seen > 0) name = `${name} (${seen + 1})`;
    return { name, from, labels: from === 'topics' || from === 'contexts' ? labels : [] };
  });
}

function fixed(name: string): Ranked {
  return { labels: [name], distinctive: 1 };
}
