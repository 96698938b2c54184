/**
 * Isolation on the real olake Slack export: people whose only messages were thread starts nobody
 * answered used to be "never active" (such a thread start was not stored at all). Now their
 * thread starts are activity, and they are "unanswered". Every expectation is computed from the
 * store's own tables, not from the report's reading of them.
 */
import { describe, expect, it } from 'vitest';
import { slackExport } from '../connectors/slack-export/index.ts';
import { Reports } from '../server/reports/reports.ts';
import { runImport } from '../server/store/ingest.ts';
import { HAS_OLAKE, OLAKE, openStore } from './helpers.ts';

describe('isolation on the real olake Slack export', () => {
  // Skipped in a plain clone, where the unlicensed real export is absent (see OLAKE).
  it.skipIf(!HAS_OLAKE)(
    'finds people who only started unanswered threads as unanswered, not never active',
    async () => {
      const store = await openStore();
      const summary = await runImport(store, slackExport, { path: OLAKE, options: {} });
      expect(summary.counts.activityStored).toBeGreaterThan(0);
      const reports = new Reports(store);
      const { window, coverage, people, neverActive } = await reports.isolation();
      expect(coverage.sources.map((s) => [s.source, s.window])).toEqual([['slack', 'all']]);

      // People whose only events are posts: no help given or received, in any thread.
      const askers = await store.all<{ person: string; inWindow: number }>(
        `SELECT a.person_id AS person,
                count(*) FILTER (WHERE x.occurred_at >= $1::TIMESTAMPTZ
                                   AND x.occurred_at < $2::TIMESTAMPTZ)::INTEGER AS "inWindow"
         FROM activity x JOIN accounts a ON a.source = x.source AND a.account_id = x.account
         WHERE a.person_id IS NOT NULL
         GROUP BY a.person_id
         HAVING NOT EXISTS (
           SELECT 1 FROM interactions i JOIN accounts b
             ON b.source = i.source AND b.account_id IN (i.helper_account, i.helped_account)
           WHERE b.person_id = a.person_id)`,
        [window.from, window.to],
      );
      expect(askers.filter((a) => a.inWindow > 0).length).toBeGreaterThan(0);
      const never = new Set(neverActive.map((p) => p.person));
      for (const { person, inWindow } of askers) {
        expect(never.has(person), person).toBe(false);
        const entry = people.find((p) => p.person === person)!;
        expect(entry.flags[0], person).toBe(inWindow > 0 ? 'unanswered' : 'lapsed');
        expect(entry.lastActivity, person).not.toBeNull();
      }

      // Never active now means no event of any kind.
      const seen = await store.all<{ person: string }>(
        `SELECT DISTINCT a.person_id AS person FROM accounts a
         WHERE EXISTS (SELECT 1 FROM activity x
                       WHERE x.source = a.source AND x.account = a.account_id)
            OR EXISTS (SELECT 1 FROM interactions i WHERE i.source = a.source
                       AND a.account_id IN (i.helper_account, i.helped_account))`,
      );
      for (const { person } of seen) expect(never.has(person), person).toBe(false);
    },
  );
});
