import { describe, expect, it } from 'vitest';
import { DEFAULT_KIND_WEIGHTS } from '../server/config.ts';
import { DEFAULTS, experts, topics, type TopicHelpRow } from '../server/analytics/experts.ts';

const AS_OF = '2025-06-01T00:00:00.000Z';
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(AS_OF) - days * DAY_MS).toISOString();

/** A row of `interactions` help events all at `age` days before AS_OF. */
function row(
  helper: string,
  helped: string,
  kind: string,
  interactions = 1,
  {
    topic = 'TypeScript',
    context = '#eng',
    age = 0,
    halfLife = 180,
  }: { topic?: string | null; context?: string | null; age?: number; halfLife?: number } = {},
): TopicHelpRow {
  return {
    topic,
    context,
    helper,
    helped,
    kind,
    interactions,
    lastAt: daysAgo(age),
    recencyWeight: interactions * 0.5 ** (age / halfLife),
  };
}

const answer = DEFAULT_KIND_WEIGHTS.answer!;

describe('experts', () => {
  it('ranks breadth over depth: one answer each to three people beats ten answers to one', () => {
    const rows = [
      row('deep', 'p1', 'answer', 10),
      row('broad', 'a1', 'answer'),
      row('broad', 'a2', 'answer'),
      row('broad', 'a3', 'answer'),
    ];
    const result = experts(rows, { query: 'TypeScript', asOf: AS_OF });
    // broad: three people × answer weight × recency 1 × depth 1.
    // deep: one person × answer weight × (1 + depthBonus × (1 − 0.5^9)).
    const broad = 3 * answer;
    const deep = answer * (1 + DEFAULTS.depthBonus * (1 - 0.5 ** 9));
    expect(result.experts.map((e) => e.person)).toEqual(['broad', 'deep']);
    expect(result.experts[0]!.score).toBeCloseTo(broad, 10);
    expect(result.experts[1]!.score).toBeCloseTo(deep, 10);
    expect(result.experts[0]!.peopleHelped).toBe(3);
    expect(result.experts[1]!.peopleHelped).toBe(1);
    // Bus factor by weighted help: deep gave 10 answers, broad 3.
    const deepHelp = 10 * answer;
    const broadHelp = 3 * answer;
    expect(result.experts[1]!.help).toBeCloseTo(deepHelp, 10);
    expect(result.busFactor.top1Share).toBeCloseTo(deepHelp / (deepHelp + broadHelp), 10);
    expect(result.busFactor.top3Share).toBeCloseTo(1, 10);
    expect(result.busFactor.helpers).toBe(2);
    // With no depth bonus, only breadth counts.
    const flat = experts(rows, { query: 'TypeScript', asOf: AS_OF, depthBonus: 0 });
    expect(flat.experts[1]!.score).toBeCloseTo(answer, 10);
  });

  it('reports evidence by kind, counts partitioning the interactions', () => {
    const rows = [
      row('ana', 'p1', 'accepted-answer', 1, { age: 30 }),
      row('ana', 'p1', 'answer', 2, { age: 10 }),
      row('ana', 'p2', 'review', 2, { age: 5 }),
      row('ana', 'p2', 'review-comment', 3, { age: 5 }),
      row('ana', 'p3', 'reply', 1, { age: 1 }),
      row('ana', 'p3', 'reaction', 1, { age: 1 }),
      row('ana', 'p4', 'trailer', 1, { age: 60 }),
    ];
    const [ana] = experts(rows, { query: 'typescript', asOf: AS_OF }).experts;
    expect(ana!.evidence).toEqual({
      interactions: 11,
      answers: 2,
      acceptedAnswers: 1,
      reviews: 5,
      replies: 1,
      other: 2,
      lastAt: daysAgo(1),
    });
    expect(ana!.peopleHelped).toBe(4);
    // Each person's best (kind weight × recency of its newest help) × depth of all their help.
    const w = DEFAULT_KIND_WEIGHTS;
    const decay = (age: number) => 0.5 ** (age / DEFAULTS.halfLifeDays);
    const depth = (n: number) => 1 + (1 - 0.5 ** (n - 1));
    const expected =
      Math.max(w['accepted-answer']! * decay(30), w.answer! * decay(10)) * depth(3) +
      Math.max(w.review! * decay(5), w['review-comment']! * decay(5)) * depth(5) +
      Math.max(w.reply! * decay(1), w.reaction! * decay(1)) * depth(2) +
      w.trailer! * decay(60) * depth(1);
    expect(ana!.score).toBeCloseTo(expected, 10);
  });

  it('lets recency and kind weights decide between otherwise equal helpers', () => {
    const rows = [
      row('old', 'p1', 'answer', 1, { age: 180 }),
      row('new', 'p2', 'answer', 1, { age: 0 }),
      row('accepted-old', 'p3', 'accepted-answer', 1, { age: 180 }),
      row('reply-new', 'p4', 'reply', 1, { age: 0 }),
    ];
    const result = experts(rows, { query: 'typescript', asOf: AS_OF, halfLifeDays: 180 });
    // One half-life halves: answer 2 → 1, accepted answer 4 → 2; reply today 1.
    expect(result.experts.map((e) => [e.person, e.score])).toEqual([
      ['accepted-old', 2],
      ['new', 2],
      ['old', 1],
      ['reply-new', 1],
    ]);
    // Equal scores: more weighted help first (accepted-old 4 × 0.5 = new 2 × 1 → by id; old
    // 2 × 0.5 = reply-new 1 × 1 → by id).
    const quick = experts(rows, { query: 'typescript', asOf: AS_OF, halfLifeDays: 30 });
    expect(quick.experts[0]!.person).toBe('new');
  });

  it('matches an exact topic first, else a substring of topics or contexts, case-insensitively', () => {
    const rows = [
      row('t1', 'p1', 'answer', 1, { topic: 'TypeScript' }),
      row('t2', 'p1', 'answer', 1, { topic: 'typescript-eslint' }),
      row('t3', 'p1', 'answer', 1, { topic: null, context: '#help-typescript' }),
      row('t4', 'p1', 'answer', 1, { topic: 'React', context: 'ts-guild' }),
    ];
    const exact = experts(rows, { query: ' typescript ', asOf: AS_OF });
    expect(exact.topic).toBe(' typescript ');
    expect(exact.matchedTopics).toEqual(['TypeScript']);
    expect(exact.matchedContexts).toEqual([]);
    expect(exact.experts.map((e) => e.person)).toEqual(['t1']);

    const part = experts(rows, { query: 'SCRIPT', asOf: AS_OF });
    expect(part.matchedTopics).toEqual(['TypeScript', 'typescript-eslint']);
    expect(part.matchedContexts).toEqual(['#help-typescript']);
    expect(part.experts.map((e) => e.person).sort()).toEqual(['t1', 't2', 't3']);

    const context = experts(rows, { query: 'ts', asOf: AS_OF });
    expect(context.matchedTopics).toEqual([]);
    expect(context.matchedContexts).toEqual(['ts-guild']);
    expect(context.experts.map((e) => e.person)).toEqual(['t4']);
  });

  it('measures the bus factor as the share of weighted help of the top one and three', () => {
    const rows = [
      row('a', 'p1', 'answer', 4),
      row('b', 'p1', 'answer', 2),
      row('c', 'p1', 'answer', 1),
      row('d', 'p2', 'answer', 1),
    ];
    // Help: a 8, b 4, c 2, d 2 of 16.
    expect(experts(rows, { query: 'TypeScript', asOf: AS_OF }).busFactor).toEqual({
      top1Share: 8 / 16,
      top3Share: 14 / 16,
      helpers: 4,
    });
  });

  it('merges kind weights over the defaults and ignores self-help', () => {
    const rows = [
      row('rev', 'p1', 'review'),
      row('ans', 'p2', 'answer'),
      row('ans', 'p3', 'answer'),
      row('self', 'self', 'accepted-answer', 5),
    ];
    const base = experts(rows, { query: 'TypeScript', asOf: AS_OF });
    expect(base.experts.map((e) => e.person)).toEqual(['ans', 'rev']);
    const reviews = experts(rows, {
      query: 'TypeScript',
      asOf: AS_OF,
      kindWeights: { review: 10 },
    });
    // review 10 vs two answers at the default 2 each.
    expect(reviews.experts.map((e) => [e.person, e.score])).toEqual([
      ['rev', 10],
      ['ans', 2 * answer],
    ]);
  });

  it('returns no experts and a null bus factor when nothing matches', () => {
    const result = experts([row('a', 'b', 'answer')], { query: 'rust', asOf: AS_OF });
    expect(result).toEqual({
      topic: 'rust',
      matchedTopics: [],
      matchedContexts: [],
      experts: [],
      busFactor: { top1Share: null, top3Share: null, helpers: 0 },
    });
  });

  it('checks its input first, with errors that name it', () => {
    expect(() => experts([], { query: ' ', asOf: AS_OF })).toThrow(/^experts: options.query/);
    expect(() => experts([], { query: 'x', asOf: 'later' })).toThrow(/^experts: options.asOf/);
    expect(() => experts([], { query: 'x', asOf: AS_OF, halfLifeDays: 0 })).toThrow(
      'experts: halfLifeDays must be > 0, got 0',
    );
    const bad = { ...row('a', 'b', 'answer'), lastAt: 'yesterday' };
    expect(() => experts([row('a', 'b', 'answer'), bad], { query: 'x', asOf: AS_OF })).toThrow(
      'experts: rows[1].lastAt must be an ISO 8601 time, got "yesterday"',
    );
    expect(() => topics([bad])).toThrow(/^topics: rows\[0\]\.lastAt/);
    expect(() => experts([], { query: 'x', asOf: AS_OF, kindWeights: { answer: -1 } })).toThrow(
      'experts: kindWeights.answer must be ≥ 0, got -1',
    );
  });
});

describe('topics', () => {
  it('lists topics with their help and helpers, most help first, one entry per spelling', () => {
    const rows = [
      row('a', 'p1', 'answer', 3, { topic: 'TypeScript', age: 0 }),
      row('b', 'p2', 'reply', 1, { topic: 'typescript', age: 180 }),
      row('a', 'p2', 'review', 1, { topic: 'SQL', age: 0 }),
      row('c', 'p3', 'reply', 5, { topic: null }),
      row('d', 'd', 'answer', 9, { topic: 'SQL' }),
    ];
    expect(topics(rows)).toEqual([
      {
        // 3 of the 4 interactions are spelt TypeScript; help 3 × 2 + 1 × 1 × 0.5.
        topic: 'TypeScript',
        help: 3 * answer + DEFAULT_KIND_WEIGHTS.reply! * 0.5,
        interactions: 4,
        helpers: 2,
        peopleHelped: 2,
        lastAt: daysAgo(0),
      },
      {
        topic: 'SQL',
        help: DEFAULT_KIND_WEIGHTS.review!,
        interactions: 1,
        helpers: 1,
        peopleHelped: 1,
        lastAt: daysAgo(0),
      },
    ]);
  });
});
