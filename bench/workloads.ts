import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../server/store/database.ts';

/**
 * Seeded benchmark organisations, written by DuckDB from hashes of the row number (the same
 * seed gives the same files): an org chart of teams (of 100 by default) with a manager each, and
 * interchange CSV help events (over the 90 days from 2026-06-01 by default), 75% of them within
 * the helper's team (L: about 1.6 M distinct ties).
 */
export interface Workload {
  name: string;
  people: number;
  interactions: number;
  teamSize?: number;
  /** The events' first day, and how many days they span. */
  start?: string;
  days?: number;
}

export const WORKLOADS: Record<string, Workload> = {
  S: { name: 'S', people: 400, interactions: 20_000 },
  M: { name: 'M', people: 2_000, interactions: 300_000 },
  L: { name: 'L', people: 10_000, interactions: 3_000_000 },
  /** Issue 15's organisation: 200 teams of 250, two years of help. */
  XL: {
    name: 'XL',
    people: 50_000,
    interactions: 15_000_000,
    teamSize: 250,
    start: '2024-09-01',
    days: 730,
  },
};

export async function writeWorkload(
  dir: string,
  workload: Workload,
  seed = 42,
): Promise<{ orgChart: string; events: string }> {
  const { teamSize = 100, start = '2026-06-01', days = 90 } = workload;
  const shape = teamSize === 100 && days === 90 ? '' : `-t${teamSize}-d${days}`;
  // v2: single-argument hashes (DuckDB's multi-argument hash correlated the draws).
  const base = join(
    dir,
    `${workload.name}-${workload.people}-${workload.interactions}-${seed}${shape}-v2`,
  );
  const orgChart = `${base}-org.csv`;
  const events = `${base}-events.csv`;
  if (existsSync(orgChart) && existsSync(events)) return { orgChart, events };
  const store = await Store.open(':memory:');
  const id = (expr: string) => `'p' || lpad((${expr})::VARCHAR, 5, '0')`;
  const teams = Math.max(1, Math.ceil(workload.people / teamSize));
  await store.run(`COPY (
    SELECT ${id('i')} AS person, 'Person ' || i AS name, 'p' || i || '@example.com' AS email,
           'team-' || (i // ${teamSize}) AS team,
           CASE WHEN i % ${teamSize} = 0 THEN NULL ELSE ${id(`i - i % ${teamSize}`)} END AS manager,
           CASE WHEN i % ${teamSize} = 0 THEN 'Manager' ELSE 'Engineer' END AS title,
           DATE '2020-01-01' + (hash(i::BIGINT * 8 + 7 + ${seed}::BIGINT * 100000007) % 2000)::INTEGER AS joined
    FROM range(${workload.people}) t(i)) TO '${orgChart}' (HEADER)`);
  await store.run(`COPY (
    WITH draws AS (
      SELECT i, hash(i::BIGINT * 8 + 1 + ${seed}::BIGINT * 100000007) % ${workload.people} AS helper,
             hash(i::BIGINT * 8 + 2 + ${seed}::BIGINT * 100000007) % 100 < 75 AS local, hash(i::BIGINT * 8 + 3 + ${seed}::BIGINT * 100000007) AS pick
      FROM range(${workload.interactions}) t(i))
    SELECT 'e' || i AS id, ${id('helper')} AS helper,
           ${id(`CASE WHEN local THEN least(helper - helper % ${teamSize} + pick % ${teamSize}, ${workload.people - 1})
                      ELSE pick % ${workload.people} END`)} AS helped,
           strftime(TIMESTAMPTZ '${start}' + to_seconds((hash(i::BIGINT * 8 + 4 + ${seed}::BIGINT * 100000007) % ${days * 86400})::BIGINT),
                    '%Y-%m-%dT%H:%M:%SZ') AS "at",
           ['reply', 'review', 'answer', 'comment'][(1 + hash(i::BIGINT * 8 + 5 + ${seed}::BIGINT * 100000007) % 4)::INTEGER] AS kind,
           'topic-' || (helper // ${teamSize} * 3 + hash(i::BIGINT * 8 + 6 + ${seed}::BIGINT * 100000007) % 3) % ${teams * 2} AS topic,
           'channel-' || (helper // ${teamSize}) AS context
    FROM draws) TO '${events}' (HEADER)`);
  store.close();
  return { orgChart, events };
}
