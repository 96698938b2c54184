import { describe, expect, it } from 'vitest';
import { aliases } from '../connectors/aliases/index.ts';
import type { Store } from '../server/store/database.ts';
import { mergeIdentities, splitAccount } from '../server/store/identity-merges.ts';
import { suggestMerges } from '../server/store/identity-suggestions.ts';
import { runImport } from '../server/store/ingest.ts';
import { account, help, importOrgChart, importRecords } from './identity-fixtures.ts';
import { openStore, writeTemp } from './helpers.ts';

const by = { by: 'alice' };

/**
 * An org chart, and GitLab, whose profile addresses nobody verified: its accounts link only by
 * aliases. Among them are namesakes of org-chart people, in the same team or not.
 */
async function organisation(): Promise<Store> {
  const store = await openStore();
  await importOrgChart(store, [
    'p1,Ana Alves,ana@corp.example,platform,,Lead,2019-01-01',
    'p2,Ben Berg,ben@corp.example,platform,p1,Engineer,2020-01-01',
    'p3,Cy Chen,cy@corp.example,platform,p1,Engineer,2020-01-01',
    'p4,Dora Dietz,dora@corp.example,data,p1,Analyst,2020-01-01',
    'p5,Eve Eng,eve1@corp.example,data,p4,Analyst,2021-01-01',
    'p6,Eve Eng,eve2@corp.example,data,p4,Analyst,2022-01-01',
    'p7,Fay,fay@corp.example,platform,p1,Engineer,2022-01-01',
  ]);
  await importRecords(store, 'gitlab', [
    account('gitlab', 'UB', { displayName: 'ben' }),
    account('gitlab', 'UC', { displayName: 'cy' }),
    account('gitlab', 'UD', { displayName: 'dora' }),
    // Ana's second account: her name written backwards, and her work address in the profile.
    account('gitlab', 'U9', { displayName: 'Alves, Ana', email: 'ana@corp.example' }),
    // Dora's namesake, who works with platform people: not Dora.
    account('gitlab', 'UX', { displayName: 'Dora Dietz' }),
    // Cy's namesake, who never helped anyone: nothing says which team they are in.
    account('gitlab', 'UY', { displayName: 'Cy  Chén' }),
    account('gitlab', 'UF', { displayName: 'fay' }),
    help('gitlab', 'U9', 'UB'),
    help('gitlab', 'UC', 'U9'),
    help('gitlab', 'U9', 'UD'),
    help('gitlab', 'UX', 'UB'),
    help('gitlab', 'UX', 'UC'),
    help('gitlab', 'UF', 'UB'),
    help('gitlab', 'UC', 'UF'),
  ]);
  await runImport(store, aliases, {
    path: writeTemp(
      'aliases.csv',
      'person,source,account\np2,gitlab,UB\np3,gitlab,UC\np4,gitlab,UD\n',
    ),
    options: {},
  });
  return store;
}

describe('merge suggestions', () => {
  it('suggests, with confidence and evidence, only what more than a name supports', async () => {
    const store = await organisation();
    await importRecords(store, 'github', [
      account('github', 'ana-a', { email: 'ANA@corp.example' }),
      account('github', 'cyc', { email: 'cy.home@example.net' }),
    ]);
    await importRecords(store, 'email', [
      account('email', 'cy.home@example.net', { email: 'cy.home@example.net' }),
    ]);
    const suggestions = await suggestMerges(store);
    // By confidence, then by the person to merge into.
    expect(suggestions).toEqual([
      {
        from: 'gitlab:U9',
        into: 'p1',
        // two independent pieces: 1 - (1 - 0.9) * (1 - 0.6)
        confidence: 0.96,
        evidence: [
          "gitlab:U9's profile lists ana@corp.example, the org-chart e-mail of p1",
          '"Alves, Ana" and "Ana Alves" are the same name, and both are in team platform ' +
            '(gitlab:U9 for 2 of the 3 people they helped or were helped by, p1 by the org chart)',
        ],
        command: 'helpflow identities merge gitlab:U9 --into p1',
      },
      {
        from: 'github:cyc',
        into: 'email:cy.home@example.net',
        confidence: 0.9,
        evidence: [
          "github:cyc's profile lists cy.home@example.net, the verified address of email:cy.home@example.net",
        ],
        command: 'helpflow identities merge github:cyc --into email:cy.home@example.net',
      },
      {
        from: 'github:ana-a',
        into: 'p1',
        confidence: 0.9,
        evidence: ["github:ana-a's profile lists ana@corp.example, the org-chart e-mail of p1"],
        command: 'helpflow identities merge github:ana-a --into p1',
      },
      {
        from: 'gitlab:UF',
        into: 'p7',
        confidence: 0.4,
        evidence: [
          '"fay" and "Fay" are the same name, and both are in team platform ' +
            '(gitlab:UF for all 2 people they helped or were helped by, p7 by the org chart)',
        ],
        command: 'helpflow identities merge gitlab:UF --into p7',
      },
    ]);
    // Never on a name alone: Dora's namesake works in another team, Cy's in none anyone knows,
    // and the two org-chart people named Eve Eng are two people.
    const pairs = suggestions.map((s) => `${s.from}>${s.into}`);
    for (const never of ['gitlab:UX>p4', 'gitlab:UY>p3', 'p5>p6', 'p6>p5']) {
      expect(pairs).not.toContain(never);
    }
  });

  it('drops a suggestion once accepted, and does not bring back what a split undid', async () => {
    const store = await organisation();
    const first = await suggestMerges(store);
    expect(first.map((s) => s.from)).toContain('gitlab:U9');
    await mergeIdentities(store, ['gitlab:U9'], 'p1', by);
    expect((await suggestMerges(store)).map((s) => s.from)).not.toContain('gitlab:U9');
    await splitAccount(store, 'gitlab:U9', by);
    const after = await suggestMerges(store);
    expect(after.map((s) => s.from)).not.toContain('gitlab:U9');
    expect(after).toEqual(first.filter((s) => s.from !== 'gitlab:U9'));
  });

  it('moves only the listing account of an org-chart person, and respects a split', async () => {
    const store = await openStore();
    await importOrgChart(store, [
      'p1,Ana Alves,ana@corp.example,platform,,Lead,2019-01-01',
      'p2,Ben Berg,ben@corp.example,platform,p1,Engineer,2020-01-01',
    ]);
    await importRecords(store, 'email', [account('email', 'ben@corp.example')]);
    await importRecords(store, 'gitlab', [account('gitlab', 'UQ', { email: 'ana@corp.example' })]);
    await runImport(store, aliases, {
      path: writeTemp('aliases.csv', 'person,source,account\np2,gitlab,UQ\n'),
      options: {},
    });
    const [suggestion, ...rest] = await suggestMerges(store);
    expect(rest).toEqual([]);
    expect(suggestion).toMatchObject({
      from: 'gitlab:UQ',
      into: 'p1',
      command: 'helpflow identities merge gitlab:UQ --into p1',
    });
    await mergeIdentities(store, ['gitlab:UQ'], 'p1', by);
    const people = await store.all<{ account: string; person: string }>(
      `SELECT source || ':' || account_id AS account, person_id AS person FROM accounts ORDER BY 1`,
    );
    expect(people).toEqual([
      { account: 'email:ben@corp.example', person: 'p2' },
      { account: 'gitlab:UQ', person: 'p1' },
    ]);
    await splitAccount(store, 'gitlab:UQ', by);
    expect(await suggestMerges(store)).toEqual([]);
  });

  it('suggests nothing for an organisation whose accounts are all linked', async () => {
    const store = await openStore();
    await importOrgChart(store, ['p1,Ana Alves,ana@corp.example,platform,,Lead,2019-01-01']);
    await importRecords(store, 'email', [account('email', 'ana@corp.example')]);
    expect(await suggestMerges(store)).toEqual([]);
  });
});
