import { cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../connectors/errors.ts';
import {
  centralDirectory,
  filesUnder,
  folderEntries,
  renameInPlace,
  writeZip,
} from './zip-fixtures.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { openZipExport, ZIP_LIMITS } from '../connectors/slack-export/zip-source.ts';
import type { ConnectorRecord } from '../connectors/types.ts';
import { collectRecords, readFailure } from './connector-helpers.ts';
import { HAS_OLAKE, OLAKE } from './helpers.ts';

const testsDir = fileURLToPath(new URL('.', import.meta.url));
const MINI = resolve(testsDir, 'fixtures/slack/mini-export');
/** Planted in the text, blocks, files and attachments of the mini export's messages. */
const SECRET = 'PLANTED-SECRET-TEXT-b7e1';
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message']);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'helpflow-slack-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const collect = (path: string, options: Record<string, string> = {}) =>
  collectRecords(slackExport, { path, options });
const readError = (path: string, options: Record<string, string> = {}) =>
  readFailure(slackExport, { path, options });

async function validateError(path: string): Promise<ImportError> {
  try {
    await slackExport.validate({ path, options: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error(`validating ${path} did not fail`);
}

function sorted(records: ConnectorRecord[]): string[] {
  return records.map((r) => JSON.stringify(r)).sort();
}

// Skipped in a plain clone, where the unlicensed real export is absent (see OLAKE).
describe.skipIf(!HAS_OLAKE)('slack-export on the real olake export', () => {
  interface RawMessage {
    ts: string;
    thread_ts?: string;
    user?: string;
    parent_user_id?: string;
    subtype?: string;
    bot_id?: string;
    text?: string;
    reactions?: { name: string; users?: string[] }[];
  }
  interface Raw {
    users: { id: string; is_bot?: boolean; is_app_user?: boolean }[];
    channelIds: Map<string, string>;
    dayFiles: string[];
    /** folder → messages, day files in date order */
    messages: Map<string, RawMessage[]>;
  }
  let raw: Raw;
  let result: Awaited<ReturnType<typeof collect>>;

  beforeAll(async () => {
    const json = async (name: string) => JSON.parse(await readFile(join(OLAKE, name), 'utf8'));
    const channels: { id: string; name: string }[] = await json('channels.json');
    const dayFiles = (await filesUnder(OLAKE)).filter((f) =>
      /^[^/]+\/\d{4}-\d{2}-\d{2}\.json$/.test(f),
    );
    const messages = new Map<string, RawMessage[]>();
    for (const file of dayFiles) {
      const folder = file.split('/')[0]!;
      messages.set(folder, [...(messages.get(folder) ?? []), ...(await json(file))]);
    }
    raw = {
      users: await json('users.json'),
      channelIds: new Map(channels.map((c) => [c.name, c.id])),
      dayFiles,
      messages,
    };
    result = await collect(OLAKE);
  });

  function messageOf(sourceId: string): { folder: string; message: RawMessage } {
    const [channelId, ts] = sourceId.split(':');
    const folder = [...raw.channelIds].find(([, id]) => id === channelId)![0];
    return { folder, message: raw.messages.get(folder)!.find((m) => m.ts === ts)! };
  }

  /** The thread starter the way docs/help.md says: root message's user, else parent_user_id. */
  function starterOf(folder: string, reply: RawMessage): string | undefined {
    const root = raw.messages.get(folder)!.find((m) => m.ts === reply.thread_ts);
    return root ? root.user : reply.parent_user_id;
  }

  it('yields one account per users.json entry, plus posters missing from it', () => {
    const listed = new Set(raw.users.map((u) => u.id));
    const posters = [...raw.messages.values()].flat().map((m) => m.user);
    const unlisted = new Set(posters.filter((u): u is string => !!u && !listed.has(u)));
    expect(result.accounts).toHaveLength(raw.users.length + unlisted.size);
    expect(new Set(result.accounts.map((a) => a.accountId)).size).toBe(result.accounts.length);
    const bots = raw.users.filter((u) => u.is_bot || u.is_app_user || u.id === 'USLACKBOT');
    expect(result.accounts.filter((a) => a.isBot)).toHaveLength(bots.length);
    for (const account of result.accounts) {
      if (account.email !== null) expect(account.email).toBe(account.email.toLowerCase());
    }
  });

  it('turns every reply into help from the replier to the thread starter', () => {
    const replies = result.interactions.filter((i) => i.kind === 'reply');
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      const { folder, message } = messageOf(reply.sourceId);
      expect(message.thread_ts).toBeDefined();
      expect(message.thread_ts).not.toBe(message.ts);
      expect(reply.helper).toBe(message.user);
      expect(reply.helped).toBe(starterOf(folder, message));
      expect(reply.helper).not.toBe(reply.helped);
      expect(reply.context).toBe(folder);
      expect(reply.topic).toBe(folder);
      expect(reply.occurredAt).toBe(new Date(Number(message.ts) * 1000).toISOString());
      expect(reply.source).toBe('slack');
      expect(reply.weight).toBeNull();
    }
    const ids = result.interactions.map((i) => i.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts exactly the replies and confirming reactions derived from the JSON', () => {
    const isBot = new Set(
      raw.users.filter((u) => u.is_bot || u.is_app_user || u.id === 'USLACKBOT').map((u) => u.id),
    );
    let replies = 0;
    let reactions = 0;
    for (const [folder, messages] of raw.messages) {
      for (const m of messages) {
        if (!m.thread_ts || m.thread_ts === m.ts) continue;
        if (!HUMAN_SUBTYPES.has(m.subtype) || m.bot_id || !m.user || isBot.has(m.user)) continue;
        const root = messages.find((r) => r.ts === m.thread_ts);
        if (root && (root.bot_id || root.subtype === 'bot_message')) continue;
        const starter = starterOf(folder, m);
        if (!starter || starter === m.user || isBot.has(starter)) continue;
        replies++;
        if (m.reactions?.some((r) => r.users?.includes(starter))) reactions++;
      }
    }
    const kinds = (kind: string) => result.interactions.filter((i) => i.kind === kind);
    expect(kinds('reply')).toHaveLength(replies);
    expect(kinds('reaction')).toHaveLength(reactions);
    expect(result.interactions).toHaveLength(replies + reactions);
    for (const reaction of kinds('reaction')) {
      const replyId = reaction.sourceId.replace(/:reaction$/, '');
      const { message } = messageOf(replyId);
      expect(message.reactions!.some((r) => r.users?.includes(reaction.helped))).toBe(true);
      expect(result.interactions.find((i) => i.sourceId === replyId)).toMatchObject({
        helper: reaction.helper,
        helped: reaction.helped,
      });
    }
  });

  it('accounts for every message: help, a thread root that started help, or a skip reason', () => {
    const all = [...raw.messages.values()].flat();
    const replyIds = new Set(
      result.interactions.filter((i) => i.kind === 'reply').map((i) => i.sourceId),
    );
    const helpedRoots = new Set(
      [...replyIds].map((id) => {
        const { folder, message } = messageOf(id);
        return `${folder}:${message.thread_ts}`;
      }),
    );
    const skippedTotal = Object.values(result.skipped).reduce((sum, n) => sum + n, 0);
    expect(replyIds.size + helpedRoots.size + skippedTotal).toBe(all.length);

    const counts = result.skipped;
    const bots = all.filter((m) => m.bot_id && HUMAN_SUBTYPES.has(m.subtype)).length;
    expect(bots).toBeGreaterThan(0);
    expect(counts['bot message']).toBeGreaterThanOrEqual(bots);
    const systemSubtypes = all.map((m) => m.subtype).filter((s) => !HUMAN_SUBTYPES.has(s));
    expect(systemSubtypes.length).toBeGreaterThan(0);
    for (const subtype of new Set(systemSubtypes)) {
      expect(counts[`system message (subtype ${subtype})`]).toBe(
        systemSubtypes.filter((s) => s === subtype).length,
      );
    }
    expect(counts['self-reply (a reply to one’s own message)']).toBeGreaterThan(0);
    expect(counts['top-level message (not a reply)']).toBeGreaterThan(0);
  });

  it('reports progress over all day files', () => {
    expect(result.progress[0]).toEqual({ type: 'progress', read: 0, total: raw.dayFiles.length });
    expect(result.progress.at(-1)).toEqual({
      type: 'progress',
      read: raw.dayFiles.length,
      total: raw.dayFiles.length,
    });
  });

  it('never carries message text into a record', () => {
    const out = JSON.stringify(result.records);
    const texts = [...raw.messages.values()]
      .flat()
      .map((m) => m.text?.trim() ?? '')
      .filter((t) => t.length >= 20);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(out.includes(text)).toBe(false);
  });

  it('reads the same records from a zip of the export (under a top-level folder)', async () => {
    const zipPath = await writeZip(
      join(scratch, 'olake.zip'),
      await folderEntries(OLAKE, 'olake/'),
    );
    const fromZip = await collect(zipPath);
    expect(sorted(fromZip.records)).toEqual(sorted(result.records));
  });
});

describe('slack-export on the mini fixture', () => {
  let result: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    result = await collect(MINI);
  });
  const interaction = (sourceId: string) =>
    result.interactions.find((i) => i.sourceId === sourceId);

  it('lists every user, deleted and bots included, and admits an unlisted poster once', () => {
    const byId = Object.fromEntries(result.accounts.map((a) => [a.accountId, a]));
    expect(Object.keys(byId).sort()).toEqual(
      ['USLACKBOT', 'U_ANA', 'U_APP', 'U_BEN', 'U_BOT', 'U_CARA', 'U_DEV', 'U_ZED'].sort(),
    );
    expect(result.accounts).toHaveLength(8);
    expect(byId.U_ANA).toMatchObject({
      displayName: 'Ana Example',
      email: 'ana@example.org',
      isBot: false,
    });
    expect(byId.U_BEN).toMatchObject({ displayName: 'ben', email: null });
    expect(byId.U_CARA).toMatchObject({ displayName: 'Cara Gone', isBot: false });
    expect(byId.U_BOT!.isBot).toBe(true);
    expect(byId.U_APP!.isBot).toBe(true);
    expect(byId.USLACKBOT!.isBot).toBe(true);
    expect(byId.U_ZED).toEqual({
      type: 'account',
      source: 'slack',
      accountId: 'U_ZED',
      displayName: 'zed',
      email: null,
      isBot: false,
    });
  });

  it('finds the thread root in another day file', () => {
    expect(interaction('C_HELP:1778576400.000100')).toMatchObject({
      helper: 'U_CARA',
      helped: 'U_ANA',
      kind: 'reply',
      context: 'help',
      topic: 'help',
      occurredAt: '2026-05-12T09:00:00.000Z',
    });
  });

  it('uses parent_user_id when the root is missing or deleted', () => {
    expect(interaction('C_HELP:1778576520.000300')).toMatchObject({
      helper: 'U_BEN',
      helped: 'U_DEV',
    });
    expect(interaction('C_GENERAL:1778407500.000350')).toMatchObject({
      helper: 'U_BEN',
      helped: 'U_ANA',
    });
  });

  it('counts thread_broadcast and file_share replies', () => {
    expect(interaction('C_HELP:1778576460.000200')).toMatchObject({
      helper: 'U_DEV',
      helped: 'U_ANA',
    });
    expect(interaction('C_GENERAL:1778403900.000250')).toMatchObject({
      helper: 'U_ANA',
      helped: 'U_DEV',
    });
  });

  it('adds a reaction interaction only when the thread starter reacted', () => {
    expect(interaction('C_HELP:1778490300.000200:reaction')).toMatchObject({
      kind: 'reaction',
      helper: 'U_BEN',
      helped: 'U_ANA',
      context: 'help',
    });
    expect(interaction('C_GENERAL:1778403900.000250:reaction')).toMatchObject({ helper: 'U_ANA' });
    // Cara's reply got a reaction, but from Ben, not from the starter Ana.
    expect(interaction('C_HELP:1778576400.000100:reaction')).toBeUndefined();
    expect(result.interactions.filter((i) => i.kind === 'reaction')).toHaveLength(2);
  });

  it('names DMs generically, and reads group DMs, private and unlisted channels', () => {
    expect(interaction('D_ANABEN:1778659260.000200')).toMatchObject({
      helper: 'U_BEN',
      helped: 'U_ANA',
      context: 'direct message',
      topic: null,
    });
    expect(interaction('G_MPIM:1778662860.000200')).toMatchObject({
      context: 'group direct message',
      topic: null,
    });
    expect(interaction('G_PRIV:1778749260.000200')).toMatchObject({ context: 'private-team' });
    expect(interaction('old-channel:1775034060.000200')).toMatchObject({
      helper: 'U_DEV',
      helped: 'U_ANA',
      context: 'old-channel',
      topic: 'old-channel',
    });
    expect(result.interactions.filter((i) => i.kind === 'reply')).toHaveLength(11);
  });

  it('skips, by reason, everything that is not help', () => {
    expect(result.skipped).toEqual({
      'bot message': 2,
      'reply to a bot': 1,
      'self-reply (a reply to one’s own message)': 1,
      'system message (subtype channel_join)': 1,
      'system message (subtype channel_topic)': 1,
      'system message (subtype tombstone)': 1,
      'reply to a message that is not in the import': 1,
      'top-level message (not a reply)': 1,
      'message without an author': 1,
      'duplicate message (same id twice)': 1,
    });
    expect(result.records.at(-1)!.type).toBe('skipped');
    for (const i of result.interactions) expect(i.helper).not.toBe(i.helped);
    const bots = new Set(['U_BOT', 'U_APP', 'USLACKBOT']);
    for (const i of result.interactions)
      expect(bots.has(i.helper) || bots.has(i.helped)).toBe(false);
  });

  it('reports progress per day file, ignoring stray files', () => {
    expect(result.progress.map((p) => p.read)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(result.progress.map((p) => p.total))).toEqual(new Set([8]));
  });

  it('never carries planted message text into a record', async () => {
    expect(await readFile(join(MINI, 'help/2026-05-11.json'), 'utf8')).toContain(SECRET);
    expect(JSON.stringify(result.records)).not.toContain(SECRET);
  });

  it('maps channels to topics from a JSON or CSV file', async () => {
    const json = join(scratch, 'topics.json');
    await writeFile(json, JSON.stringify({ help: 'Support', '#general': 'Chatter' }));
    const fromJson = await collect(MINI, { topics: json });
    const topicOf = (r: typeof fromJson, id: string) =>
      r.interactions.find((i) => i.sourceId === id)?.topic;
    expect(topicOf(fromJson, 'C_HELP:1778490300.000200')).toBe('Support');
    expect(topicOf(fromJson, 'C_HELP:1778490300.000200:reaction')).toBe('Support');
    expect(topicOf(fromJson, 'C_GENERAL:1778403900.000250')).toBe('Chatter');
    expect(topicOf(fromJson, 'G_PRIV:1778749260.000200')).toBe('private-team');
    expect(topicOf(fromJson, 'D_ANABEN:1778659260.000200')).toBeNull();

    const csv = join(scratch, 'topics.csv');
    await writeFile(csv, 'channel,topic\r\nhelp,"Support, ""first line"""\nold-channel,Archive\n');
    const fromCsv = await collect(MINI, { topics: csv });
    expect(topicOf(fromCsv, 'C_HELP:1778576400.000100')).toBe('Support, "first line"');
    expect(topicOf(fromCsv, 'old-channel:1775034060.000200')).toBe('Archive');
    expect(topicOf(fromCsv, 'C_GENERAL:1778403900.000250')).toBe('general');

    const bad = join(scratch, 'bad-topics.csv');
    await writeFile(bad, 'help,Support\ngeneral\n');
    const error = await readError(MINI, { topics: bad });
    expect(error.message).toContain(bad);
    expect(error.message).toContain('line 2');
  });
});

describe('slack-export from zip archives', () => {
  it('reads a zip with the export under one top-level folder, equal to the folder', async () => {
    const folder = await collect(MINI);
    const zipPath = await writeZip(
      join(scratch, 'nested.zip'),
      await folderEntries(MINI, 'export-2026/'),
    );
    const zipped = await collect(zipPath);
    expect(sorted(zipped.records)).toEqual(sorted(folder.records));
    // Conversations are emitted as soon as their last day file is read, not at the end.
    const firstHelp = zipped.records.findIndex((r) => r.type === 'interaction');
    expect(firstHelp).toBeLessThan(zipped.records.findLastIndex((r) => r.type === 'progress'));
  });

  it('reads a flat zip whose conversations are interleaved, equal to the folder', async () => {
    const entries = await folderEntries(MINI);
    // Day files of different conversations alternate, and metadata comes last.
    const days = entries.filter(([name]) => name.includes('/'));
    const rest = entries.filter(([name]) => !name.includes('/'));
    const interleaved = [
      ...days.filter((_, i) => i % 2 === 0),
      ...days.filter((_, i) => i % 2 === 1).reverse(),
    ];
    const zipPath = await writeZip(join(scratch, 'flat.zip'), [...interleaved, ...rest], false);
    const zipped = await collect(zipPath);
    expect(sorted(zipped.records)).toEqual(sorted((await collect(MINI)).records));
  });

  it('validates a good folder and a good zip without complaint', async () => {
    await expect(slackExport.validate({ path: MINI, options: {} })).resolves.toBeUndefined();
    const zipPath = await writeZip(join(scratch, 'valid.zip'), await folderEntries(MINI, 'x/'));
    await expect(slackExport.validate({ path: zipPath, options: {} })).resolves.toBeUndefined();
  });
});

describe('slack-export refuses bad input', () => {
  async function copyOfMini(name: string): Promise<string> {
    const folder = join(scratch, name);
    await cp(MINI, folder, { recursive: true });
    return folder;
  }

  it('a path that does not exist', async () => {
    const missing = join(scratch, 'nope.zip');
    expect((await validateError(missing)).message).toMatch(/nope\.zip: does not exist/);
  });

  it('a folder without users.json', async () => {
    const folder = join(scratch, 'not-an-export');
    await mkdir(join(folder, 'general'), { recursive: true });
    await writeFile(join(folder, 'channels.json'), '[]');
    for (const error of [await validateError(folder), await readError(folder)]) {
      expect(error.message).toContain(folder);
      expect(error.message).toContain('not a Slack export: users.json is missing');
      expect(error.message).toContain('channels.json');
    }
  });

  it('a file that is not a zip, and a truncated zip', async () => {
    const text = join(scratch, 'notes.txt');
    await writeFile(text, 'hello');
    expect((await validateError(text)).message).toMatch(/notes\.txt: not a readable zip archive/);

    const zipPath = await writeZip(join(scratch, 'truncated.zip'), await folderEntries(MINI));
    const size = (await readFile(zipPath)).length;
    await truncate(zipPath, Math.floor(size / 2));
    for (const error of [await validateError(zipPath), await readError(zipPath)]) {
      expect(error.message).toContain(zipPath);
      expect(error.message).toContain('not a readable zip archive');
    }
  });

  it('a zip entry whose compressed data is corrupt', async () => {
    const zipPath = join(scratch, 'corrupt.zip');
    await writeZip(zipPath, await folderEntries(MINI));
    const zip = await readFile(zipPath);
    const day = centralDirectory(zip).find((h) => h.name === 'help/2026-05-11.json')!;
    const local = zip.readUInt32LE(day.offset + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    // 0xff starts a deflate block of the reserved type 3, which no inflater accepts.
    zip.fill(0xff, dataStart, dataStart + 8);
    await writeFile(zipPath, zip);
    const error = await readError(zipPath);
    expect(error.message).toContain(
      `${zipPath}, entry help/2026-05-11.json: not a readable zip archive`,
    );
  });

  it('a day file cut mid-JSON, in a folder and in a zip', async () => {
    const folder = await copyOfMini('cut');
    const day = join(folder, 'help/2026-05-12.json');
    const text = await readFile(day, 'utf8');
    await writeFile(day, text.slice(0, text.indexOf(SECRET) + 10));
    const error = await readError(folder);
    expect(error.message).toContain('help/2026-05-12.json');
    expect(error.message).toContain('not valid JSON: it ends in the middle of a value');
    expect(error.message).not.toContain('PLANTED');

    const zipPath = await writeZip(join(scratch, 'cut.zip'), await folderEntries(folder, 'cut/'));
    const zipError = await readError(zipPath);
    expect(zipError.message).toContain(
      `${zipPath}, entry cut/help/2026-05-12.json: not valid JSON`,
    );
  });

  it('a syntax error, without quoting the text around it', async () => {
    const folder = await copyOfMini('syntax');
    const day = join(folder, 'general/2026-05-11.json');
    const text = await readFile(day, 'utf8');
    await writeFile(day, text.replace(`${SECRET}",`, `${SECRET}" oops`));
    const error = await readError(folder);
    expect(error.message).toMatch(
      /general\/2026-05-11\.json: not valid JSON: syntax error at line \d+, column \d+/,
    );
    expect(error.message).not.toContain('PLANTED');
  });

  it('a message without ts', async () => {
    const folder = await copyOfMini('no-ts');
    const day = join(folder, 'help/2026-05-11.json');
    const messages = JSON.parse(await readFile(day, 'utf8'));
    delete messages[2].ts;
    await writeFile(day, JSON.stringify(messages));
    const error = await readError(folder);
    expect(error.message).toContain('help/2026-05-11.json, message 3, field "ts"');
    expect(error.message).toContain('no timestamp');
    expect(error.record).toBe('message 3');
    expect(error.field).toBe('ts');
  });

  it('a zip entry whose name climbs out of the folder, or is absolute', async () => {
    const entries = await folderEntries(MINI);
    for (const [placeholder, evil] of [
      ['ZZ/evil.json', '../evil.json'],
      ['Zetc/evil.json', '/etc/evil.json'],
    ] as const) {
      const zipPath = join(scratch, `escape-${evil.length}.zip`);
      await writeZip(zipPath, [...entries, [placeholder, '[]']], false);
      await writeFile(zipPath, renameInPlace(await readFile(zipPath), placeholder, evil));
      for (const error of [await validateError(zipPath), await readError(zipPath)]) {
        expect(error.message).toContain(zipPath);
        expect(error.message).toContain(`entry ${evil}`);
        expect(error.message).toContain('would point outside the export folder');
      }
    }
  });

  it('a zip declaring an absurd total uncompressed size', async () => {
    // Six 3.75 GiB entries declare 22.5 GiB, over the 20 GiB limit; each is 1:1, no bomb ratio.
    const big = Array.from({ length: 6 }, (_, i): [string, string] => [
      `attachments/big-${i}.bin`,
      'x'.repeat(10),
    ]);
    const zipPath = join(scratch, 'absurd-total.zip');
    await writeZip(zipPath, [...(await folderEntries(MINI)), ...big], false);
    const zip = await readFile(zipPath);
    for (const { offset, name } of centralDirectory(zip)) {
      if (!name.startsWith('attachments/big-')) continue;
      zip.writeUInt32LE(0xf0000000, offset + 20);
      zip.writeUInt32LE(0xf0000000, offset + 24);
    }
    await writeFile(zipPath, zip);
    expect(6 * 0xf0000000).toBeGreaterThan(ZIP_LIMITS.maxTotalUncompressedBytes);
    for (const error of [await validateError(zipPath), await readError(zipPath)]) {
      expect(error.message).toContain(`${zipPath}, entry attachments/big-5.bin`);
      expect(error.message).toContain('more than 20.0 GiB uncompressed');
    }
  });

  it('a zip entry with a bomb-like compression ratio', async () => {
    const zipPath = join(scratch, 'bomb.zip');
    await writeZip(zipPath, [
      ...(await folderEntries(MINI)),
      ['attachments/bomb.bin', 'x'.repeat(100)],
    ]);
    const zip = await readFile(zipPath);
    const bomb = centralDirectory(zip).find((h) => h.name === 'attachments/bomb.bin')!;
    zip.writeUInt32LE(0x7fffffff, bomb.offset + 24);
    await writeFile(zipPath, zip);
    const error = await readError(zipPath);
    expect(error.message).toContain(`${zipPath}, entry attachments/bomb.bin`);
    expect(error.message).toContain('more than 1000:1');
  });

  it('a zip declaring more entries than an export could hold', async () => {
    // Crafting a million-entry (zip64) archive adds nothing: the same check runs with a lower limit.
    const zipPath = await writeZip(join(scratch, 'many.zip'), await folderEntries(MINI));
    const error = await openZipExport(zipPath, { ...ZIP_LIMITS, maxEntries: 3 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(
      /many\.zip: refusing the archive: it declares \d+ entries/,
    );
  });
});
