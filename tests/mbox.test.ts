import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeArchive } from '../bench/mbox-archive.ts';
import { mbox } from '../connectors/mbox/index.ts';
import { parseMailDate } from '../connectors/mbox/mail-date.ts';
import { SKIP } from '../connectors/mbox/replies.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import type { InteractionRecord } from '../connectors/types.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports, readStats } from '../server/store/queries.ts';
import {
  collectRecords,
  expectFailedImport,
  expectNothingNew,
  expectNotStored,
  readFailure,
} from './connector-helpers.ts';
import { ROOT, openStore, tempDir, writeTemp } from './helpers.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/mbox');
const DEV_LIST = join(FIXTURES, 'dev-list.mbox');
const ARCHIVE = join(FIXTURES, 'list-archive');
/** Planted in every subject and body of the fixtures. */
const SECRET = 'PLANTED-SECRET-TEXT-3a7f';

const collect = (path: string, options: Record<string, string> = {}) =>
  collectRecords(mbox, { path, options });
const readError = (path: string) => readFailure(mbox, { path, options: {} });

const brief = (i: InteractionRecord) => `${i.helper} -> ${i.helped}`;

describe('the mbox connector on a hand-written list archive', () => {
  it('finds each reply, its author helping the parent’s', async () => {
    const { interactions } = await collect(DEV_LIST);
    expect(interactions.map(brief).sort()).toEqual(
      [
        'ben@example.org -> ana@example.org', // In-Reply-To
        'chen@example.org -> ben@example.org', // the last of folded References
        'dev@example.org -> eve@example.org', // the parent comes later in the file
        'eve@example.org -> ana@example.org', // no Message-ID of its own
        'fay@example.org -> eve@example.org', // In-Reply-To with a trailing comment
      ].sort(),
    );
    for (const interaction of interactions) {
      expect(interaction).toMatchObject({
        source: 'email',
        kind: 'email-reply',
        context: 'dev.lists.example.org',
        weight: null,
      });
    }
    const bySender = new Map(interactions.map((i) => [i.helper, i]));
    expect(bySender.get('ben@example.org')).toMatchObject({
      sourceId: 'm2@example.org',
      occurredAt: '2026-05-04T08:12:40.000Z',
    });
    expect(bySender.get('eve@example.org')!.sourceId).toMatch(/^no-message-id:[0-9a-f]{32}$/);
  });

  it('accounts for every message: help, or skipped with its reason', async () => {
    const { interactions, skipped } = await collect(DEV_LIST);
    expect(skipped).toEqual({
      [SKIP.threadStart]: 2,
      [SKIP.selfReply]: 1,
      [SKIP.missingParent]: 1,
      [SKIP.automatic]: 2,
      [SKIP.toAutomatic]: 1,
      [SKIP.duplicate]: 1,
      [SKIP.noSender]: 1,
      [SKIP.toNoSender]: 1,
    });
    // Counted apart from the parser: "From " lines that open a message (they carry a time).
    const envelopes = readFileSync(DEV_LIST, 'utf8').match(/^From \S+ .*\d\d:\d\d:\d\d \d{4}$/gm);
    const total = Object.values(skipped).reduce((sum, n) => sum + n, 0);
    expect(total + interactions.length).toBe(envelopes!.length);
  });

  it('makes one account per address, names decoded, a program’s address a bot', async () => {
    const { accounts } = await collect(DEV_LIST);
    const byAddress = new Map(accounts.map((a) => [a.accountId, a]));
    expect(accounts.length).toBe(byAddress.size);
    expect(byAddress.get('ben@example.org')).toMatchObject({
      displayName: 'Ben Öztürk',
      email: 'ben@example.org',
      isBot: false,
    });
    expect(byAddress.get('chen@example.org')!.displayName).toBe('陈亮');
    expect(byAddress.get('ci-bot@example.org')!.isBot).toBe(true);
    // Ana's vacation reply was automatic, but she also writes herself.
    expect(byAddress.get('ana@example.org')!.isBot).toBe(false);
    expect([...byAddress.keys()].every((id) => id === id.toLowerCase())).toBe(true);
  });

  it('takes topics from subject tags, through --topics when it maps them, and the list from --list', async () => {
    const topics = writeTemp('tags.json', JSON.stringify({ k8s: 'kubernetes', '[Docs]': 'docs' }));
    const { interactions } = await collect(DEV_LIST, { topics, list: 'dev' });
    const topicOf = new Map(interactions.map((i) => [i.helper, i.topic]));
    expect(Object.fromEntries(topicOf)).toEqual({
      'ben@example.org': 'kubernetes', // [K8s]: tags match without case
      'chen@example.org': 'kubernetes',
      'eve@example.org': 'kubernetes',
      'dev@example.org': 'dev', // [dev] is not mapped: the list
      'fay@example.org': 'docs',
    });
    expect(new Set(interactions.map((i) => i.context))).toEqual(new Set(['dev']));
    // Without a map, a subject's first [tag] is its topic, lower-cased; [dev], the list's own
    // prefix (dev.lists.example.org), is not: such a reply's topic is the list.
    const unmapped = await collect(DEV_LIST);
    expect(Object.fromEntries(unmapped.interactions.map((i) => [i.helper, i.topic]))).toEqual({
      'ben@example.org': 'k8s',
      'chen@example.org': 'k8s',
      'eve@example.org': 'k8s',
      'dev@example.org': 'dev.lists.example.org',
      'fay@example.org': 'docs',
    });
    // Each reply knows its thread (the first message of References): further replies by the
    // same person in it count less as expert evidence.
    expect(unmapped.interactions.every((i) => typeof i.thread === 'string' && i.thread)).toBe(true);
    // Ids do not depend on the options, not even the made-up id of a message without one.
    const ids = (list: InteractionRecord[]) => list.map((i) => i.sourceId).sort();
    expect(ids(interactions)).toEqual(ids(unmapped.interactions));
  });

  it('reads a date without a zone as UTC, whatever the local time zone', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const { interactions } = await collect(DEV_LIST);
      // Fay's reply has no Date field: the "From " line's date is used.
      const fay = interactions.find((i) => i.helper === 'fay@example.org')!;
      expect(fay.occurredAt).toBe('2026-05-05T09:15:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads mail dates by their pattern, and nothing else as a date', () => {
    const iso = (text: string) => {
      const time = parseMailDate(text);
      return time === null ? null : new Date(time).toISOString();
    };
    expect(iso('Tue, 05 May 2026 09:03:12 -0700 (PDT)')).toBe('2026-05-05T16:03:12.000Z');
    expect(iso('4 May 26 10:00 EST')).toBe('2026-05-04T15:00:00.000Z');
    expect(iso('1 Jan 99 00:00 GMT')).toBe('1999-01-01T00:00:00.000Z');
    expect(iso('Mon May  4 07:00:05 2026')).toBe('2026-05-04T07:00:05.000Z');
    expect(iso('Sat Mar 02 15:51:36 +0100 2019')).toBe('2019-03-02T14:51:36.000Z');
    // Date.parse reads "soon" as 1 January 2000 and rolls 31 April over into May.
    for (const text of ['soon', '12:00 ?', 'Thu, 31 Apr 2026 10:00:00 +0000', '4 May 2026']) {
      expect(iso(text), text).toBeNull();
    }
  });

  it('never puts a subject or body into a record, even when reading subject tags', async () => {
    const topics = writeTemp('tags.csv', 'k8s,kubernetes\n');
    const { records } = await collect(DEV_LIST, { topics });
    expect(JSON.stringify(records)).not.toContain(SECRET);
    expect(JSON.stringify(records)).not.toMatch(/pods restart|release notes/);
  });
});

describe('the mbox connector on a folder of monthly archives', () => {
  it('reads every .mbox file in order, pipermail addresses, CRLF lines, replies across files', async () => {
    const { interactions, accounts, progress } = await collect(ARCHIVE);
    expect(interactions.map(brief)).toEqual([
      'bob@example.org -> ann@example.org',
      'ann@example.org -> bob@example.org', // 2026-05.mbox answers 2026-04.mbox
    ]);
    expect(interactions.map((i) => i.context)).toEqual(['list-archive', 'list-archive']);
    expect(accounts.map((a) => [a.accountId, a.displayName])).toEqual([
      ['ann@example.org', 'Ann Lee'],
      ['bob@example.org', 'Bob Marsh'],
    ]);
    expect(progress.at(-1)).toEqual({ type: 'progress', read: 2, total: 2 });
  });

  it('reads gzipped archives and Apple Mail’s exported mailboxes as the plain files', async () => {
    const dir = join(tempDir(), 'exported');
    mkdirSync(join(dir, 'Dev.mbox'), { recursive: true });
    cpSync(DEV_LIST, join(dir, 'Dev.mbox', 'mbox'));
    writeFileSync(
      join(dir, 'older.mbox.gz'),
      gzipSync(readFileSync(join(ARCHIVE, '2026-04.mbox'))),
    );
    const plain = [
      ...(await collect(DEV_LIST)).interactions,
      ...(await collect(ARCHIVE)).interactions,
    ];
    const read = await collect(dir);
    expect(read.interactions.map((i) => i.sourceId).sort()).toEqual(
      plain
        .filter((i) => i.sourceId !== 'p3@example.org')
        .map((i) => i.sourceId)
        .sort(),
    );
    const broken = join(tempDir(), 'broken.mbox.gz');
    writeFileSync(broken, gzipSync(readFileSync(DEV_LIST)).subarray(0, 200));
    expect((await readError(broken)).message).toMatch(/broken\.mbox\.gz: cannot read the file \(/);
  });

  it('finds every reply of a generated archive with replies filed before their parents', async () => {
    const path = join(tempDir(), 'big.mbox');
    const expected = await writeArchive(path, { messages: 5000, people: 80 });
    expect(expected.earlyReplies).toBeGreaterThan(50);
    const { interactions, skipped } = await collect(path);
    expect(interactions.length).toBe(expected.replies);
    expect(skipped[SKIP.selfReply]).toBe(expected.selfReplies);
    expect(skipped[SKIP.threadStart]).toBe(expected.threadStarts);
    expect(skipped[SKIP.missingParent]).toBeUndefined();
  });
});

describe('importing mbox archives into the store', () => {
  it('links senders to org-chart people by e-mail, and re-importing changes nothing', async () => {
    const store = await openStore();
    const chart = writeTemp(
      'org.csv',
      'person,name,email,team,manager,title,joined\n' +
        'p1,Ana Ortiz,Ana@Example.org,platform,,Lead,2020-01-01\n' +
        'p2,Ben Öztürk,ben@example.org,platform,p1,Engineer,2021-01-01\n',
    );
    await runImport(store, orgChart, { path: chart, options: {} });
    const summary = await runImport(store, mbox, { path: DEV_LIST, options: {} });
    expect(summary.counts.interactionsStored).toBe(5);
    const ties = await readTies(store);
    const benToAna = ties.find((t) => t.helper === 'p2' && t.helped === 'p1');
    expect(benToAna?.interactions).toBe(1);
    expect(ties.some((t) => t.helper === 'email:chen@example.org' && t.helped === 'p2')).toBe(true);
    const [, run] = await readImports(store);
    expect(run).toMatchObject({ connector: 'mbox', status: 'succeeded' });
    expect(run!.skipped).toEqual(summary.skipped);

    await expectNothingNew(store, mbox, { path: DEV_LIST, options: {} }, 5);
  });

  it('never writes a subject or body into the database file', async () => {
    const topics = writeTemp('tags.json', JSON.stringify({ k8s: 'kubernetes' }));
    await expectNotStored(SECRET, async (store) => {
      await runImport(store, mbox, { path: DEV_LIST, options: { topics } });
      await runImport(store, mbox, { path: ARCHIVE, options: {} });
      expect((await readStats(store)).interactions).toBe(7);
    });
  });

  it('fails on a message without a readable date, naming file, line, message and field', async () => {
    const store = await openStore();
    await runImport(store, mbox, { path: ARCHIVE, options: {} });
    const copy = join(tempDir(), 'dev.mbox');
    // Message m7 without its date, and without the "From " line's: no date is left.
    const text = readFileSync(DEV_LIST, 'utf8')
      .replace('Date: Mon, 4 May 2026 12:00:00 +0000', 'Date: soon')
      .replace(
        'From ben@example.org Mon May  4 12:00:00 2026',
        'From ben@example.org Mon May 32 12:00:00 2026',
      );
    writeFileSync(copy, text);
    const line = text.split('\n').indexOf('From ben@example.org Mon May 32 12:00:00 2026') + 1;
    const error = await expectFailedImport(
      store,
      mbox,
      { path: copy, options: {} },
      { message: /no readable date/, secret: SECRET },
    );
    expect(error.message).toBe(
      `${copy}, line ${line} (Message-ID <m7@example.org>), field "Date": no readable date: ` +
        'Date "soon" cannot be read and the "From " line has none',
    );
  });

  it('refuses what is not an mbox archive', async () => {
    const notMbox = writeTemp('notes.mbox', `\n\nSubject: hello\n\n${SECRET}\n`);
    const error = await readError(notMbox);
    expect(error.message).toMatch(/notes\.mbox, line 3: not an mbox file/);
    expect(error.message).not.toContain(SECRET);
    const empty = tempDir();
    cpSync(join(ARCHIVE, 'notes.txt'), join(empty, 'notes.txt'));
    await expect(mbox.validate({ path: empty, options: {} })).rejects.toThrow(
      /holds no mbox files/,
    );
    await expect(mbox.validate({ path: join(empty, 'gone.mbox'), options: {} })).rejects.toThrow(
      /does not exist/,
    );
  });
});
