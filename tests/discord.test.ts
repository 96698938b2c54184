import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discord } from '../connectors/discord/index.ts';
import { ImportError } from '../connectors/errors.ts';
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
import { ROOT, openStore, tempDir } from './helpers.ts';

const EXPORT = join(ROOT, 'tests/fixtures/discord');
const HELP = join(EXPORT, 'Acme - support - help [1100000000000001001].json');
const SECRET = 'PLANTED-SECRET-TEXT-discord-3f7a';
const input = (path: string) => ({ path, options: {} });
/** The fixture's snowflakes: people 1-5, messages by number. */
const id = (n: number) => String(1100000000000000000n + BigInt(n));
const [ALICE, BOB, CAROL, DAVE] = [1, 2, 3, 4].map(id);

/** A copy of the fixture folder whose help channel file `change` alters. */
const alteredExport = (change: (doc: { messages: Record<string, unknown>[] }) => void) =>
  alteredCopy(EXPORT, basename(HELP), change);

describe('the discord connector', () => {
  it('turns replies and thread messages into help, across channel and thread files', async () => {
    const store = await openStore();
    const summary = await runImport(store, discord, input(EXPORT));
    const help = { context: 'help', topic: 'help' };
    expect(await helpRows(store, 'discord')).toEqual([
      { helper: BOB, helped: ALICE, kind: 'reply', ...help, source_id: id(2002) },
      { helper: BOB, helped: ALICE, kind: 'reaction', ...help, source_id: `${id(2002)}:reaction` },
      { helper: CAROL, helped: BOB, kind: 'reply', ...help, source_id: id(2003) },
      // In the thread opened from message 2010 (bob's), and in the one carol started with "+".
      { helper: ALICE, helped: BOB, kind: 'reply', ...help, source_id: id(2020) },
      { helper: DAVE, helped: BOB, kind: 'reply', ...help, source_id: id(2022) },
      { helper: DAVE, helped: BOB, kind: 'reaction', ...help, source_id: `${id(2022)}:reaction` },
      { helper: ALICE, helped: CAROL, kind: 'reply', ...help, source_id: id(3003) },
      {
        helper: ALICE,
        helped: BOB,
        kind: 'reply',
        context: 'direct message',
        topic: null,
        source_id: id(4003),
      },
    ]);
    expect(summary.skipped).toEqual({
      'self-reply (a reply to one’s own message)': 3,
      'bot message': 1,
      'reply to a bot': 1,
      'reply to a message that is not in the import': 1,
      'system message (type GuildMemberJoin)': 1,
      'system message (type ThreadCreated)': 1,
      'system message (type ChannelPinnedMessage)': 1,
      'top-level message (not a reply)': 1,
    });
    const accounts = await store.all(
      `SELECT account_id, display_name, is_bot FROM accounts ORDER BY account_id`,
    );
    expect(accounts).toEqual([
      { account_id: ALICE, display_name: 'Alice', is_bot: false },
      { account_id: BOB, display_name: 'bobstone', is_bot: false },
      { account_id: CAROL, display_name: 'Carol D', is_bot: false },
      { account_id: DAVE, display_name: 'dave', is_bot: false },
      { account_id: id(5), display_name: 'erin', is_bot: false },
      { account_id: id(9), display_name: 'HelperBot', is_bot: true },
    ]);
    expect((await readImports(store))[0]).toMatchObject({
      connector: 'discord',
      status: 'succeeded',
    });
  });

  it('reads a single channel file; without the thread file, a thread root is a top-level message', async () => {
    const store = await openStore();
    const summary = await runImport(store, discord, input(HELP));
    expect((await helpRows(store, 'discord')).map((row) => row.source_id)).toEqual([
      id(2002),
      `${id(2002)}:reaction`,
      id(2003),
    ]);
    expect(summary.skipped['top-level message (not a reply)']).toBe(2);
  });

  it('reports progress file by file, passing over media and asset files', async () => {
    const progress = await progressOf(discord.read(input(EXPORT)));
    expect(progress.at(-1)).toEqual({ type: 'progress', read: 4, total: 4 });
  });

  it('counts a reply whose reference lost its message id as a reply to a missing message', async () => {
    const path = alteredExport((doc) => {
      (doc.messages[1]!.reference as Record<string, unknown>).messageId = null;
    });
    const store = await openStore();
    const summary = await runImport(store, discord, input(path));
    expect(summary.skipped['reply to a message that is not in the import']).toBe(2);
    expect((await helpRows(store, 'discord')).map((row) => row.source_id)).not.toContain(id(2002));
  });

  it('is idempotent, and an overlapping export of the same channel adds nothing', async () => {
    const store = await openStore();
    await runImport(store, discord, input(EXPORT));
    await expectNothingNew(store, discord, input(HELP), 3);
  });

  it('never writes message text into the database file', async () => {
    expect(readFileSync(HELP, 'utf8')).toContain(SECRET);
    await expectNotStored(SECRET, async (store) => {
      expect((await runImport(store, discord, input(EXPORT))).counts.interactionsStored).toBe(8);
    });
  });

  describe('bad input fails with the file, message and field, and leaves the database as it was', () => {
    async function expectUnchanged(path: string, message: RegExp): Promise<ImportError> {
      const store = await openStore();
      await runImport(store, discord, input(HELP));
      return expectFailedImport(store, discord, input(path), { message, secret: SECRET });
    }

    it('a message without an author id', async () => {
      const path = alteredExport(
        (doc) => delete (doc.messages[4]!.author as Record<string, unknown>).id,
      );
      const error = await expectUnchanged(
        path,
        /help \[1100000000000001001\]\.json, message 5 \(id 1100000000000002005\), field "author\.id"/,
      );
      expect(error.field).toBe('author.id');
    });

    it('a timestamp that is not a date-time', async () => {
      const path = alteredExport((doc) => (doc.messages[1]!.timestamp = '01/04/2026 09:02'));
      await expectUnchanged(
        path,
        /message 2 \(id 1100000000000002002\), field "timestamp": expected an ISO 8601/,
      );
    });

    it('a Reply without its reference', async () => {
      const path = alteredExport((doc) => delete doc.messages[2]!.reference);
      await expectUnchanged(path, /message 3 \(id 1100000000000002003\), field "reference"/);
    });

    it('a file cut short', async () => {
      const copy = join(tempDir(), 'cut.json');
      writeFileSync(copy, readFileSync(HELP, 'utf8').slice(0, 900));
      await expectUnchanged(copy, /cut\.json: not valid JSON: it ends in the middle/);
    });

    it('a JSON file that is not a DiscordChatExporter export', async () => {
      const path = join(tempDir(), 'users.json');
      writeFileSync(path, '[{"id": 1}]');
      await expectUnchanged(
        path,
        /users\.json, the export, field "channel": not a DiscordChatExporter JSON export/,
      );
    });

    it('a folder without any export', async () => {
      await expectUnchanged(tempDir(), /holds no \.json file/);
    });
  });
});
