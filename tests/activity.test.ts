/**
 * Activity that is not help (docs/activity.md), through the real connectors and the shared ingest
 * pipeline: each connector's fixtures give the kinds of activity their format has, the records
 * name accounts that are stored, and re-importing stores nothing twice.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discord } from '../connectors/discord/index.ts';
import { mattermost } from '../connectors/mattermost/index.ts';
import { mbox } from '../connectors/mbox/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { stackExchange } from '../connectors/stackexchange/index.ts';
import { teams } from '../connectors/teams/index.ts';
import type { Connector } from '../connectors/types.ts';
import { runImport } from '../server/store/ingest.ts';
import { ROOT, openStore } from './helpers.ts';

const FIXTURES = join(ROOT, 'tests/fixtures');

const CASES: [Connector, string, string, string][] = [
  [slackExport, 'slack/mini-export', 'slack', 'post'],
  [mattermost, 'mattermost/export.jsonl', 'mattermost', 'post'],
  [teams, 'teams', 'teams', 'post'],
  [discord, 'discord', 'discord', 'post'],
  [mbox, 'mbox/dev-list.mbox', 'email', 'thread'],
  [stackExchange, 'stackexchange/mini-site', 'stackexchange', 'question'],
];

describe('activity that is not help', () => {
  for (const [connector, fixture, source, kind] of CASES) {
    it(`${connector.id}: records ${kind} activity, once`, async () => {
      const store = await openStore();
      const input = { path: join(FIXTURES, fixture), options: {} };
      const first = await runImport(store, connector, input);
      expect(first.counts.activityStored).toBeGreaterThan(0);
      const rows = await store.all<{ source: string; kind: string; n: number }>(
        `SELECT source, kind, count(*)::INTEGER AS n FROM activity GROUP BY ALL`,
      );
      expect(rows).toEqual([{ source, kind, n: first.counts.activityStored }]);
      // Every account it names is stored, and none is a bot's.
      const orphans = await store.all(
        `SELECT * FROM activity x LEFT JOIN accounts a
           ON a.source = x.source AND a.account_id = x.account
         WHERE a.account_id IS NULL OR a.is_bot`,
      );
      expect(orphans).toEqual([]);
      const again = await runImport(store, connector, input);
      expect(again.counts.activityRead).toBe(first.counts.activityRead);
      expect(again.counts.activityStored).toBe(0);
      // Coverage reaches the newest activity, whatever kind of event it was.
      const span = await store.one<{ ok: boolean }>(
        `SELECT (SELECT last_at FROM source_coverage WHERE source = $1)
                  >= (SELECT max(occurred_at) FROM activity) AS ok`,
        [source],
      );
      expect(span!.ok).toBe(true);
    });
  }
});
