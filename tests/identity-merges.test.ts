import { describe, expect, it } from 'vitest';
import { aliases } from '../connectors/aliases/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { readDataVersion, readTies } from '../server/store/analytics-queries.ts';
import type { Store } from '../server/store/database.ts';
import { IdentityError, mergeIdentities, splitAccount } from '../server/store/identity-merges.ts';
import {
  readCrowdedPeople,
  readIdentities,
  readIdentityChanges,
} from '../server/store/identity-queries.ts';
import { runImport } from '../server/store/ingest.ts';
import {
  MINI_SLACK,
  account,
  help,
  identitySnapshot,
  importOrgChart,
  importRecords,
  links,
  personOf,
} from './identity-fixtures.ts';
import { openStore, writeTemp } from './helpers.ts';

const slack = { path: MINI_SLACK, options: {} };
const by = { by: 'alice' };

const CHART = [
  'p1,Ana Example,ana@example.org,platform,,Engineer,2020-01-01',
  'p2,Ben Example,ben@corp.example,platform,p1,Engineer,2021-01-01',
];

/** The mini Slack export and an org chart: Ana links by e-mail; Ben's profile has no address. */
async function organisation(): Promise<Store> {
  const store = await openStore();
  await runImport(store, slackExport, slack);
  await importOrgChart(store, CHART);
  return store;
}

function tieWeights(ties: Awaited<ReturnType<typeof readTies>>): Record<string, number> {
  return Object.fromEntries(ties.map((t) => [`${t.helper}>${t.helped}`, t.interactions]));
}

describe('merging and splitting by hand', () => {
  it('merges an account into a person, records it, and a re-import keeps it', async () => {
    const store = await organisation();
    expect((await links(store))['slack:U_BEN']).toMatchObject({
      person: 'slack:U_BEN',
      linkedBy: 'auto',
    });
    const before = await readTies(store);
    const benHelp = before.filter((t) => t.helper === 'slack:U_BEN');
    expect(benHelp.length).toBeGreaterThan(0);

    const result = await mergeIdentities(store, ['slack:U_BEN'], 'p2', {
      by: 'alice',
      note: 'same person, asked Ben',
    });
    expect(result.changes).toMatchObject([
      { action: 'merge', account: 'slack:U_BEN', personBefore: 'slack:U_BEN', personAfter: 'p2' },
    ]);
    expect((await links(store))['slack:U_BEN']).toMatchObject({ person: 'p2', linkedBy: 'merge' });
    const [change] = await readIdentityChanges(store);
    expect(change).toMatchObject({
      action: 'merge',
      account: 'slack:U_BEN',
      personBefore: 'slack:U_BEN',
      personAfter: 'p2',
      note: 'same person, asked Ben',
      by: 'alice',
      undoneBy: null,
    });
    expect(Date.now() - Date.parse(change!.at)).toBeLessThan(60_000);

    // The analytics see Ben's Slack help as p2's.
    const after = tieWeights(await readTies(store));
    for (const tie of benHelp) expect(after[`p2>${tie.helped}`]).toBe(tie.interactions);
    expect(Object.keys(after).some((key) => key.startsWith('slack:U_BEN>'))).toBe(false);

    await runImport(store, slackExport, slack);
    await importOrgChart(store, CHART);
    expect((await links(store))['slack:U_BEN']).toMatchObject({ person: 'p2', linkedBy: 'merge' });
    const [ben] = await readIdentities(store, { person: 'p2' });
    expect(ben!.accounts).toEqual([
      { account: 'slack:U_BEN', name: 'ben', email: null, linkedBy: 'merge' },
    ]);
  });

  it('merges every account of a person, and the accounts sharing their address follow', async () => {
    const store = await organisation();
    await importRecords(store, 'email', [
      account('email', 'dev@example.org', { email: 'dev@example.org' }),
      help('email', 'dev@example.org', 'ana@example.org'),
    ]);
    const dev = await personOf(store, 'slack:U_DEV');
    expect(dev).toBe(await personOf(store, 'email:dev@example.org'));
    const result = await mergeIdentities(store, [dev!], 'p2', by);
    expect(result.changes.map((c) => c.account)).toEqual(['email:dev@example.org', 'slack:U_DEV']);
    // A third account with Dev's address arrives later: it joins the merged group.
    await importRecords(store, 'interchange', [
      account('interchange', 'dev@example.org', { email: 'dev@example.org' }),
    ]);
    const linked = await links(store);
    expect(linked['interchange:dev@example.org']).toMatchObject({
      person: 'p2',
      linkedBy: 'shared email',
    });
    expect(linked['slack:U_DEV']).toMatchObject({ person: 'p2', linkedBy: 'merge' });
  });

  it('splits a merged account back to the link it had before, one merge at a time', async () => {
    const store = await organisation();
    await runImport(store, aliases, {
      path: writeTemp('aliases.csv', 'person,source,account\np2,slack,U_CARA\n'),
      options: {},
    });
    await mergeIdentities(store, ['slack:U_CARA'], 'p1', by);
    await mergeIdentities(store, ['slack:U_BEN'], 'p1', by);
    await mergeIdentities(store, ['slack:U_BEN'], 'p2', by);

    expect(await splitAccount(store, 'slack:U_CARA', by)).toMatchObject({
      action: 'split',
      personBefore: 'p1',
      personAfter: 'p2',
      outcome: 'restored',
    });
    expect((await links(store))['slack:U_CARA']).toMatchObject({ person: 'p2', linkedBy: 'alias' });

    expect(await splitAccount(store, 'slack:U_BEN', by)).toMatchObject({ personAfter: 'p1' });
    expect((await links(store))['slack:U_BEN']).toMatchObject({ person: 'p1', linkedBy: 'merge' });
    expect(await splitAccount(store, 'slack:U_BEN', by)).toMatchObject({
      personAfter: 'slack:U_BEN',
      outcome: 'restored',
    });
    expect((await links(store))['slack:U_BEN']).toMatchObject({ linkedBy: 'auto' });
    expect(await splitAccount(store, 'slack:U_BEN', by)).toBeNull();

    const changes = await readIdentityChanges(store);
    expect(changes.map((c) => [c.changeId, c.action, c.account, c.undoneBy])).toEqual([
      [1, 'merge', 'slack:U_CARA', 4],
      [2, 'merge', 'slack:U_BEN', 6],
      [3, 'merge', 'slack:U_BEN', 5],
      [4, 'split', 'slack:U_CARA', null],
      [5, 'split', 'slack:U_BEN', null],
      [6, 'split', 'slack:U_BEN', null],
    ]);
  });

  it('splits an automatically linked account into a person of its own, for good', async () => {
    const store = await organisation();
    const anaHelp = (await readTies(store)).filter((t) => t.helper === 'p1');
    const split = await splitAccount(store, 'slack:u_ana', by);
    expect(split).toMatchObject({
      account: 'slack:U_ANA',
      personBefore: 'p1',
      personAfter: 'slack:U_ANA',
      outcome: 'detached',
    });
    await runImport(store, slackExport, slack);
    await importOrgChart(store, CHART);
    expect((await links(store))['slack:U_ANA']).toMatchObject({
      person: 'slack:U_ANA',
      linkedBy: 'split',
    });
    const ties = tieWeights(await readTies(store));
    for (const tie of anaHelp) expect(ties[`slack:U_ANA>${tie.helped}`]).toBe(tie.interactions);

    // Merging it back, then splitting that merge, returns to the split.
    await mergeIdentities(store, ['slack:U_ANA'], 'p1', by);
    expect(await personOf(store, 'slack:U_ANA')).toBe('p1');
    await splitAccount(store, 'slack:U_ANA', by);
    expect((await links(store))['slack:U_ANA']).toMatchObject({ linkedBy: 'split' });
  });

  const refused: [string, (store: Store) => Promise<unknown>, RegExp][] = [
    [
      'a target that is nobody',
      (s) => mergeIdentities(s, ['slack:U_BEN'], 'p99', by),
      /--into "p99" is not a person/,
    ],
    [
      'an unknown account among good ones',
      (s) => mergeIdentities(s, ['slack:U_BEN', 'slack:U_NOBODY'], 'p2', by),
      /"slack:U_NOBODY" is neither a person nor an account/,
    ],
    [
      'a bot',
      (s) => mergeIdentities(s, ['slack:U_DEV', 'slack:U_BOT'], 'p2', by),
      /slack:U_BOT is a bot/,
    ],
    [
      'a split of a person',
      (s) => splitAccount(s, 'p1', by),
      /split takes one account \(source:account\), not the person "p1"/,
    ],
    ['a split of nothing', (s) => splitAccount(s, 'slack:U_NOBODY', by), /is not an account/],
  ];
  for (const [what, change, message] of refused) {
    it(`refuses ${what} and changes nothing`, async () => {
      const store = await organisation();
      await mergeIdentities(store, ['slack:U_CARA'], 'p2', by);
      const before = await identitySnapshot(store);
      const error = await change(store).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdentityError);
      expect((error as Error).message).toMatch(message);
      expect(await identitySnapshot(store)).toBe(before);
    });
  }

  it('warns about a person with an implausible number of accounts', async () => {
    const store = await organisation();
    await mergeIdentities(store, ['slack:U_BEN', 'slack:U_CARA', 'slack:U_DEV'], 'p1', by);
    expect(await readCrowdedPeople(store)).toEqual([]);
    expect(await readCrowdedPeople(store, { maxAccountsPerPerson: 3 })).toEqual([
      { person: 'p1', name: 'Ana Example', accounts: 4 },
    ]);
  });

  it('gives the analytics a new data version after every merge and split', async () => {
    const store = await organisation();
    const first = await readDataVersion(store);
    await mergeIdentities(store, ['slack:U_BEN'], 'p2', by);
    const second = await readDataVersion(store);
    expect(second).not.toBe(first);
    await splitAccount(store, 'slack:U_BEN', by);
    expect(await readDataVersion(store)).not.toBe(second);
  });
});
