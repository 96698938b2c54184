/**
 * Generated inputs for the connector benchmarks (`npm run bench -- --only git|mattermost`):
 * seeded, so the same parameters give the same input, which is kept in .bench/ and reused.
 * Each is large on the axis its connector's cost grows with: commits for git, posts for the
 * chat exports.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

const TRAILERS = ['Reviewed-by', 'Helped-by', 'Co-authored-by', 'Acked-by', 'Tested-by'];
const DIRECTORIES = ['src', 'docs', 'tests', 'tools', 'web', 'server', 'infra', 'scripts'];

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const next = random(6);
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
  const next = random(7);
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
    at += 60_000;
    const post = {
      team: 'acme',
      channel: `channel-${Math.floor(next() * 50)}`,
      user: starter,
      message: 'a question someone asked, with enough words to look like a real one does',
      create_at: at - 60_000,
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
