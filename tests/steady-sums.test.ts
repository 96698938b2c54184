import { describe, expect, it } from 'vitest';
import {
  readContextWeights,
  readHelpNetwork,
  readMainContexts,
  readTopicHelp,
  readTopicWeights,
  weightsAddExactly,
} from '../server/store/analytics-queries.ts';
import { readPartnerSpans } from '../server/store/follow-up-queries.ts';
import { readPartners, readPersonWeeks } from '../server/store/people-queries.ts';
import { storeWith } from './helpers.ts';

/**
 * Sums of doubles in SQL give the same bits on every run. DuckDB's sum() adds the partial sums
 * of its threads in the order they finish, so a report's last bits used to vary from run to run
 * (`npm run golden` saw the experts' `help` do so). Each query runs RUNS times on two threads
 * over enough events that DuckDB splits the work, and every answer must be byte-identical.
 */
const RUNS = 20;

const chart = (people: number) =>
  [
    'person,name,email,team,manager,title,joined',
    ...Array.from(
      { length: people },
      (_, p) => `p${p},P ${p},p${p}@x.org,t${p % 2},,Eng,2020-01-01`,
    ),
  ].join('\n');

/**
 * `count` events among `people`, each helping three others; weights like 0.1 and 0.3 (an
 * interchange file's own) and recency factors are not exact in binary, so their sums depend on
 * the order.
 */
function events(count: number, people: number): string {
  const rows = ['id,helper,helped,at,kind,topic,context,weight'];
  for (let k = 0; k < count; k++) {
    const helper = (k * 7) % people;
    const helped = (helper + 1 + (k % 3)) % people;
    const at = new Date(Date.UTC(2026, 0, 1) + ((k * 7919) % (90 * 86_400)) * 1000);
    const weight = k % 4 === 0 ? '' : String([0.1, 0.3, 0.7][k % 3]);
    rows.push(
      `e${k},p${helper},p${helped},${at.toISOString()},reply,topic-${k % 2},#c${k % 3},${weight}`,
    );
  }
  return rows.join('\n');
}

async function answers(read: () => Promise<unknown>): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const value = await read();
    seen.add(
      // A Map is looked up, not walked: its order is not part of the answer.
      JSON.stringify(value instanceof Map ? [...value].sort() : value),
    );
  }
  return seen;
}

describe('sums of doubles in SQL', () => {
  it('give byte-identical answers run after run on several threads', async () => {
    const store = await storeWith(chart(6), events(40_000, 6));
    await store.run('SET threads = 2');
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    const reads: Record<string, () => Promise<unknown>> = {
      topicHelp: () => readTopicHelp(store, { ...window, asOf: window.to, halfLifeDays: 30 }),
      topicWeights: () => readTopicWeights(store, { ...window, rawEvents: true }),
      contextWeights: () => readContextWeights(store, { ...window, rawEvents: true }),
      mainContexts: () => readMainContexts(store, { ...window, rawEvents: true }),
      partners: () => readPartners(store, 'p0', window),
      personWeeks: () => readPersonWeeks(store, 'p0', window),
      partnerSpans: () => readPartnerSpans(store, 'p0', '2026-02-15T00:00:00Z', window),
    };
    const distinct: Record<string, number> = {};
    for (const [name, read] of Object.entries(reads)) {
      distinct[name] = (await answers(read)).size;
    }
    expect(distinct).toEqual(Object.fromEntries(Object.keys(reads).map((name) => [name, 1])));
  });

  it('give the network byte-identical ties where events carry fractional weights', async () => {
    // More than two of DuckDB's row groups (122,880 rows): only then does it scan on two threads.
    const store = await storeWith(chart(500), events(260_000, 500));
    await store.run('SET threads = 2');
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', rawEvents: true };
    const seen = await answers(async () => {
      const { weight } = await readHelpNetwork(store, window);
      return [...weight];
    });
    expect(seen.size).toBe(1);
    expect(await weightsAddExactly(store, {}, 'interactions')).toBe(false);
  });

  it('are left to a plain sum only where the weights add up exactly in any order', async () => {
    const store = await storeWith(
      chart(3),
      [
        'id,helper,helped,at,kind,topic,context,weight',
        '1,p0,p1,2026-03-02T10:00:00Z,reply,go,api,',
        '2,p1,p2,2026-03-03T10:00:00Z,review,go,api,2.75',
      ].join('\n'),
    );
    expect(await weightsAddExactly(store, {}, 'interactions')).toBe(true);
    expect(await weightsAddExactly(store, {}, 'weekly_ties')).toBe(true);
    expect(await weightsAddExactly(store, { kindWeights: { reply: 0.3 } }, 'interactions')).toBe(
      false,
    );
    await store.run(`UPDATE interactions SET weight = 0.1 WHERE source_id = '1'`);
    expect(await weightsAddExactly(store, {}, 'interactions')).toBe(false);
  });
});
