import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackExchange } from '../connectors/stackexchange/index.ts';
import { SKIP } from '../connectors/stackexchange/help.ts';
import { runImport } from '../server/store/ingest.ts';
import { readImports, readStats } from '../server/store/queries.ts';
import {
  collectRecords,
  expectFailedImport,
  expectNothingNew,
  expectNotStored,
  readFailure,
} from './connector-helpers.ts';
import { CONLANG, ROOT, openStore, tempDir, writeTemp } from './helpers.ts';

const MINI = join(ROOT, 'tests/fixtures/stackexchange/mini-site');
/** Planted in the mini site's titles, bodies, comment texts and profiles. */
const SECRET = 'PLANTED-SECRET-TEXT-5e9c';

const collect = (path: string, options: Record<string, string> = {}) =>
  collectRecords(stackExchange, { path, options });
const readError = (path: string) => readFailure(stackExchange, { path, options: {} });

/** A copy of the mini site with one file replaced. */
function miniWith(file: string, text: string): string {
  const copy = join(tempDir(), 'mini-site');
  cpSync(MINI, copy, { recursive: true });
  writeFileSync(join(copy, file), text);
  return copy;
}

describe('the stackexchange connector on a hand-written dump', () => {
  it('turns answers, the accepted answer and comments into help, and nothing else', async () => {
    const { interactions } = await collect(MINI);
    const brief = interactions.map((i) => [i.sourceId, i.helper, i.helped, i.kind, i.topic]);
    expect(brief).toEqual([
      ['mini-site:answer:11', '1002', '1001', 'answer', 'grammar'],
      ['mini-site:answer:12', 'mini-site/3', '1001', 'accepted-answer', 'grammar'],
      ['mini-site:answer:16', '1004', '1002', 'answer', 'phonology'],
      ['mini-site:comment:100', '1002', '1001', 'comment', 'grammar'],
      ['mini-site:comment:101', '1001', '1002', 'comment', 'grammar'],
      ['mini-site:comment:107', 'mini-site/7', '1004', 'comment', 'phonology'],
    ]);
    for (const interaction of interactions) {
      expect(interaction).toMatchObject({ source: 'stackexchange', context: 'mini-site' });
    }
    expect(interactions[0]!.occurredAt).toBe('2018-02-08T11:00:00.000Z');
  });

  it('says what it skipped and why, one reason per post or comment that was not help', async () => {
    const { skipped, interactions } = await collect(MINI);
    expect(skipped).toEqual({
      [SKIP.question]: 4,
      [SKIP.notQa]: 2,
      [SKIP.selfAnswer]: 1,
      [SKIP.answerByDeleted]: 1,
      [SKIP.missingQuestion]: 1,
      [SKIP.toDeleted]: 1,
      [SKIP.toBot]: 1,
      [SKIP.byBot]: 2,
      [SKIP.selfComment]: 1,
      [SKIP.missingPost]: 1,
      [SKIP.commentOnNotQa]: 1,
      [SKIP.commentByDeleted]: 1,
    });
    const rows = (file: string) => readFileSync(join(MINI, file), 'utf8').split('<row ').length - 1;
    const total = Object.values(skipped).reduce((sum, n) => sum + n, 0);
    expect(total + interactions.length).toBe(rows('Posts.xml') + rows('Comments.xml'));
  });

  it('makes accounts of the network-wide AccountId, the Community user a bot', async () => {
    const { accounts } = await collect(MINI);
    expect(accounts.map((a) => [a.accountId, a.displayName, a.isBot])).toEqual([
      ['mini-site/-1', 'Community', true],
      ['1001', 'Ana Ortiz', false],
      ['1002', 'Ben Okafor', false],
      ['mini-site/3', 'Cleo Park', false],
      ['1004', 'Dev Rao', false],
      ['mini-site/7', null, false],
    ]);
    expect(accounts.every((a) => a.email === null && a.source === 'stackexchange')).toBe(true);
  });

  it('takes the site from --site and topics from the first tag --topics maps', async () => {
    const topics = writeTemp('topics.json', JSON.stringify({ phonology: 'sound systems' }));
    const { interactions } = await collect(MINI, { site: 'conlang.example', topics });
    expect(new Set(interactions.map((i) => i.context))).toEqual(new Set(['conlang.example']));
    expect(interactions[0]!.sourceId).toBe('conlang.example:answer:11');
    // Question 10 is tagged grammar, phonology: the mapped tag wins over the first one.
    expect(interactions.map((i) => i.topic)).toEqual(Array(6).fill('sound systems'));
  });

  it('never puts text into a record', async () => {
    const { records } = await collect(MINI);
    expect(JSON.stringify(records)).not.toContain(SECRET);
  });
});

describe('the stackexchange connector on the real conlang dump', () => {
  /** The dump's rows, read with a regular expression: a second reading, independent of saxes. */
  function rows(file: string): Map<string, string>[] {
    const text = readFileSync(join(CONLANG, file), 'utf8');
    return [...text.matchAll(/<row ([^>]*?)\/>/g)].map(
      (row) => new Map([...row[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    );
  }

  it('finds every answer, accepted answer and comment the dump holds', async () => {
    const posts = rows('Posts.xml');
    const owner = new Map(posts.map((p) => [p.get('Id'), p.get('OwnerUserId')]));
    const questionOf = new Map(posts.map((p) => [p.get('Id'), p.get('ParentId') ?? p.get('Id')]));
    const accepted = new Set(posts.map((p) => p.get('AcceptedAnswerId')).filter(Boolean));
    const isHelp = (helper: string | undefined, helped: string | undefined) =>
      helper !== undefined && helped !== undefined && helper !== helped && helped !== '-1';
    const answers = posts.filter(
      (p) =>
        p.get('PostTypeId') === '2' && isHelp(p.get('OwnerUserId'), owner.get(p.get('ParentId'))),
    );
    const types = new Map(posts.map((p) => [p.get('Id'), p.get('PostTypeId')]));
    const comments = rows('Comments.xml').filter(
      (c) =>
        ['1', '2'].includes(types.get(c.get('PostId')) ?? '') &&
        isHelp(c.get('UserId'), owner.get(c.get('PostId'))),
    );

    const { interactions, skipped } = await collect(CONLANG);
    const byKind = (kind: string) => interactions.filter((i) => i.kind === kind);
    const acceptedHelp = answers.filter((a) => accepted.has(a.get('Id')));
    expect(byKind('accepted-answer').length).toBe(acceptedHelp.length);
    expect(byKind('accepted-answer').length).toBeGreaterThan(0);
    expect(byKind('answer').length).toBe(answers.length - acceptedHelp.length);
    expect(byKind('comment').length).toBe(comments.length);
    expect(interactions.length).toBe(answers.length + comments.length);
    expect(skipped[SKIP.question]).toBe(posts.filter((p) => p.get('PostTypeId') === '1').length);

    // Each comment's topic is its question's first tag.
    const tags = new Map(posts.map((p) => [p.get('Id'), p.get('Tags')]));
    for (const comment of byKind('comment').slice(0, 20)) {
      const postId = comment.sourceId.split(':').at(-1)!;
      const commentRow = rows('Comments.xml').find((c) => c.get('Id') === postId)!;
      const question = questionOf.get(commentRow.get('PostId'));
      expect(`&lt;${comment.topic}&gt;`).toBe(/^&lt;.*?&gt;/.exec(tags.get(question)!)![0]);
    }
  });

  it('imports into a real DuckDB file: ties by kind, idempotent, every user an account', async () => {
    const store = await openStore();
    const summary = await runImport(store, stackExchange, { path: CONLANG, options: {} });
    const users = rows('Users.xml');
    const stats = await readStats(store);
    expect(stats.accounts).toBe(users.length);
    // Every user but the Community bot is a person of their own (no org chart to link to).
    expect(stats.people).toBe(users.length - 1);
    expect(stats.interactions).toBe(summary.counts.interactionsStored);
    const kinds = await store.all<{ kind: string; n: number }>(
      'SELECT kind, count(*)::INTEGER AS n FROM interactions GROUP BY kind ORDER BY kind',
    );
    const { interactions } = await collect(CONLANG);
    const expected = ['accepted-answer', 'answer', 'comment'].map((kind) => ({
      kind,
      n: interactions.filter((i) => i.kind === kind).length,
    }));
    expect(kinds).toEqual(expected);
    const [run] = await readImports(store);
    expect(run).toMatchObject({ connector: 'stackexchange', status: 'succeeded' });
    expect(run!.skipped).toEqual(summary.skipped);

    await expectNothingNew(
      store,
      stackExchange,
      { path: CONLANG, options: {} },
      stats.interactions,
    );
  });
});

describe('the stackexchange connector on bad and hostile input', () => {
  it('never writes text into the database file', async () => {
    await expectNotStored(SECRET, async (store) => {
      await runImport(store, stackExchange, { path: MINI, options: {} });
      expect((await readStats(store)).interactions).toBeGreaterThan(0);
    });
  });

  it('parses past a DOCTYPE without expanding what it declares (no XXE)', async () => {
    const dir = tempDir();
    const secretFile = join(dir, 'server-secret.txt');
    writeFileSync(secretFile, 'XXE-LEAKED-d41d');
    const users = readFileSync(join(MINI, 'Users.xml'), 'utf8');
    const declaring = users.replace(
      '<!DOCTYPE users>',
      `<!DOCTYPE users [<!ENTITY leak SYSTEM "file://${secretFile}"><!ENTITY lol "lol">]>`,
    );
    // Declared but unused: the dump imports as before.
    const quiet = await collect(miniWith('Users.xml', declaring));
    expect(quiet.accounts.map((a) => a.displayName)).toEqual(
      (await collect(MINI)).accounts.map((a) => a.displayName),
    );
    // Used: the reference is an error, and the file it points at is never read.
    const path = miniWith('Users.xml', declaring.replace('"Ben Okafor"', '"&leak;"'));
    const store = await openStore();
    await expectFailedImport(
      store,
      stackExchange,
      { path, options: {} },
      {
        message: /Users\.xml, line 6, column \d+: not well-formed XML: undefined entity/,
        secret: 'XXE-LEAKED',
      },
    );
  });

  it('fails on malformed XML with file and line, and leaves the database as it was', async () => {
    const store = await openStore();
    await runImport(store, stackExchange, { path: MINI, options: {} });
    const posts = readFileSync(join(MINI, 'Posts.xml'), 'utf8').split('\r\n');
    posts[12] = posts[12]!.replace('Score="0" ', 'Score="0 ');
    const path = miniWith('Posts.xml', posts.join('\r\n'));
    await expectFailedImport(
      store,
      stackExchange,
      { path, options: {} },
      {
        message: /mini-site\/Posts\.xml, line 13, column \d+: not well-formed XML/,
        secret: SECRET,
      },
    );
  });

  it('fails on a bad field with file, line, row and attribute', async () => {
    const comments = readFileSync(join(MINI, 'Comments.xml'), 'utf8');
    const badDate = await readError(
      miniWith('Comments.xml', comments.replace('2018-02-08T11:45:00.000', 'yesterday')),
    );
    expect(badDate.message).toMatch(
      /Comments\.xml, line 5 \(row Id 102\), field "CreationDate": "yesterday" is not a date-time/,
    );
    const noPost = await readError(miniWith('Comments.xml', comments.replace('PostId="99" ', '')));
    expect(noPost.message).toMatch(/line 6 \(row Id 103\), field "PostId": the row has no PostId/);
    const posts = readFileSync(join(MINI, 'Posts.xml'), 'utf8');
    const badOwner = await readError(
      miniWith('Posts.xml', posts.replace('OwnerUserId="3"', 'OwnerUserId="x3"')),
    );
    expect(badOwner).toMatchObject({ record: 'line 5 (row Id 12)', field: 'OwnerUserId' });
  });

  it('refuses a folder that is not a dump, and a file of the wrong kind', async () => {
    const notDump = tempDir();
    writeFileSync(join(notDump, 'Posts.xml'), '<posts/>');
    await expect(stackExchange.validate({ path: notDump, options: {} })).rejects.toThrow(
      /not a Stack Exchange data dump: Users\.xml is missing/,
    );
    await expect(
      stackExchange.validate({ path: join(notDump, 'nowhere'), options: {} }),
    ).rejects.toThrow(/does not exist/);
    await expect(
      stackExchange.validate({ path: join(notDump, 'Posts.xml'), options: {} }),
    ).rejects.toThrow(/Posts\.xml: is not a folder: give the folder a Stack Exchange data dump/);
    const swapped = miniWith('Comments.xml', readFileSync(join(MINI, 'Tags.xml'), 'utf8'));
    expect((await readError(swapped)).message).toMatch(
      /Comments\.xml, line 2: expected the root element <comments>, found <tags>/,
    );
  });
});
