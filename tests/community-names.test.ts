/**
 * Community names on hand-made label weights: the figures in the comments are worked out by hand
 * from the rule in community-names.ts (share × ln(lift)).
 */
import { describe, expect, it } from 'vitest';
import { communityNames } from '../server/analytics/community-names.ts';

describe('communityNames', () => {
  it('prefers a distinctive label over a merely common one', () => {
    // Overall: python 20 of 40, gpu 10, plots 10. Community 0: python 10, gpu 10 (of 20):
    // python lift 1 (score 0), gpu lift 2 (0.5 ln 2). Community 1: python 10, plots 10: plots.
    const names = communityNames({
      members: [['a', 'b'], ['c']],
      mainTeams: [null, null],
      topics: { a: { python: 6, gpu: 10 }, b: { python: 4 }, c: { python: 10, plots: 10 } },
    });
    expect(names).toEqual([
      { name: 'gpu', from: 'topics', labels: ['gpu'] },
      { name: 'plots', from: 'topics', labels: ['plots'] },
    ]);
  });

  it('names a single community by its most common labels', () => {
    const [only] = communityNames({
      members: [['a', 'b']],
      mainTeams: ['Core'],
      topics: { a: { sql: 1, go: 3 }, b: { rust: 2 } },
    });
    expect(only).toEqual({ name: 'go · rust', from: 'topics', labels: ['go', 'rust'] });
  });

  it('takes one more label, then a number, when two names would be the same', () => {
    const names = communityNames({
      members: [['a'], ['b'], ['c'], ['d']],
      mainTeams: [null, null, null, null],
      contexts: {
        a: { x: 4, y: 2 },
        b: { x: 4, y: 2, v: 0.1 },
        c: { w: 1 },
        d: { w: 1 },
      },
    });
    expect(names.map((n) => n.name)).toEqual(['x · y', 'x · y · v', 'w', 'w (2)']);
    expect(names.every((n) => n.from === 'contexts')).toBe(true);
  });

  it('rejects lists of different lengths', () => {
    expect(() => communityNames({ members: [['a']], mainTeams: [] })).toThrow(/^communityNames:/);
  });
});
