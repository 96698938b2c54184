import { describe, expect, it } from 'vitest';
import { aliases } from '../connectors/aliases/index.ts';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { expectFailedImport } from './connector-helpers.ts';
import { openStore, writeTemp } from './helpers.ts';

const HEADER = 'person,name,email,team,manager,title,joined,location';
const CHART = [
  HEADER,
  'p1,Ana Alves,ana@example.com,platform,,Head of Engineering,2019-04-01,Lisbon',
  'p2,"Bauer, Ben",ben@example.com,platform,p1,Engineer,2022-09-12,Berlin',
  'p3,Cy Chen,cy@example.com,data,p1,Analyst,2026-10-01,',
].join('\n');

const file = (text: string, name = 'org.csv') => ({ path: writeTemp(name, text), options: {} });

interface PersonRow {
  person_id: string;
  display_name: string;
  team: string;
  manager_id: string | null;
  joined_at: string | null;
  location: string | null;
}

async function people(store: Awaited<ReturnType<typeof openStore>>): Promise<PersonRow[]> {
  return store.all<PersonRow>(
    `SELECT person_id, display_name, team, manager_id, strftime(joined_at, '%Y-%m-%d') AS joined_at, location
     FROM people ORDER BY person_id`,
  );
}

describe('org-chart connector', () => {
  it('creates people with team, manager, title, joined date and location', async () => {
    const store = await openStore();
    const summary = await runImport(store, orgChart, file(CHART));
    expect(summary.counts.peopleNew).toBe(3);
    const rows = await people(store);
    expect(rows.map((r) => r.person_id)).toEqual(['p1', 'p2', 'p3']);
    expect(rows[1]).toMatchObject({
      display_name: 'Bauer, Ben',
      team: 'platform',
      manager_id: 'p1',
      joined_at: '2022-09-12',
      location: 'Berlin',
    });
    expect(rows[2]!.location).toBeNull();
  });

  it('updates people when an updated org chart is imported, and location is optional', async () => {
    const store = await openStore();
    await runImport(store, orgChart, file(CHART));
    const moved = [
      'person,name,email,team,manager,title,joined',
      'p3,Cy Chen,cy@example.com,platform,p2,Senior Analyst,2026-10-01',
    ].join('\n');
    const summary = await runImport(store, orgChart, file(moved));
    expect(summary.counts).toMatchObject({ peopleNew: 0, peopleUpdated: 1 });
    const cy = (await people(store)).find((p) => p.person_id === 'p3')!;
    expect(cy).toMatchObject({ team: 'platform', manager_id: 'p2' });
    expect((await people(store)).length).toBe(3);
  });

  const bad: [string, string, RegExp][] = [
    [
      'a missing column',
      'person,name,email,team,title,joined\np1,A,a@x.org,t,Eng,2020-01-01',
      /org\.csv: missing column "manager"/,
    ],
    [
      'an unparseable joined date',
      `${HEADER}\np1,A,a@x.org,t,,Eng,2020-01-01,\np2,B,b@x.org,t,p1,Eng,01/02/2020,`,
      /org\.csv, line 3, field "joined": "01\/02\/2020" is not an ISO date/,
    ],
    [
      'a manager who is nobody',
      `${HEADER}\np1,A,a@x.org,t,p9,Eng,2020-01-01,`,
      /org\.csv, line 2, field "manager": "p9" is not a person in this file or in the database/,
    ],
    [
      'the same person twice',
      `${HEADER}\np1,A,a@x.org,t,,Eng,2020-01-01,\np1,A2,a2@x.org,t,,Eng,2020-01-01,`,
      /org\.csv, line 2, field "person": "p1" appears more than once/,
    ],
    [
      'a broken e-mail address',
      `${HEADER}\np1,A,not-an-address,t,,Eng,2020-01-01,`,
      /line 2, field "email": "not-an-address" is not an e-mail address/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses ${name} and changes nothing`, async () => {
      const store = await openStore();
      await runImport(store, orgChart, file(CHART));
      await expectFailedImport(store, orgChart, file(text), { message });
    });
  }
});

describe('identity: aliases', () => {
  it('links an account to a person by the alias file, and the made-up person goes away', async () => {
    const store = await openStore();
    await runImport(store, orgChart, file(CHART));
    const events = [
      'id,helper,helped,at,kind,topic,context',
      'e1,ana.alves@gmail.com,p2,2026-03-01T09:00:00Z,reply,go,#help',
    ].join('\n');
    await runImport(store, interactions, file(events, 'events.csv'));
    expect((await readTies(store))[0]).toMatchObject({
      helper: 'interchange:ana.alves@gmail.com',
      helped: 'p2',
    });
    const summary = await runImport(
      store,
      aliases,
      file('person,source,account\np1,interchange,ana.alves@gmail.com\n', 'aliases.csv'),
    );
    expect(summary.counts).toMatchObject({ aliases: 1, peopleMerged: 1 });
    expect((await readTies(store))[0]).toMatchObject({ helper: 'p1', helped: 'p2' });
    const count = await store.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM people WHERE person_id LIKE 'interchange:%'`,
    );
    expect(count!.n).toBe(0);
  });

  it('refuses an alias to a person who does not exist', async () => {
    const store = await openStore();
    await runImport(store, orgChart, file(CHART));
    await expectFailedImport(
      store,
      aliases,
      file('person,source,account\np7,slack,U01\n', 'aliases.csv'),
      { message: /aliases\.csv, line 2, field "person": "p7" is not a person in the database/ },
    );
  });
});
