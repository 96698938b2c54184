import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgChart } from '../connectors/org-chart/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import type { Window } from '../server/analytics/window.ts';
import { generateDemo, type DemoManifest } from '../demo/generate.ts';
import { Reports, type ReportQuery } from '../server/reports/reports.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { WEEKLY_TIES_SQL } from '../server/store/weekly-ties.ts';

/** The default demo, imported as `helpflow demo` does it, into a real DuckDB file in `dir`. */
export async function importDemo(): Promise<{
  dir: string;
  store: Store;
  manifest: DemoManifest;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'helpflow-weekly-'));
  const { manifest } = await generateDemo({ outDir: dir });
  const store = await Store.open(join(dir, 'helpflow.duckdb'));
  await runImport(store, orgChart, { path: join(dir, 'org-chart.csv'), options: {} });
  await runImport(store, slackExport, { path: join(dir, 'slack-export'), options: {} });
  return { dir, store, manifest };
}

const WEEK_MS = 7 * 86_400_000;

/** `weeks` whole weeks (Monday 00:00 UTC to Monday), the last one holding `newest`. */
export function wholeWeeks(newest: string, weeks: number): Window {
  const day = new Date(newest.slice(0, 10) + 'T00:00:00Z');
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  const to = day.getTime() + (7 - sinceMonday) * 86_400_000;
  return {
    from: new Date(to - weeks * WEEK_MS).toISOString(),
    to: new Date(to).toISOString(),
  };
}

/** The newest interaction, ISO 8601. */
export async function newestInteraction(store: Store): Promise<string> {
  const row = await store.one<{ newest: string }>(
    `SELECT strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%SZ') AS newest FROM interactions`,
  );
  return row!.newest;
}

/**
 * Every report the reports offer on one query: what a reader of the weekly ties must give just
 * as the raw events do.
 */
export async function everyReport(reports: Reports, query: ReportQuery, topic: string) {
  return {
    people: await reports.people(query),
    isolation: await reports.isolation(query),
    experts: await reports.experts({ ...query, search: topic }),
    communities: await reports.communities(query),
    flowsByTeam: await reports.flows({ ...query, by: 'team' }),
    flowsByCommunity: await reports.flows({ ...query, by: 'community' }),
    flowsByContext: await reports.flows({ ...query, by: 'context' }),
    trends: await reports.trends(query),
  };
}

/** sql/weekly-ties.sql over the interactions table, as sorted rows of weekly_ties' columns. */
export async function weeklyTiesFromScratch(store: Store) {
  return store.all(
    `WITH interchange AS (
       SELECT source, source_id, occurred_at, helper_account AS helper,
              helped_account AS helped, kind, topic, context, weight FROM interactions)
     SELECT strftime(week, '%Y-%m-%d') AS week, source, helper AS helper_account,
            helped AS helped_account, kind, topic, context, interactions::INTEGER AS interactions,
            weight::DOUBLE AS weight
     FROM (${WEEKLY_TIES_SQL}) ORDER BY ALL`,
  );
}

/** The weekly ties helpflow keeps (those it computed itself), in the same shape. */
export async function keptWeeklyTies(store: Store) {
  return store.all(
    `SELECT strftime(week, '%Y-%m-%d') AS week, source, helper_account, helped_account, kind,
            topic, context, interactions, weight
     FROM weekly_ties WHERE import_id IS NULL ORDER BY ALL`,
  );
}
