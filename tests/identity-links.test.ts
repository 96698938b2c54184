import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aliases } from '../connectors/aliases/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import type { Store } from '../server/store/database.ts';
import { relinkAccounts, relinkIfStale } from '../server/store/identity.ts';
import { mergeIdentities } from '../server/store/identity-merges.ts';
import { runImport } from '../server/store/ingest.ts';
import {
  MINI_SLACK,
  SECRET,
  account,
  help,
  importOrgChart,
  importRecords,
  links,
} from './identity-fixtures.ts';
import { expectNotStored } from './connector-helpers.ts';
import { openStore, writeTemp } from './helpers.ts';

const slack = { path: MINI_SLACK, options: {} };

/** What git or mbox will yield for Ana and Dev, whose Slack profiles carry the same addresses. */
const MAIL = [
  account('email', 'ana@example.org', { displayName: 'Ana Example', email: 'ana@example.org' }),
  account('email', 'dev@example.org', { displayName: 'Dev Example', email: 'dev@example.org' }),
  help('email', 'ana@example.org', 'dev@example.org', 3),
  help('email', 'ana@example.org', 'dev@example.org', 4),
];

const NOREPLY_ONE = '12345+ana-dev@users.noreply.github.com';
const NOREPLY_TWO = 'ana-dev@users.noreply.github.com';

async function helpGiven(store: Store, person: string): Promise<number> {
  const ties = await readTies(store);
  return ties.filter((tie) => tie.helper === person).reduce((n, tie) => n + tie.interactions, 0);
}

describe('automatic identity links', () => {
  it('links accounts of two sources that share a verified address to one person', async () => {
    const store = await openStore();
    await runImport(store, slackExport, slack);
    const slackHelp = await helpGiven(store, 'slack:U_ANA');
    expect(slackHelp).toBeGreaterThan(0);

    await importRecords(store, 'email', MAIL);
    const linked = await links(store);
    // One person for both, and the one that was there first keeps its id.
    expect(linked['slack:U_ANA']).toMatchObject({
      person: 'slack:U_ANA',
      linkedBy: 'shared email',
    });
    expect(linked['email:ana@example.org']).toMatchObject({
      person: 'slack:U_ANA',
      linkedBy: 'shared email',
    });
    expect(linked['email:dev@example.org']!.person).toBe(linked['slack:U_DEV']!.person);
    expect(
      await store.one(`SELECT 1 FROM people WHERE person_id = 'email:ana@example.org'`),
    ).toBeUndefined();

    // The analytics see one person: Slack help and e-mail help together.
    expect(await helpGiven(store, 'slack:U_ANA')).toBe(slackHelp + 2);

    // The other order: the same grouping, under the id the e-mail import made first.
    const reversed = await openStore();
    await importRecords(reversed, 'email', MAIL);
    await runImport(reversed, slackExport, slack);
    const other = await links(reversed);
    expect(other['slack:U_ANA']).toMatchObject({
      person: 'email:ana@example.org',
      linkedBy: 'shared email',
    });
    expect(other['email:ana@example.org']!.person).toBe('email:ana@example.org');
    expect(other['email:dev@example.org']!.person).toBe(other['slack:U_DEV']!.person);
  });

  it('moves a group to the org-chart person of its address, and the made-up person goes', async () => {
    const store = await openStore();
    await runImport(store, slackExport, slack);
    await importRecords(store, 'email', MAIL);
    await importOrgChart(store, ['p1,Ana Example,ANA@example.org,platform,,Engineer,2020-01-01']);
    const linked = await links(store);
    expect(linked['slack:U_ANA']).toMatchObject({ person: 'p1', linkedBy: 'email' });
    expect(linked['email:ana@example.org']).toMatchObject({ person: 'p1', linkedBy: 'email' });
    const people = await store.all<{ person_id: string }>(
      `SELECT person_id FROM people WHERE person_id LIKE '%ana%' ORDER BY 1`,
    );
    expect(people).toEqual([]);
    expect((await readTies(store)).some((tie) => tie.helper === 'p1')).toBe(true);
  });

  it('links GitHub noreply addresses, in both forms, to the GitHub login', async () => {
    const store = await openStore();
    await importRecords(store, 'github', [
      account('github', 'Ana-Dev', { displayName: 'Ana' }),
      account('github', 'zed', { displayName: 'Zed' }),
      help('github', 'Ana-Dev', 'zed'),
    ]);
    await importRecords(store, 'email', [
      account('email', NOREPLY_ONE, { email: NOREPLY_ONE }),
      account('email', NOREPLY_TWO, { email: NOREPLY_TWO }),
      account('email', 'zed@example.org', { email: 'zed@example.org' }),
      help('email', NOREPLY_ONE, 'zed@example.org'),
    ]);
    const linked = await links(store);
    const ana = linked['github:Ana-Dev']!.person;
    expect(linked[`email:${NOREPLY_ONE}`]).toEqual({
      account: `email:${NOREPLY_ONE}`,
      person: ana,
      linkedBy: 'noreply',
    });
    expect(linked[`email:${NOREPLY_TWO}`]!.person).toBe(ana);
    expect(linked['github:Ana-Dev']!.linkedBy).toBe('noreply');
    expect(linked['email:zed@example.org']!.person).not.toBe(ana);
    expect(await helpGiven(store, ana!)).toBe(2);

    // Evidence the login has (an alias) carries its noreply addresses along.
    await importOrgChart(store, ['p7,Ana Dev,ana@corp.example,platform,,Engineer,2020-01-01']);
    await runImport(store, aliases, {
      path: writeTemp('aliases.csv', 'person,source,account\np7,github,Ana-Dev\n'),
      options: {},
    });
    const after = await links(store);
    expect(after['github:Ana-Dev']).toMatchObject({ person: 'p7', linkedBy: 'alias' });
    expect(after[`email:${NOREPLY_ONE}`]).toMatchObject({ person: 'p7', linkedBy: 'noreply' });
    expect(after[`email:${NOREPLY_TWO}`]).toMatchObject({ person: 'p7', linkedBy: 'noreply' });
  });

  it('links noreply addresses of one login together even before the login is seen', async () => {
    const store = await openStore();
    await importRecords(store, 'email', [
      account('email', '999+solo@users.noreply.github.com'),
      account('email', 'solo@users.noreply.github.com'),
      account('email', 'other@users.noreply.github.com'),
      help('email', 'solo@users.noreply.github.com', 'other@users.noreply.github.com'),
      help('email', '999+solo@users.noreply.github.com', 'other@users.noreply.github.com'),
    ]);
    const linked = await links(store);
    expect(linked['email:999+solo@users.noreply.github.com']!.person).toBe(
      linked['email:solo@users.noreply.github.com']!.person,
    );
    expect(linked['email:other@users.noreply.github.com']).toMatchObject({
      person: 'email:other@users.noreply.github.com',
      linkedBy: 'auto',
    });
  });

  it('does not trust an address a source does not verify, unless configured to', async () => {
    const store = await openStore();
    await importOrgChart(store, ['p3,Ben Example,ben@example.org,platform,,Engineer,2020-01-01']);
    await importRecords(store, 'github', [
      account('github', 'benb', { displayName: 'Ben Example', email: 'ben@example.org' }),
    ]);
    expect((await links(store))['github:benb']).toMatchObject({
      person: 'github:benb',
      linkedBy: 'auto',
    });
    await relinkAccounts(store, { selfDeclaredEmailSources: [] });
    expect((await links(store))['github:benb']).toMatchObject({ person: 'p3', linkedBy: 'email' });
  });

  it('never links on a display name alone, and never gives a bot a person', async () => {
    const store = await openStore();
    await runImport(store, slackExport, slack);
    await importRecords(store, 'email', [
      account('email', 'a.example@elsewhere.org', { displayName: 'Ana Example' }),
      account('email', 'robot@example.org', { email: 'ana@example.org', isBot: true }),
    ]);
    const linked = await links(store);
    expect(linked['email:a.example@elsewhere.org']!.person).toBe('email:a.example@elsewhere.org');
    expect(linked['slack:U_ANA']).toMatchObject({ person: 'slack:U_ANA', linkedBy: 'auto' });
    expect(linked['email:robot@example.org']).toMatchObject({ person: null, linkedBy: null });
  });

  it('relinks, on first use, a database linked before links were recorded', async () => {
    const store = await openStore();
    await runImport(store, slackExport, slack);
    await importRecords(store, 'email', MAIL);
    const linked = await links(store);
    // What migration 4 leaves: the links of the old rules, and no word on how they were made.
    await store.run('UPDATE accounts SET linked_by = NULL');
    expect(await relinkIfStale(store)).toBe(true);
    expect(await links(store)).toEqual(linked);
    expect(await relinkIfStale(store)).toBe(false);
  });

  it('stores no message text, whatever the identity work', async () => {
    const path = await expectNotStored(SECRET, async (store) => {
      await runImport(store, slackExport, slack);
      await importRecords(store, 'email', MAIL);
      await mergeIdentities(store, ['slack:U_BEN'], 'slack:U_ANA', { by: 'test' });
    });
    // The check can fail: the accounts it stored are in the file.
    expect(readFileSync(path).includes('dev@example.org')).toBe(true);
  });
});
