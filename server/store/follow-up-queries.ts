import { helpEvents, NOT_SELF, WEIGHT, type Filters } from './analytics-queries.ts';
import type { StoreReader } from './database.ts';
import { steadySum } from './steady-sum.ts';

export interface PartnerSpan {
  partner: string;
  /** Help between the two (either way) before `cut` and from `cut` on. */
  weightBefore: number;
  weightSince: number;
  interactionsBefore: number;
  interactionsSince: number;
  /** ISO 8601 UTC; null when they had no help on that side of `cut`. */
  firstBefore: string | null;
  lastBefore: string | null;
  firstSince: string | null;
  lastSince: string | null;
}

/**
 * Each partner of a person over `filters` (two windows back to back), split at `cut` (where the
 * second window starts): how much help passed between them on each side, and when it first and
 * last did. Whom a person lost and gained, with dates, is read from this.
 */
export async function readPartnerSpans(
  store: StoreReader,
  person: string,
  cut: string,
  filters: Filters,
): Promise<PartnerSpan[]> {
  const sql = helpEvents(filters, [person, cut]);
  const before = `${NOT_SELF} AND i.occurred_at < $2::TIMESTAMPTZ`;
  const since = `${NOT_SELF} AND i.occurred_at >= $2::TIMESTAMPTZ`;
  const time = (expr: string) => `strftime(${expr}, '%Y-%m-%dT%H:%M:%SZ')`;
  return store.all<PartnerSpan>(
    `SELECT CASE WHEN hp.person_id = $1 THEN dp.person_id ELSE hp.person_id END AS partner,
            coalesce(${steadySum(WEIGHT, before)}, 0)::DOUBLE AS "weightBefore",
            coalesce(${steadySum(WEIGHT, since)}, 0)::DOUBLE AS "weightSince",
            (count(*) FILTER (WHERE ${before}))::INTEGER AS "interactionsBefore",
            (count(*) FILTER (WHERE ${since}))::INTEGER AS "interactionsSince",
            ${time(`min(i.occurred_at AT TIME ZONE 'UTC') FILTER (WHERE ${before})`)} AS "firstBefore",
            ${time(`max(i.occurred_at AT TIME ZONE 'UTC') FILTER (WHERE ${before})`)} AS "lastBefore",
            ${time(`min(i.occurred_at AT TIME ZONE 'UTC') FILTER (WHERE ${since})`)} AS "firstSince",
            ${time(`max(i.occurred_at AT TIME ZONE 'UTC') FILTER (WHERE ${since})`)} AS "lastSince"
     ${sql.from} AND (hp.person_id = $1 OR dp.person_id = $1)
     GROUP BY ALL HAVING count(*) FILTER (WHERE ${NOT_SELF}) > 0
     ORDER BY partner`,
    sql.params,
  );
}
