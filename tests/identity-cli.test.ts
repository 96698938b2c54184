import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../server/store/database.ts';
import type { PersonIdentity, RecordedChange } from '../server/store/identity-queries.ts';
import type { MergeSuggestion } from '../server/store/identity-suggestions.ts';
import { account, help, importOrgChart, importRecords } from './identity-fixtures.ts';
import { helpflow } from './cli-helpers.ts';
import { tempDir } from './helpers.ts';

/** `helpflow ...args --db db`. */
const helpflowOn = (db: string, ...args: string[]) => helpflow(...args, '--db', db);

/** Ana is in the org chart, has a mailbox, and a GitLab profile listing her work address. */
async function database(): Promise<string> {
  const path = join(tempDir(), 'identities.duckdb');
  const store = await Store.open(path);
  try {
    await importOrgChart(store, [
      'p1,Ana Alves,ana@corp.example,platform,,Lead,2019-01-01',
      'p2,Ben Berg,ben@corp.example,platform,p1,Engineer,2020-01-01',
    ]);
    await importRecords(store, 'email', [
      account('email', 'ana@corp.example', { email: 'ana@corp.example' }),
      account('email', 'ben@corp.example', { email: 'ben@corp.example' }),
      help('email', 'ana@corp.example', 'ben@corp.example'),
    ]);
    await importRecords(store, 'gitlab', [
      account('gitlab', 'U9', { displayName: 'Ana A.', email: 'ana@corp.example' }),
      account('gitlab', 'UB', { displayName: 'Ben' }),
      help('gitlab', 'U9', 'UB'),
    ]);
  } finally {
    store.close();
  }
  return path;
}

describe('helpflow identities', () => {
  it('suggests, merges, lists with the record, warns and splits', async () => {
    const db = await database();
    const suggested = await helpflowOn(db, 'identities', 'suggest', '--json');
    expect(suggested.code).toBe(0);
    const { suggestions } = JSON.parse(suggested.stdout) as { suggestions: MergeSuggestion[] };
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ from: 'gitlab:U9', into: 'p1', confidence: 0.9 });
    const human = await helpflowOn(db, 'identities', 'suggest');
    expect(human.stdout).toContain('gitlab:U9 -> p1  confidence 0.90');
    expect(human.stdout).toContain(
      "gitlab:U9's profile lists ana@corp.example, the org-chart e-mail of p1",
    );
    expect(human.stdout).toContain('accept: helpflow identities merge gitlab:U9 --into p1');

    const [, ...accept] = suggestions[0]!.command.split(' ');
    const merged = await helpflowOn(db, ...accept, '--by', 'carol', '--note', 'asked Ana');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe('#1 merged gitlab:U9 into p1 (was gitlab:U9)\n');
    // The export sees the GitLab help as Ana's.
    const mergedTies = await helpflowOn(db, 'export', '--format', 'csv');
    expect(mergedTies.stdout).toContain('\np1,gitlab:UB,1,1\n');

    const listed = await helpflowOn(db, 'identities', 'list', '--person', 'p1', '--json');
    const { people, changes } = JSON.parse(listed.stdout) as {
      people: PersonIdentity[];
      changes: RecordedChange[];
    };
    expect(people[0]!.accounts.map((a) => [a.account, a.linkedBy])).toEqual([
      ['email:ana@corp.example', 'email'],
      ['gitlab:U9', 'merge'],
    ]);
    expect(changes).toMatchObject([
      { changeId: 1, action: 'merge', by: 'carol', note: 'asked Ana', personAfter: 'p1' },
    ]);
    const table = await helpflowOn(db, 'identities', 'list', '--max-accounts', '1');
    expect(table.stdout).toMatch(/^warning: p1 \(Ana Alves\) has 2 accounts, more than the 1 /);
    expect(table.stdout).toMatch(
      /\n {4}email:ana@corp\.example {2}email\n {4}gitlab:U9 +merge +Ana A\.\n/,
    );

    const split = await helpflowOn(db, 'identities', 'split', 'gitlab:U9');
    expect(split.stdout).toBe(
      '#2 split gitlab:U9 from p1: now gitlab:U9 (the link it had before its merge)\n',
    );
    const ties = await helpflowOn(db, 'export', '--format', 'csv');
    expect(ties.stdout).toContain('\ngitlab:U9,gitlab:UB,1,1\n');
    // Eight runs of the command, each starting Node and DuckDB, on a machine others share.
  }, 180_000);

  it('warns after an import that gives one person too many accounts', async () => {
    const db = await database();
    const dir = tempDir();
    const file = join(dir, 'aliases.csv');
    const rows = Array.from({ length: 8 }, (_, i) => `p2,gitlab,B${i}`);
    writeFileSync(file, ['person,source,account', ...rows].join('\n'));
    const imported = await helpflowOn(db, 'import', 'aliases', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'warning: p2 (Ben Berg) has 9 accounts, more than the 8 one person plausibly has',
    );
    const json = await helpflowOn(db, 'import', 'aliases', file, '--json');
    expect(JSON.parse(json.stdout).warnings).toHaveLength(1);
  });

  it('answers a wrong identities command line with exit 2 and what to do', async () => {
    const db = await database();
    const cases: [string[], RegExp][] = [
      [['identities'], /identities takes one of list, suggest, merge, split/],
      [
        ['identities', 'merge', 'gitlab:U9'],
        /identities merge takes accounts or people and --into/,
      ],
      [['identities', 'merge', 'nobody:x', '--into', 'p1'], /"nobody:x" is neither a person/],
      [['identities', 'split', 'p1'], /split takes one account .* not the person "p1"/],
      [['identities', 'list', '--max-accounts', 'lots'], /--max-accounts "lots" is not a whole/],
    ];
    for (const [args, message] of cases) {
      const result = await helpflowOn(db, ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
