/**
 * Generated inputs for the connector benchmarks (`npm run bench -- --only git|mattermost`):
 * seeded, so the same parameters give the same input, which is kept in .bench/ and reused.
 * Each is large on the axis its connector's cost grows with: commits for git, posts for the
 * chat exports.
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { mulberry32 } from '../server/analytics/random.ts';

const TRAILERS = ['Reviewed-by', 'Helped-by', 'Co-authored-by', 'Acked-by', 'Tested-by'];
const DIRECTORIES = ['src', 'docs', 'tests', 'tools', 'web', 'server', 'infra', 'scripts'];

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * A bare repository of `commits` commits by `people` authors, built by `git fast-import`
 * from a generated stream; about 40 % of the commits carry one to three help trailers.
 */
export async function gitHistory(
  benchDir: string,
  commits: number,
  people = 2000,
): Promise<string> {
  const repo = join(benchDir, `git-${commits}-${people}.git`);
  if (existsSync(join(repo, 'refs', 'heads', 'main'))) return repo;
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  await run('git', ['init', '-q', '--bare', '-b', 'main', repo]);
  const child = spawn('git', ['-C', repo, 'fast-import', '--quiet'], {
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = once(child, 'close');
  const next = mulberry32(6);
  const person = (i: number) => `Person ${i} <person${i}@example.com>`;
  const start = Date.UTC(2020, 0, 1) / 1000;
  for (let i = 0; i < commits; i++) {
    const author = person(Math.floor(next() * people));
    const when = `${start + i * 1800} +0000`;
    let message = `Change ${i}\n`;
    if (next() < 0.4) {
      message += '\n';
      const count = 1 + Math.floor(next() * 3);
      for (let t = 0; t < count; t++) {
        const key = TRAILERS[Math.floor(next() * TRAILERS.length)];
        message += `${key}: ${person(Math.floor(next() * people))}\n`;
      }
    }
    const path = `${DIRECTORIES[Math.floor(next() * DIRECTORIES.length)]}/file${i % 500}.txt`;
    const content = `revision ${i}\n`;
    await write(
      child.stdin,
      `commit refs/heads/main\nauthor ${author} ${when}\ncommitter ${author} ${when}\n` +
        `data ${Buffer.byteLength(message)}\n${message}\n` +
        `M 644 inline ${path}\ndata ${content.length}\n${content}\n`,
    );
  }
  child.stdin.end();
  const [code] = (await exited) as [number];
  if (code !== 0) throw new Error(`git fast-import failed with exit code ${code}`);
  return repo;
}

/**
 * A Mattermost bulk export of about `posts` posts (roots and replies) by `people` users in 50
 * channels: each root has zero to six replies, and the root poster reacts on a third of them.
 */
export async function mattermostExport(
  benchDir: string,
  posts: number,
  people = 2000,
): Promise<string> {
  const path = join(benchDir, `mattermost-${posts}-${people}.jsonl`);
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.part`);
  const next = mulberry32(7);
  const user = () => `user${Math.floor(next() * people)}`;
  await write(out, JSON.stringify({ type: 'version', version: 1 }) + '\n');
  await write(
    out,
    JSON.stringify({ type: 'team', team: { name: 'acme', display_name: 'Acme', type: 'O' } }) +
      '\n',
  );
  for (let c = 0; c < 50; c++) {
    await write(
      out,
      JSON.stringify({
        type: 'channel',
        channel: { team: 'acme', name: `channel-${c}`, display_name: `Channel ${c}`, type: 'O' },
      }) + '\n',
    );
  }
  for (let u = 0; u < people; u++) {
    await write(
      out,
      JSON.stringify({
        type: 'user',
        user: {
          username: `user${u}`,
          email: `user${u}@example.com`,
          first_name: 'User',
          last_name: String(u),
          roles: 'system_user',
        },
      }) + '\n',
    );
  }
  let at = Date.UTC(2026, 0, 1);
  for (let written = 0; written < posts;) {
    const starter = user();
    const rootAt = (at += 60_000);
    const replies = [];
    for (let r = Math.floor(next() * 7); r > 0; r--) {
      at += 1000;
      replies.push({
        user: user(),
        message: 'a reply of about the length people write in a help channel, give or take',
        create_at: at,
        reactions:
          next() < 0.33
            ? [{ user: starter, emoji_name: 'white_check_mark', create_at: at + 500 }]
            : [],
      });
    }
    const post = {
      team: 'acme',
      channel: `channel-${Math.floor(next() * 50)}`,
      user: starter,
      message: 'a question someone asked, with enough words to look like a real one does',
      create_at: rootAt,
      replies,
    };
    await write(out, JSON.stringify({ type: 'post', post }) + '\n');
    written += 1 + replies.length;
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return path;
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: 'inherit' });
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${code}`);
}

/**
 * A folder of Microsoft Graph responses holding about `posts` channel messages by `people`
 * users in 50 channels: root pages and reply pages of 1,000 messages, as a script paging
 * through /messages and /replies would save them.
 */
export async function teamsExport(benchDir: string, posts: number, people = 2000): Promise<string> {
  const folder = join(benchDir, `teams-${posts}-${people}`);
  if (existsSync(join(folder, 'done'))) return folder;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const next = mulberry32(8);
  const user = (i: number) => ({
    application: null,
    device: null,
    user: { id: `user-${i}`, displayName: `User ${i}`, userIdentityType: 'aadUser' },
  });
  const message = (
    id: number,
    channel: number,
    poster: number,
    at: number,
    replyTo: number | null,
    reactor: number | null,
  ) => ({
    id: String(id),
    replyToId: replyTo === null ? null : String(replyTo),
    messageType: 'message',
    createdDateTime: new Date(at).toISOString(),
    deletedDateTime: null,
    subject: null,
    from: user(poster),
    body: {
      contentType: 'html',
      content: '<p>a message of about the length people write at work</p>',
    },
    channelIdentity: { teamId: 'team-1', channelId: `19:channel-${channel}@thread.tacv2` },
    attachments: [],
    mentions: [],
    reactions:
      reactor === null
        ? []
        : [
            {
              reactionType: 'like',
              createdDateTime: new Date(at).toISOString(),
              user: user(reactor),
            },
          ],
  });
  const roots: unknown[] = [];
  const replies: unknown[] = [];
  let file = 0;
  const flush = (force: boolean) => {
    for (const [kind, list] of [
      ['messages', roots],
      ['replies', replies],
    ] as const) {
      if (list.length >= 1000 || (force && list.length > 0)) {
        writeFileSync(join(folder, `${kind}-${++file}.json`), JSON.stringify({ value: list }));
        list.length = 0;
      }
    }
  };
  let id = 1_700_000_000_000;
  let at = Date.UTC(2026, 0, 1);
  for (let written = 0; written < posts;) {
    const channel = Math.floor(next() * 50);
    const starter = Math.floor(next() * people);
    const rootId = ++id;
    roots.push(message(rootId, channel, starter, (at += 60_000), null, null));
    written++;
    for (let r = Math.floor(next() * 7); r > 0; r--, written++) {
      replies.push(
        message(
          ++id,
          channel,
          Math.floor(next() * people),
          (at += 1000),
          rootId,
          next() < 0.33 ? starter : null,
        ),
      );
    }
    flush(false);
  }
  flush(true);
  writeFileSync(join(folder, 'done'), '');
  return folder;
}

/**
 * A folder of DiscordChatExporter files holding about `posts` messages by `people` users:
 * 20 channels where a message is a reply to one of the last 50 with probability one half,
 * and a thread file for every 200th message.
 */
export async function discordExport(
  benchDir: string,
  posts: number,
  people = 2000,
): Promise<string> {
  const folder = join(benchDir, `discord-${posts}-${people}`);
  if (existsSync(join(folder, 'done'))) return folder;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const next = mulberry32(9);
  const author = (i: number) => ({
    id: String(1e17 + i),
    name: `user${i}`,
    discriminator: '0000',
    nickname: null,
    isBot: false,
  });
  const channels = 20;
  const perChannel = Math.ceil(posts / channels);
  let id = 1.1e18;
  let at = Date.UTC(2026, 0, 1);
  for (let c = 0; c < channels; c++) {
    const channelId = String(1e15 + c);
    const messages: Record<string, unknown>[] = [];
    const threads: [string, Record<string, unknown>[]][] = [];
    for (let m = 0; m < perChannel; m++) {
      const poster = Math.floor(next() * people);
      const recent =
        messages.length > 0 && next() < 0.5
          ? messages[messages.length - 1 - Math.floor(next() * Math.min(50, messages.length))]!
          : null;
      const message: Record<string, unknown> = {
        id: String((id += 4096)),
        type: recent ? 'Reply' : 'Default',
        timestamp: new Date((at += 30_000)).toISOString(),
        content: 'a message of about the length people write in a community server',
        author: author(poster),
        reactions:
          recent && next() < 0.33
            ? [{ emoji: { id: '', name: '✅' }, count: 1, users: [recent.author] }]
            : [],
        ...(recent && { reference: { messageId: recent.id, channelId } }),
      };
      messages.push(message);
      if (m % 200 === 199) threads.push([message.id as string, []]);
    }
    // Threads take a share of the channel's messages, so the total stays `posts`.
    for (const [threadId, threadMessages] of threads) {
      for (let t = 0; t < 5 && messages.length > 0; t++) {
        const moved = messages.pop()!;
        delete moved.reference;
        moved.type = 'Default';
        threadMessages.push(moved);
      }
      await writeDiscordFile(
        folder,
        `thread-${threadId}`,
        { id: threadId, type: 'GuildPublicThread', category: `channel-${c}`, name: 'thread' },
        threadMessages,
      );
    }
    await writeDiscordFile(
      folder,
      `channel-${c}`,
      { id: channelId, type: 'GuildTextChat', category: 'general', name: `channel-${c}` },
      messages,
    );
  }
  writeFileSync(join(folder, 'done'), '');
  return folder;
}

async function writeDiscordFile(
  folder: string,
  name: string,
  channel: Record<string, unknown>,
  messages: unknown[],
): Promise<void> {
  const doc = {
    guild: { id: '1', name: 'Bench' },
    channel,
    messages,
    messageCount: messages.length,
  };
  writeFileSync(join(folder, `${name}.json`), JSON.stringify(doc));
}
