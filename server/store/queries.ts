import { DEFAULT_KIND_WEIGHTS } from '../config.ts';
import type { Store } from './database.ts';

export interface Stats {
  people: number;
  accounts: number;
  interactions: number;
  imports: number;
}

export async function readStats(store: Store): Promise<Stats> {
  return (await store.one<Stats>(`SELECT
    (SELECT count(*) FROM people)::INTEGER AS people,
    (SELECT count(*) FROM accounts)::INTEGER AS accounts,
    (SELECT count(*) FROM interactions)::INTEGER AS interactions,
    (SELECT count(*) FROM imports)::INTEGER AS imports`))!;
}

export interface ImportRun {
  importId: number;
  connector: string;
  origin: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  counts: Record<string, number>;
  skipped: Record<string, number>;
  error: string | null;
}

export async function readImports(store: Store): Promise<ImportRun[]> {
  const rows = await store.all<
    Omit<ImportRun, 'counts' | 'skipped'> & { counts: string; skipped: string }
  >(
    `SELECT import_id AS "importId", connector, origin,
            strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt",
            strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "finishedAt",
            status, counts, skipped, error
     FROM imports ORDER BY import_id`,
  );
  return rows.map((row) => ({
    ...row,
    counts: JSON.parse(row.counts ?? '{}') as Record<string, number>,
    skipped: JSON.parse(row.skipped ?? '{}') as Record<string, number>,
  }));
}

export interface Tie {
  helper: string;
  helped: string;
  weight: number;
  interactions: number;
}

export interface TieQuery {
  /** Inclusive start, ISO 8601. */
  from?: string;
  /** Exclusive end, ISO 8601. */
  to?: string;
  kindWeights?: Readonly<Record<string, number>>;
}

/**
 * Ties between people: interactions aggregated in SQL per (helper, helped) person. An
 * interaction counts its own weight, else its kind's weight, else 1. Opted-out people, bots
 * and help a person gave themselves through two of their accounts are left out.
 */
export async function readTies(store: Store, query: TieQuery = {}): Promise<Tie[]> {
  const weights = Object.entries(query.kindWeights ?? DEFAULT_KIND_WEIGHTS);
  const params: string[] = [];
  const where: string[] = ['hp.person_id <> dp.person_id', 'NOT hp.opted_out', 'NOT dp.opted_out'];
  if (query.from) {
    params.push(query.from);
    where.push(`i.occurred_at >= $${params.length}::TIMESTAMPTZ`);
  }
  if (query.to) {
    params.push(query.to);
    where.push(`i.occurred_at < $${params.length}::TIMESTAMPTZ`);
  }
  const kindWeights = weights.length
    ? `(VALUES ${weights.map(([kind, weight]) => `('${kind.replaceAll("'", "''")}', ${Number(weight)})`).join(', ')}) AS kw(kind, weight)`
    : '(SELECT NULL::VARCHAR AS kind, NULL::DOUBLE AS weight) AS kw';
  return store.all<Tie>(
    `SELECT hp.person_id AS helper, dp.person_id AS helped,
            sum(COALESCE(i.weight, kw.weight, 1))::DOUBLE AS weight,
            count(*)::INTEGER AS interactions
     FROM interactions i
     JOIN accounts ha ON ha.source = i.source AND ha.account_id = i.helper_account
     JOIN accounts da ON da.source = i.source AND da.account_id = i.helped_account
     JOIN people hp ON hp.person_id = ha.person_id
     JOIN people dp ON dp.person_id = da.person_id
     LEFT JOIN ${kindWeights} ON kw.kind = i.kind
     WHERE ${where.join(' AND ')}
     GROUP BY hp.person_id, dp.person_id
     ORDER BY weight DESC, helper, helped`,
    params,
  );
}
