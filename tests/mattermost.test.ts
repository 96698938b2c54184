import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../connectors/errors.ts';
import { mattermost } from '../connectors/mattermost/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports } from '../server/store/queries.ts';
import {
  expectFailedImport,
  expectNothingNew,
  expectNotStored,
  progressOf,
} from './connector-helpers.ts';
import { ROOT, openStore, tempDir } from './helpers.ts';
import { writeZip } from './zip-fixtures.ts';

const EXPORT = join(ROOT, 'tests/fixtures/mattermost/export.jsonl');
const SECRET = 'PLANTED-SECRET-TEXT-mm-5c2e';
const input = (path: string) => ({ path, options: {} });

interface Row {
  helper: string;
  helped: string;
  kind: string;
  context: string | null;
  topic: string | null;
  at: string;
}

async function helpRows(store: Store): Promise<Row[]> {
  return store.all<Row>(
    `SELECT helper_account AS helper, helped_account AS helped, kind, context, topic,
            strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M') AS at
     FROM interactions WHERE source = 'mattermost' ORDER BY occurred_at, kind DESC`,
  );
}

/** The fixture's lines, to write altered copies of it. */
function exportLines(): Record<string, unknown>[] {
  return readFileSync(EXPORT, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function writeExport(lines: unknown[]): string {
  const path = join(tempDir(), 'export.jsonl');
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return path;
}

describe('the mattermost connector', () => {
  it('turns thread replies into help for the root poster, confirmed by their reactions', async () => {
    const store = await openStore();
    const summary = await runImport(store, mattermost, input(EXPORT));
    expect(await helpRows(store)).toEqual([
      {
        helper: 'bob',
        helped: 'alice',
        kind: 'reply',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T08:43',
      },
      {
        helper: 'bob',
        helped: 'alice',
        kind: 'reaction',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T08:43',
      },
      {
        helper: 'carol',
        helped: 'alice',
        kind: 'reply',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T08:45',
      },
      {
        helper: 'alice',
        helped: 'erin',
        kind: 'reply',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T09:32',
      },
      {
        helper: 'dave',
        helped: 'erin',
        kind: 'reply',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T09:33',
      },
      {
        helper: 'dave',
        helped: 'erin',
        kind: 'reaction',
        context: 'platform-help',
        topic: 'platform-help',
        at: '2026-03-01T09:33',
      },
      {
        helper: 'alice',
        helped: 'bob',
        kind: 'reply',
        context: 'direct message',
        topic: null,
        at: '2026-03-01T09:50',
      },
      {
        helper: 'bob',
        helped: 'carol',
        kind: 'reply',
        context: 'group direct message',
        topic: null,
        at: '2026-03-01T10:01',
      },
    ]);
    expect(summary.skipped).toEqual({
      'bot message': 2,
      'reply to a bot': 1,
      'self-reply (a reply to one’s own message)': 1,
      'system message (type system_join_channel)': 1,
      'top-level message (not a reply)': 1,
    });
    const [run] = await readImports(store);
    expect(run).toMatchObject({ connector: 'mattermost', status: 'succeeded' });
  });

  it('declares users with their e-mail, bots as bots, and posters missing from the user lines', async () => {
    const store = await openStore();
    await runImport(store, mattermost, input(EXPORT));
    const accounts = await store.all(
      `SELECT account_id, display_name, email, is_bot, person_id FROM accounts
       WHERE source = 'mattermost' ORDER BY account_id`,
    );
    expect(accounts).toEqual([
      {
        account_id: 'alice',
        display_name: 'Alice Martin',
        email: 'alice.martin@example.com',
        is_bot: false,
        person_id: 'mattermost:alice',
      },
      {
        account_id: 'bob',
        display_name: 'Bobby',
        email: 'bob@example.com',
        is_bot: false,
        person_id: 'mattermost:bob',
      },
      {
        account_id: 'carol',
        display_name: 'carol',
        email: 'carol@example.com',
        is_bot: false,
        person_id: 'mattermost:carol',
      },
      { account_id: 'ci-bot', display_name: 'CI', email: null, is_bot: true, person_id: null },
      {
        account_id: 'dave',
        display_name: 'Dave Left',
        email: 'dave@example.com',
        is_bot: false,
        person_id: 'mattermost:dave',
      },
      {
        account_id: 'erin',
        display_name: null,
        email: null,
        is_bot: false,
        person_id: 'mattermost:erin',
      },
    ]);
  });

  it('reports progress in bytes read, up to the size of the file', async () => {
    const progress = await progressOf(mattermost.read(input(EXPORT)));
    const size = readFileSync(EXPORT).length;
    expect(progress.at(-1)).toEqual({ type: 'progress', read: size, total: size });
  });

  it('is idempotent: importing the same export again stores nothing new', async () => {
    const store = await openStore();
    const first = await runImport(store, mattermost, input(EXPORT));
    await expectNothingNew(store, mattermost, input(EXPORT), first.counts.interactionsStored);
  });

  it('reads the .zip mmctl gives (attachments beside the .jsonl) like the .jsonl itself', async () => {
    const zipPath = await writeZip(join(tempDir(), 'export.zip'), [
      ['import.jsonl', readFileSync(EXPORT)],
      ['data/attachments/screenshot.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ]);
    const fromFile = await openStore();
    await runImport(fromFile, mattermost, input(EXPORT));
    const fromZip = await openStore();
    const summary = await runImport(fromZip, mattermost, input(zipPath));
    expect(summary.counts.interactionsStored).toBe(8);
    expect(await helpRows(fromZip)).toEqual(await helpRows(fromFile));
  });

  it('never writes message text into the database file', async () => {
    expect(readFileSync(EXPORT, 'utf8')).toContain(SECRET);
    await expectNotStored(SECRET, async (store) => {
      const summary = await runImport(store, mattermost, input(EXPORT));
      expect(summary.counts.interactionsStored).toBeGreaterThan(0);
    });
  });

  describe('bad input fails with the file, line and field, and leaves the database as it was', () => {
    async function expectUnchanged(path: string, message: RegExp): Promise<ImportError> {
      const store = await openStore();
      await runImport(store, mattermost, input(EXPORT));
      return expectFailedImport(store, mattermost, input(path), { message, secret: SECRET });
    }

    it('a line that is not JSON, late in the file', async () => {
      const path = join(tempDir(), 'export.jsonl');
      const lines = readFileSync(EXPORT, 'utf8').trim().split('\n');
      lines[16] = lines[16]!.slice(0, 60);
      writeFileSync(path, lines.join('\n'));
      const error = await expectUnchanged(path, /export\.jsonl, line 17: not valid JSON/);
      expect(error.record).toBe('line 17');
    });

    it('a reply without a user', async () => {
      const lines = exportLines();
      const post = lines[10]!.post as { replies: Record<string, unknown>[] };
      delete post.replies[1]!.user;
      const error = await expectUnchanged(
        writeExport(lines),
        /line 11, field "post\.replies\[1\]\.user": expected a non-empty string, found nothing/,
      );
      expect(error.field).toBe('post.replies[1].user');
    });

    it('a create_at that is not milliseconds', async () => {
      const lines = exportLines();
      (lines[12]!.post as Record<string, unknown>).create_at = '2026-03-01T10:00:00Z';
      await expectUnchanged(
        writeExport(lines),
        /line 13, field "post\.create_at": expected milliseconds/,
      );
    });

    it('a direct post without its members', async () => {
      const lines = exportLines();
      delete (lines[16]!.direct_post as Record<string, unknown>).channel_members;
      await expectUnchanged(writeExport(lines), /line 17, field "direct_post\.channel_members"/);
    });

    it('a file that is not a bulk export', async () => {
      const path = writeExport([{ type: 'post', post: {} }]);
      await expectUnchanged(path, /line 1: not a Mattermost bulk export/);
    });

    it('a bad line inside a zipped export names the entry', async () => {
      const lines = readFileSync(EXPORT, 'utf8').split('\n');
      lines[12] = '{"type":"post","post":';
      const zipPath = await writeZip(join(tempDir(), 'export.zip'), [
        ['import.jsonl', lines.join('\n')],
      ]);
      const error = await expectUnchanged(
        zipPath,
        /export\.zip, entry import\.jsonl, line 13: not valid JSON/,
      );
      expect(error.file).toBe(zipPath);
    });

    it('a zip without a .jsonl file', async () => {
      const zipPath = await writeZip(join(tempDir(), 'other.zip'), [['notes.txt', 'hello']]);
      await expectUnchanged(zipPath, /other\.zip: the archive holds no \.jsonl file/);
    });

    it('a folder instead of the file', async () => {
      await expectUnchanged(tempDir(), /is a folder/);
    });
  });
});
