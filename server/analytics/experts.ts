import { DEFAULT_KIND_WEIGHTS } from '../config.ts';
import type { TopicHelpRow } from './model.ts';

// In model.ts with the rest of what the store hands the analytics; re-exported for importers.
export type { TopicHelpRow };

/**
 * The expert finder, for teams: who helps most people on a topic, with the evidence, and how much
 * of the topic's help rests on one or three people (the bus factor). Also `topics`, the list of
 * topics for the expert directory.
 *
 * Score of a helper h on the matched rows:
 *
 *   score(h) = Σ over the people p that h helped of  best(h, p) × depth(h, p)
 *   best(h, p)  = max over h's rows to p of
 *                   kindWeight(kind) × credit × 0.5^(ageDays(lastAt) / halfLifeDays)
 *   depth(h, p) = 1 + depthBonus × (1 − 0.5^(n − 1)),  n = interactions from h to p
 *
 * Each person helped counts once, by the strongest and most recent kind of help they got (an
 * accepted answer last week outweighs a reply last year), and repeated help to the same person
 * adds at most `depthBonus` times that again: ten answers to one person score less than one
 * answer each to three people. Ages are measured at `asOf`.
 *
 * Help of a helper, for the bus factor and to break ties: Σ over their rows of
 * kindWeight(kind) × recencyWeight (every interaction, decayed by its own age and times its
 * credit, as the SQL caller computed it with the same `asOf` and half-life).
 *
 * `credit` is what one interaction of a row counts for before its kind and age (1 by default):
 * less in a social context such as #random, a share when a question has several tags, less for
 * each further reply by the same person in one thread (see the caller's SQL).
 */

export interface ExpertsOptions {
  /** A topic, or part of a topic or context name; matched case-insensitively. */
  query: string;
  /** When ages are measured, ISO 8601. */
  asOf: string;
  halfLifeDays?: number;
  /** Merged over the default weight of each kind; kinds in neither count 1. */
  kindWeights?: Readonly<Record<string, number>>;
  /** How much repeated help to one person can add to their first help (0: breadth only). */
  depthBonus?: number;
}

export const DEFAULTS = {
  halfLifeDays: 180,
  kindWeights: DEFAULT_KIND_WEIGHTS,
  depthBonus: 1,
} as const satisfies Required<Omit<ExpertsOptions, 'query' | 'asOf'>>;

export interface Evidence {
  interactions: number;
  answers: number;
  acceptedAnswers: number;
  /** Reviews and review comments. */
  reviews: number;
  /** Thread, email and issue replies, and comments. */
  replies: number;
  /** Every other kind (reactions, trailers, interchange rows …). */
  other: number;
  /** The newest help on the topic, ISO 8601. */
  lastAt: string;
}

export interface Expert {
  person: string;
  score: number;
  /** The weighted help they gave on the topic (see the bus factor). */
  help: number;
  peopleHelped: number;
  evidence: Evidence;
}

export interface BusFactor {
  /** Share of the topic's weighted help given by the person who gave the most; null if none. */
  top1Share: number | null;
  /** Share given by the three who gave the most; null if none. */
  top3Share: number | null;
  /** Distinct people who helped on the topic. */
  helpers: number;
}

export interface ExpertsResult {
  topic: string;
  /** Topics the query matched (exactly, else as a substring), sorted. */
  matchedTopics: string[];
  /** Contexts whose name contains the query, when no topic matched exactly, sorted. */
  matchedContexts: string[];
  /** Best first: by score, then help, then people helped, then id. */
  experts: Expert[];
  busFactor: BusFactor;
}

/** Which evidence count a kind adds to; the counts partition the interactions. */
const EVIDENCE: ReadonlyMap<string, keyof Omit<Evidence, 'interactions' | 'lastAt'>> = new Map([
  ['answer', 'answers'],
  ['accepted-answer', 'acceptedAnswers'],
  ['review', 'reviews'],
  ['review-comment', 'reviews'],
  ['reply', 'replies'],
  ['email-reply', 'replies'],
  ['issue-comment', 'replies'],
  ['comment', 'replies'],
] as const);

const DAY_MS = 86_400_000;

function checkRows(name: string, rows: readonly TopicHelpRow[]): void {
  const given: unknown = rows;
  if (!Array.isArray(given)) throw new Error(`${name}: rows must be an array`);
  rows.forEach((row, i) => {
    const fail = (field: string, expected: string, value: unknown) => {
      throw new Error(
        `${name}: rows[${i}].${field} must be ${expected}, got ${JSON.stringify(value)}`,
      );
    };
    if (typeof row.helper !== 'string' || !row.helper) fail('helper', 'a person id', row.helper);
    if (typeof row.helped !== 'string' || !row.helped) fail('helped', 'a person id', row.helped);
    if (typeof row.kind !== 'string') fail('kind', 'a string', row.kind);
    if (!(row.interactions >= 0)) fail('interactions', 'a count', row.interactions);
    if (!(row.recencyWeight >= 0))
      fail('recencyWeight', 'a non-negative number', row.recencyWeight);
    if (row.credit !== undefined && !(row.credit >= 0))
      fail('credit', 'a non-negative number', row.credit);
    if (Number.isNaN(Date.parse(row.lastAt))) fail('lastAt', 'an ISO 8601 time', row.lastAt);
  });
}

function kindWeigher(name: string, overrides: Readonly<Record<string, number>> | undefined) {
  const weights = new Map(Object.entries({ ...DEFAULTS.kindWeights, ...overrides }));
  for (const [kind, weight] of weights) {
    if (!(weight >= 0)) throw new Error(`${name}: kindWeights.${kind} must be ≥ 0, got ${weight}`);
  }
  return (kind: string): number => weights.get(kind) ?? 1;
}

const normalise = (text: string | null) => (text ?? '').trim().toLowerCase();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Tally {
  score: number;
  help: number;
  /** helped person → [best, interactions] */
  helped: Map<string, [number, number]>;
  evidence: Evidence;
}

export function experts(rows: readonly TopicHelpRow[], options: ExpertsOptions): ExpertsResult {
  checkRows('experts', rows);
  if (!options || typeof options.query !== 'string' || !options.query.trim()) {
    throw new Error('experts: options.query must be a non-empty string');
  }
  const asOf = Date.parse(options.asOf);
  if (Number.isNaN(asOf)) throw new Error('experts: options.asOf must be an ISO 8601 time');
  const halfLifeDays = options.halfLifeDays ?? DEFAULTS.halfLifeDays;
  if (!(halfLifeDays > 0))
    throw new Error(`experts: halfLifeDays must be > 0, got ${halfLifeDays}`);
  const depthBonus = options.depthBonus ?? DEFAULTS.depthBonus;
  if (!(depthBonus >= 0)) throw new Error(`experts: depthBonus must be ≥ 0, got ${depthBonus}`);
  const weightOf = kindWeigher('experts', options.kindWeights);

  const query = normalise(options.query);
  const help = rows.filter((row) => row.helper !== row.helped);
  let matched = help.filter((row) => normalise(row.topic) === query);
  const matchedContexts = new Set<string>();
  if (matched.length === 0) {
    matched = help.filter((row) => {
      const byContext = normalise(row.context).includes(query);
      if (byContext) matchedContexts.add(row.context!);
      return byContext || normalise(row.topic).includes(query);
    });
  }
  const matchedTopics = new Set<string>();
  for (const row of matched) {
    if (row.topic !== null && normalise(row.topic).includes(query)) matchedTopics.add(row.topic);
  }

  const tallies = new Map<string, Tally>();
  for (const row of matched) {
    let tally = tallies.get(row.helper);
    if (!tally) {
      const evidence: Evidence = {
        interactions: 0,
        answers: 0,
        acceptedAnswers: 0,
        reviews: 0,
        replies: 0,
        other: 0,
        lastAt: row.lastAt,
      };
      tally = { score: 0, help: 0, helped: new Map(), evidence };
      tallies.set(row.helper, tally);
    }
    const weight = weightOf(row.kind);
    const ageDays = Math.max(0, asOf - Date.parse(row.lastAt)) / DAY_MS;
    const latest = weight * (row.credit ?? 1) * 0.5 ** (ageDays / halfLifeDays);
    const pair = tally.helped.get(row.helped);
    if (pair) {
      pair[0] = Math.max(pair[0], latest);
      pair[1] += row.interactions;
    } else tally.helped.set(row.helped, [latest, row.interactions]);
    tally.help += weight * row.recencyWeight;
    const { evidence } = tally;
    evidence.interactions += row.interactions;
    evidence[EVIDENCE.get(row.kind) ?? 'other'] += row.interactions;
    if (Date.parse(row.lastAt) > Date.parse(evidence.lastAt)) evidence.lastAt = row.lastAt;
  }

  const ranked: Expert[] = [...tallies].map(([person, tally]) => {
    let score = 0;
    for (const [best, n] of tally.helped.values()) {
      score += best * (1 + depthBonus * (1 - 0.5 ** Math.max(0, n - 1)));
    }
    return {
      person,
      score,
      help: tally.help,
      peopleHelped: tally.helped.size,
      evidence: tally.evidence,
    };
  });
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.help - a.help ||
      b.peopleHelped - a.peopleHelped ||
      byText(a.person, b.person),
  );

  const shares = ranked.map((expert) => expert.help).sort((a, b) => b - a);
  const total = shares.reduce((sum, share) => sum + share, 0);
  const share = (top: number) =>
    total > 0 ? shares.slice(0, top).reduce((sum, value) => sum + value, 0) / total : null;

  return {
    topic: options.query,
    matchedTopics: [...matchedTopics].sort(byText),
    matchedContexts: [...matchedContexts].sort(byText),
    experts: ranked,
    busFactor: { top1Share: share(1), top3Share: share(3), helpers: ranked.length },
  };
}

export interface TopicSummary {
  /** The spelling used most (topics that differ only in case are one topic). */
  topic: string;
  /** Σ kindWeight(kind) × recencyWeight over the topic's rows, as for the bus factor. */
  help: number;
  interactions: number;
  helpers: number;
  peopleHelped: number;
  lastAt: string;
}

/**
 * The expert directory: every topic with its help, most help first. Rows without a topic are
 * left out (a context is where help happened, not what it was about).
 */
export function topics(
  rows: readonly TopicHelpRow[],
  options: Pick<ExpertsOptions, 'kindWeights'> = {},
): TopicSummary[] {
  checkRows('topics', rows);
  const weightOf = kindWeigher('topics', options.kindWeights);
  const groups = new Map<
    string,
    {
      summary: TopicSummary;
      spellings: Map<string, number>;
      helpers: Set<string>;
      helped: Set<string>;
    }
  >();
  for (const row of rows) {
    if (row.topic === null || !row.topic.trim() || row.helper === row.helped) continue;
    const key = normalise(row.topic);
    let group = groups.get(key);
    if (!group) {
      group = {
        summary: {
          topic: row.topic,
          help: 0,
          interactions: 0,
          helpers: 0,
          peopleHelped: 0,
          lastAt: row.lastAt,
        },
        spellings: new Map(),
        helpers: new Set(),
        helped: new Set(),
      };
      groups.set(key, group);
    }
    const { summary } = group;
    summary.help += weightOf(row.kind) * row.recencyWeight;
    summary.interactions += row.interactions;
    if (Date.parse(row.lastAt) > Date.parse(summary.lastAt)) summary.lastAt = row.lastAt;
    group.spellings.set(row.topic, (group.spellings.get(row.topic) ?? 0) + row.interactions);
    group.helpers.add(row.helper);
    group.helped.add(row.helped);
  }
  return [...groups.values()]
    .map(({ summary, spellings, helpers, helped }) => ({
      ...summary,
      topic: [...spellings].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0]![0],
      helpers: helpers.size,
      peopleHelped: helped.size,
    }))
    .sort((a, b) => b.help - a.help || byText(a.topic, b.topic));
}
