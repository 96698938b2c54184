import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../connectors/errors.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { teams } from '../connectors/teams/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports } from '../server/store/queries.ts';
import {
  alteredCopy,
  expectFailedImport,
  expectNothingNew,
  expectNotStored,
  helpRows,
  progressOf,
} from './connector-helpers.ts';
import { ROOT, openStore, writeTemp } from './helpers.ts';

const EXPORT = join(ROOT, 'tests/fixtures/teams');
const SECRET = 'PLANTED-SECRET-TEXT-teams-8b0d';
const HELP = '19:3f1c2a7e5b8d4c6f9a0b1c2d3e4f5a6b@thread.tacv2';
const GENERAL = '19:0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d@thread.tacv2';
const user = (suffix: string) => `1b2c3d4e-0000-4000-8000-${suffix.padStart(12, '0')}`;
const [ALICE, BOB, CAROL, DAVE, ERIN] = ['a11c', 'b0b', 'ca201', 'da7e', 'e217'].map(user);
const BOT = '28:9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b';
const input = (path: string) => ({ path, options: {} });

/** A copy of the fixture folder with one file altered. */
const alteredExport = (
  name: string,
  change: (response: { value: Record<string, unknown>[] }) => void,
) => alteredCopy(EXPORT, name, change);

describe('the teams connector', () => {
  it('turns replies (from reply pages and $expand=replies) into help for the root poster', async () => {
    const store = await openStore();
    const summary = await runImport(store, teams, input(EXPORT));
    const help = { context: 'Platform help', topic: 'Platform help' };
    const general = { context: 'General', topic: 'General' };
    expect(await helpRows(store, 'teams')).toEqual([
      {
        helper: DAVE,
        helped: CAROL,
        kind: 'reply',
        ...general,
        source_id: `${GENERAL}:1700000000701`,
      },
      {
        helper: DAVE,
        helped: CAROL,
        kind: 'reaction',
        ...general,
        source_id: `${GENERAL}:1700000000701:reaction`,
      },
      { helper: BOB, helped: ALICE, kind: 'reply', ...help, source_id: `${HELP}:1700000000101` },
      {
        helper: BOB,
        helped: ALICE,
        kind: 'reaction',
        ...help,
        source_id: `${HELP}:1700000000101:reaction`,
      },
      // A reply to a message deleted since still helped the person who asked.
      { helper: ALICE, helped: DAVE, kind: 'reply', ...help, source_id: `${HELP}:1700000000401` },
    ]);
    expect(summary.skipped).toEqual({
      'self-reply (a reply to one’s own message)': 1,
      'bot message': 2,
      'deleted message': 2,
      'reply to a bot': 1,
      'system message (messageType systemEventMessage)': 1,
      'reply to a message that is not in the import': 1,
      'top-level message (not a reply)': 1,
    });
    expect((await readImports(store))[0]).toMatchObject({
      connector: 'teams',
      status: 'succeeded',
    });
  });

  it('declares users with their mail (else their principal name), posters and bots', async () => {
    const store = await openStore();
    await runImport(store, teams, input(EXPORT));
    expect(
      await store.all(
        `SELECT account_id, display_name, email, is_bot FROM accounts ORDER BY display_name`,
      ),
    ).toEqual([
      {
        account_id: ALICE,
        display_name: 'Alice Martin',
        email: 'alice.martin@contoso.com',
        is_bot: false,
      },
      { account_id: BOB, display_name: 'Bob Stone', email: 'bob@contoso.com', is_bot: false },
      { account_id: BOT, display_name: 'Build Bot', email: null, is_bot: true },
      { account_id: CAROL, display_name: 'Carol Diaz', email: 'carol@contoso.com', is_bot: false },
      { account_id: DAVE, display_name: 'Dave Lee', email: 'dave@contoso.com', is_bot: false },
      { account_id: ERIN, display_name: 'Erin Guest', email: null, is_bot: false },
    ]);
  });

  it('links Teams users to org-chart people by e-mail', async () => {
    const store = await openStore();
    const chart = writeTemp(
      'people.csv',
      'person,name,email,team,manager,title,joined\np7,Alice Martin,alice.martin@contoso.com,platform,,sre,2024-01-01\n',
    );
    await runImport(store, orgChart, input(chart));
    await runImport(store, teams, input(EXPORT));
    expect(await store.all(`SELECT person_id FROM accounts WHERE account_id = '${ALICE}'`)).toEqual(
      [{ person_id: 'p7' }],
    );
  });

  it('without the channels response, a channel is named by its id', async () => {
    const store = await openStore();
    await runImport(store, teams, input(join(EXPORT, 'general-messages-expanded.json')));
    expect((await helpRows(store, 'teams')).map((row) => row.context)).toEqual([GENERAL, GENERAL]);
  });

  it('reports progress file by file', async () => {
    const progress = await progressOf(teams.read(input(EXPORT)));
    const files = readdirSync(EXPORT).length;
    expect(progress.map((p) => p.read)).toEqual([...Array(files + 1).keys()]);
    expect(progress.every((p) => p.total === files)).toBe(true);
  });

  it('is idempotent', async () => {
    const store = await openStore();
    await runImport(store, teams, input(EXPORT));
    await expectNothingNew(store, teams, input(EXPORT), 5);
  });

  it('never writes message text or subjects into the database file', async () => {
    expect(readFileSync(join(EXPORT, 'help-messages-page-1.json'), 'utf8')).toContain(SECRET);
    await expectNotStored(SECRET, async (store) => {
      expect((await runImport(store, teams, input(EXPORT))).counts.interactionsStored).toBe(5);
    });
  });

  describe('bad input fails with the file, item and field, and leaves the database as it was', () => {
    async function expectUnchanged(path: string, message: RegExp): Promise<ImportError> {
      const store = await openStore();
      await runImport(store, teams, input(join(EXPORT, 'general-messages-expanded.json')));
      return expectFailedImport(store, teams, input(path), { message, secret: SECRET });
    }

    it('a reply with a created time that is not a date-time', async () => {
      const path = alteredExport('help-replies-other.json', (response) => {
        response.value[1]!.createdDateTime = 'yesterday';
      });
      const error = await expectUnchanged(
        path,
        /help-replies-other\.json, item 2 \(id 1700000000401\), field "createdDateTime"/,
      );
      expect(error.field).toBe('createdDateTime');
    });

    it('a nested reply without an id', async () => {
      const path = alteredExport('general-messages-expanded.json', (response) => {
        delete (response.value[0]!.replies as Record<string, unknown>[])[0]!.id;
      });
      await expectUnchanged(path, /item 1 \(id 1700000000007\), reply 1, field "id"/);
    });

    it('a message that names neither channel nor chat', async () => {
      const path = alteredExport('help-messages-page-2.json', (response) => {
        delete response.value[1]!.channelIdentity;
      });
      await expectUnchanged(
        path,
        /page-2\.json, item 2 \(id 1700000000006\), field "channelIdentity"/,
      );
    });

    it('a response of something else', async () => {
      const path = writeTemp('drive.json', '{"value": [{"id": "01ABC", "name": "report.docx"}]}');
      await expectUnchanged(path, /drive\.json, item 1, field "messageType": not a chatMessage/);
    });

    it('a file that is not JSON', async () => {
      const path = writeTemp('page.json', '<html>Sign in to continue</html>');
      await expectUnchanged(path, /page\.json: not valid JSON/);
    });
  });
});
