import {
  readFileSync,
  readdirSync,
  existsSync,
  writeFileSync,
  cpSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slackExport } from '../connectors/slack-export/index.ts';
import { runImport } from '../server/store/ingest.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { readImports, readStats } from '../server/store/queries.ts';
import { expectFailedImport, expectNothingNew, expectNotStored } from './connector-helpers.ts';
import { HAS_OLAKE, OLAKE, OLAKE_ABSENT, ROOT, openStore, tempDir } from './helpers.ts';
import { folderEntries, renameInPlace, writeZip } from './zip-fixtures.ts';

// The tests on the real olake export skip in a plain clone, where it is absent (see OLAKE).
const MINI = join(ROOT, 'tests/fixtures/slack/mini-export');
const SECRET = 'PLANTED-SECRET-TEXT-b7e1';

interface SlackUser {
  id: string;
  is_bot?: boolean;
  is_app_user?: boolean;
}

const input = (path: string) => ({ path, options: {} });

describe('importing a Slack export into the store', () => {
  it.skipIf(!HAS_OLAKE)(
    'stores the real olake export: every human user a person, bots none, ties between people',
    async () => {
      const store = await openStore();
      const summary = await runImport(store, slackExport, input(OLAKE));
      const users = JSON.parse(readFileSync(join(OLAKE, 'users.json'), 'utf8')) as SlackUser[];
      const humans = users.filter((u) => !u.is_bot && !u.is_app_user && u.id !== 'USLACKBOT');
      const stats = await readStats(store);
      expect(stats.accounts).toBe(users.length);
      expect(stats.people).toBe(humans.length);
      expect(stats.interactions).toBe(summary.counts.interactionsStored);
      expect(stats.interactions).toBeGreaterThan(0);
      const ties = await readTies(store);
      const tieInteractions = ties.reduce((sum, tie) => sum + tie.interactions, 0);
      expect(tieInteractions).toBe(stats.interactions);
      for (const tie of ties) {
        expect(tie.helper).toMatch(/^slack:U/);
        expect(tie.helper).not.toBe(tie.helped);
      }
      const [run] = await readImports(store);
      expect(run).toMatchObject({ connector: 'slack-export', status: 'succeeded' });
      expect(run!.skipped).toEqual(summary.skipped);
    },
  );

  it.skipIf(!HAS_OLAKE)('is idempotent, and a zip of the same export adds nothing', async () => {
    const store = await openStore();
    const first = await runImport(store, slackExport, input(OLAKE));
    const zipPath = await writeZip(
      join(tempDir(), 'olake.zip'),
      await folderEntries(OLAKE, 'olake-export/'),
    );
    await expectNothingNew(store, slackExport, input(zipPath), first.counts.interactionsStored);
  });

  it('never writes message text into the database file', async () => {
    await expectNotStored(SECRET, async (store) => {
      await runImport(store, slackExport, input(MINI));
      expect((await readStats(store)).interactions).toBeGreaterThan(0);
    });
  });

  describe('a bad export fails with a clear error and leaves the database as it was', () => {
    async function expectUnchanged(path: string, message: RegExp): Promise<void> {
      const store = await openStore();
      await runImport(store, slackExport, input(MINI));
      await expectFailedImport(store, slackExport, input(path), { message, secret: SECRET });
    }

    it.skipIf(!HAS_OLAKE)('a truncated zip', async () => {
      const zipPath = await writeZip(join(tempDir(), 'cut.zip'), await folderEntries(OLAKE));
      truncateSync(zipPath, Math.floor(readFileSync(zipPath).length / 2));
      await expectUnchanged(zipPath, /cut\.zip: not a readable zip archive/);
    });

    it.skipIf(!HAS_OLAKE)(
      'a day file cut mid-JSON, late in the export (after other help was staged)',
      async () => {
        const copy = join(tempDir(), 'olake');
        cpSync(OLAKE, copy, { recursive: true });
        const channel = 'help';
        const days = readdirSync(join(copy, channel)).sort();
        const last = join(copy, channel, days.at(-1)!);
        const text = readFileSync(last, 'utf8');
        writeFileSync(last, text.slice(0, Math.floor(text.length / 2)));
        await expectUnchanged(
          copy,
          new RegExp(`help/${days.at(-1)!.replace('.', '\\.')}: not valid JSON`),
        );
      },
    );

    it('a zip entry that climbs out of the folder', async () => {
      const zipPath = join(tempDir(), 'escape.zip');
      await writeZip(zipPath, [...(await folderEntries(MINI)), ['ZZ/evil.json', '[]']], false);
      writeFileSync(zipPath, renameInPlace(readFileSync(zipPath), 'ZZ/evil.json', '../evil.json'));
      await expectUnchanged(zipPath, /entry \.\.\/evil\.json.*outside the export folder/);
    });
  });

  it('finds the real export in CI: at $HELPFLOW_TEST_OLAKE, or beside the checkout', () => {
    if (process.env.CI) expect(HAS_OLAKE, OLAKE_ABSENT).toBe(true);
    expect(existsSync(join(OLAKE, 'users.json'))).toBe(HAS_OLAKE);
  });
});
