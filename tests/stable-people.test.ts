import { describe, expect, it } from 'vitest';
import { slackExport } from '../connectors/slack-export/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { readRoster, readTies } from '../server/store/analytics-queries.ts';
import type { Store } from '../server/store/database.ts';
import { mergeIdentities, splitAccount } from '../server/store/identity-merges.ts';
import { runImport } from '../server/store/ingest.ts';
import { setOptedOut } from '../server/store/people-queries.ts';
import {
  MINI_SLACK,
  account,
  help,
  importOrgChart,
  importRecords,
  links,
} from './identity-fixtures.ts';
import { openStore } from './helpers.ts';

/**
 * Issue 13, item 4: a person's id never changes once made, whichever source comes first; when
 * two people turn out to be one, the older id stays and aliases, tokens and the opt-out follow.
 */

const slack = { path: MINI_SLACK, options: {} };

/** Ana's and Dev's e-mail accounts, whose addresses their Slack profiles also carry. */
const MAIL = [
  account('email', 'ana@example.org', { displayName: 'Ana Example', email: 'ana@example.org' }),
  account('email', 'dev@example.org', { displayName: 'Dev Example', email: 'dev@example.org' }),
  help('email', 'ana@example.org', 'dev@example.org', 3),
  help('email', 'dev@example.org', 'ana@example.org', 4),
];

const importSlack = (store: Store) => runImport(store, slackExport, slack);
const importMail = (store: Store) => importRecords(store, 'email', MAIL);

async function personOf(store: Store, account: string): Promise<string | null> {
  return (await links(store))[account]?.person ?? null;
}

async function optedOut(store: Store, person: string): Promise<boolean | undefined> {
  const row = await store.one<{ opted_out: boolean }>(
    'SELECT opted_out FROM people WHERE person_id = $1',
    [person],
  );
  return row?.opted_out;
}

/** Whether anything the analytics read still shows the person. */
async function inAnalytics(store: Store, person: string): Promise<boolean> {
  const roster = await readRoster(store);
  const ties = await readTies(store);
  return (
    roster.some((p) => p.person === person) ||
    ties.some((t) => t.helper === person || t.helped === person)
  );
}

describe('stable people', () => {
  for (const order of [
    { name: 'Slack, then e-mail', first: importSlack, second: importMail, ana: 'slack:U_ANA' },
    {
      name: 'e-mail, then Slack',
      first: importMail,
      second: importSlack,
      ana: 'email:ana@example.org',
    },
  ]) {
    it(`keeps the first id and the opt-out when a second source joins (${order.name})`, async () => {
      const store = await openStore();
      await order.first(store);
      const ana = order.ana;
      expect(await optedOut(store, ana)).toBe(false);
      expect(await inAnalytics(store, ana)).toBe(true);
      expect(await setOptedOut(store, ana, true)).toBe(true);
      const devBefore =
        (await personOf(store, 'slack:U_DEV')) ?? (await personOf(store, 'email:dev@example.org'));

      await order.second(store);
      // Both of Ana's accounts are the person made first, still opted out, and out of reports.
      expect(await personOf(store, 'slack:U_ANA')).toBe(ana);
      expect(await personOf(store, 'email:ana@example.org')).toBe(ana);
      expect(await optedOut(store, ana)).toBe(true);
      expect(await inAnalytics(store, ana)).toBe(false);
      // Dev, not opted out, keeps the id of the first import too, and is in the reports.
      expect(await personOf(store, 'slack:U_DEV')).toBe(devBefore);
      expect(await personOf(store, 'email:dev@example.org')).toBe(devBefore);
      expect(await inAnalytics(store, devBefore!)).toBe(true);
      const ids = (await store.all<{ person_id: string }>('SELECT person_id FROM people')).map(
        (row) => row.person_id,
      );
      expect(ids).not.toContain(ana === 'slack:U_ANA' ? 'email:ana@example.org' : 'slack:U_ANA');

      // Re-importing either source changes nothing.
      await order.first(store);
      await order.second(store);
      expect(await personOf(store, 'email:ana@example.org')).toBe(ana);
      expect(await optedOut(store, ana)).toBe(true);
    });
  }

  it('keeps the older id when two people turn out to be one, and moves their opt-out, aliases and tokens', async () => {
    const store = await openStore();
    // Ana by e-mail first; later, a chat account with no address yet: two people.
    await importRecords(store, 'email', [
      account('email', 'ana@example.org', { email: 'ana@example.org' }),
      help('email', 'ana@example.org', 'bob@example.org', 2),
    ]);
    await importRecords(store, 'chat', [
      account('chat', 'U9', { displayName: 'Ana' }),
      help('chat', 'U9', 'U8', 5),
    ]);
    expect(await personOf(store, 'chat:U9')).toBe('chat:U9');
    // A second chat account was merged into the younger person by hand (an alias).
    await importRecords(store, 'chat', [account('chat', 'U7'), help('chat', 'U7', 'U8', 6)]);
    await mergeIdentities(store, ['chat:U7'], 'chat:U9', { by: 'test' });
    expect(await personOf(store, 'chat:U7')).toBe('chat:U9');
    // The younger person opted out, and was given a token.
    await setOptedOut(store, 'chat:U9', true);
    const token = await createToken(store, { role: 'member', personId: 'chat:U9' });

    // The chat source now reports her address: one person, the older one.
    await importRecords(store, 'chat', [
      account('chat', 'U9', { displayName: 'Ana', email: 'ana@example.org' }),
    ]);
    expect(await personOf(store, 'chat:U9')).toBe('email:ana@example.org');
    expect(await personOf(store, 'email:ana@example.org')).toBe('email:ana@example.org');
    expect(await store.one(`SELECT 1 FROM people WHERE person_id = 'chat:U9'`)).toBeUndefined();
    expect(await optedOut(store, 'email:ana@example.org')).toBe(true);
    const owner = await store.one<{ person_id: string }>(
      'SELECT person_id FROM api_tokens WHERE token_id = $1',
      [token.info.tokenId],
    );
    expect(owner!.person_id).toBe('email:ana@example.org');
    // The alias moved with her, and its merge can still be undone.
    expect(await personOf(store, 'chat:U7')).toBe('email:ana@example.org');
    const alias = await store.one<{ person_id: string }>(
      `SELECT person_id FROM aliases WHERE source = 'chat' AND account_id = 'U7'`,
    );
    expect(alias!.person_id).toBe('email:ana@example.org');
    const split = await splitAccount(store, 'chat:U7', { by: 'test' });
    expect(split).toMatchObject({ outcome: 'restored', personAfter: 'chat:U7' });
  });

  it('hands a made-up person’s opt-out to the org-chart person they turn out to be', async () => {
    const store = await openStore();
    await importSlack(store);
    await setOptedOut(store, 'slack:U_ANA', true);
    await importOrgChart(store, ['p1,Ana Example,ana@example.org,platform,,Engineer,2020-01-01']);
    expect(await personOf(store, 'slack:U_ANA')).toBe('p1');
    expect(await optedOut(store, 'p1')).toBe(true);
    expect(await inAnalytics(store, 'p1')).toBe(false);
    // A newer chart, re-imported, keeps it.
    await importOrgChart(store, ['p1,Ana Example,ana@example.org,data,,Engineer,2020-01-01']);
    expect(await optedOut(store, 'p1')).toBe(true);
  });
});
