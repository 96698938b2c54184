import { describe, expect, it } from 'vitest';
import { activity } from '../connectors/activity/index.ts';
import { interactions } from '../connectors/interactions/index.ts';
import { Reports } from '../server/reports/reports.ts';
import { runImport } from '../server/store/ingest.ts';
import { expectFailedImport } from './connector-helpers.ts';
import { openStore, writeTemp } from './helpers.ts';

// Activity that is not help, in the interchange format: an organisation that exports its own
// events can tell the asking but unanswered from the quiet, as the built-in connectors do.

const HELP = [
  'id,helper,helped,at,kind,topic,context',
  'h1,ana@example.com,ben@example.com,2026-03-02T09:00:00Z,answer,go,#help',
  'h2,ben@example.com,ana@example.com,2026-03-03T09:00:00Z,answer,go,#help',
  'h3,ana@example.com,cy@example.com,2026-01-05T09:00:00Z,answer,go,#help',
].join('\n');

const ACTIVITY = [
  'id,person,at,kind,context',
  // dee asked twice in the window and nobody answered
  'q1,dee@example.com,2026-03-04T10:00:00Z,question,#help',
  'q2,dee@example.com,2026-03-05T10:00:00Z,thread,',
  // cy was helped in January, and only committed in the window
  'c1,cy@example.com,2026-03-06T10:00:00Z,commit,api-repo',
].join('\n');

const file = (name: string, text: string) => ({ path: writeTemp(name, text), options: {} });

describe('interchange connector (activity)', () => {
  it('stores activity as metadata, and isolation tells the unanswered from the quiet', async () => {
    const store = await openStore();
    await runImport(store, interactions, file('help.csv', HELP));
    const summary = await runImport(store, activity, file('activity.csv', ACTIVITY));
    expect(summary).toMatchObject({ status: 'succeeded' });
    expect(summary.counts).toMatchObject({ activityRead: 3, activityStored: 3 });
    const stored = await store.all<{ source_id: string; kind: string; context: string | null }>(
      `SELECT source_id, kind, context FROM activity ORDER BY source_id`,
    );
    expect(stored).toEqual([
      { source_id: 'c1', kind: 'commit', context: 'api-repo' },
      { source_id: 'q1', kind: 'question', context: '#help' },
      { source_id: 'q2', kind: 'thread', context: null },
    ]);
    // Help and activity of one address are one person.
    const people = await store.all<{ n: number }>(
      `SELECT count(DISTINCT person_id)::INTEGER AS n FROM accounts`,
    );
    expect(people).toEqual([{ n: 4 }]);

    const reports = new Reports(store);
    const result = await reports.isolation({ from: '2026-03-01', to: '2026-03-09' });
    const flagsOf = async (email: string) => {
      const row = await store.one<{ person_id: string }>(
        `SELECT person_id FROM accounts WHERE account_id = $1`,
        [email],
      );
      return result.people.find((p) => p.person === row!.person_id);
    };
    const dee = await flagsOf('dee@example.com');
    expect(dee?.flags[0]).toBe('unanswered');
    expect(dee?.asked).toBe(2);
    // Active in the window without asking: not unanswered, and not "never active".
    const cy = await flagsOf('cy@example.com');
    expect(cy?.flags).not.toContain('unanswered');
    expect(cy?.flags).not.toContain('lapsed');
    expect(result.neverActive).toEqual([]);
  });

  it('is idempotent: importing the same activity twice stores nothing new', async () => {
    const store = await openStore();
    const input = file('activity.csv', ACTIVITY);
    await runImport(store, activity, input);
    const again = await runImport(store, activity, input);
    expect(again.counts).toMatchObject({ activityRead: 3, activityStored: 0 });
  });

  it('refuses an unknown kind, naming file, line and field, and changes nothing', async () => {
    const store = await openStore();
    await runImport(store, activity, file('activity.csv', ACTIVITY));
    const bad = ACTIVITY + '\nx1,eve@example.com,2026-03-06T10:00:00Z,lunch,#random\n';
    const path = writeTemp('bad-activity.csv', bad);
    await expectFailedImport(
      store,
      activity,
      { path, options: {} },
      {
        message: new RegExp(`${path}, line 5.*kind.*is not one of post, question`),
      },
    );
  });

  it('reads NDJSON with the same fields', async () => {
    const store = await openStore();
    const ndjson = [
      { id: 'p1', person: 'fay@example.com', at: '2026-03-01T08:00:00Z', kind: 'post' },
      {
        id: 'p2',
        person: 'fay@example.com',
        at: '2026-03-02T08:00:00Z',
        kind: 'issue',
        context: 'repo',
      },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const summary = await runImport(store, activity, file('activity.ndjson', ndjson));
    expect(summary.counts).toMatchObject({ activityStored: 2 });
  });
});
