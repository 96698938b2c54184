/**
 * A seeded mailing-list archive for the mbox benchmark and tests: threads among `people`
 * addresses, bodies of about a kilobyte (with mboxrd-quoted ">From " lines), folded headers,
 * RFC 2047 names, and some replies filed before their parents. Returns what an import of it
 * must find, counted while writing.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../server/analytics/random.ts';

export interface ArchiveOptions {
  messages: number;
  people: number;
  seed: number;
  /** Share of replies written before the message they answer. */
  earlyReplies: number;
}

export const ARCHIVE_DEFAULTS: ArchiveOptions = {
  messages: 100_000,
  people: 2_000,
  seed: 7,
  earlyReplies: 0.05,
};

export interface ArchiveCounts {
  messages: number;
  bytes: number;
  replies: number;
  selfReplies: number;
  threadStarts: number;
  /** Replies written before their parent. */
  earlyReplies: number;
}

/** A line of body text: long enough to look like mail, never read by the importer. */
const BODY_LINE =
  'PLANTED-BODY-TEXT the quick brown fox jumps over the lazy dog while the build goes green';

export async function writeArchive(
  path: string,
  options: Partial<ArchiveOptions> = {},
): Promise<ArchiveCounts> {
  const { messages, people, seed, earlyReplies } = { ...ARCHIVE_DEFAULTS, ...options };
  const next = mulberry32(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const out = createWriteStream(path);
  const counts: ArchiveCounts = {
    messages,
    bytes: 0,
    replies: 0,
    selfReplies: 0,
    threadStarts: 0,
    earlyReplies: 0,
  };
  /** Sender of every message, by index. */
  const senders: number[] = [];
  const write = async (text: string) => {
    counts.bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  // Each message waits one step, so that a reply can be written before its parent.
  let previous: string | null = null;
  let previousIndex = -1;
  for (let i = 0; i < messages; i++) {
    const sender = pick(people);
    senders.push(sender);
    const isReply = i > 0 && next() < 0.7;
    const early = isReply && previousIndex === i - 1 && next() < earlyReplies;
    // Replies answer a recent message, as threads do.
    const parent = !isReply ? -1 : early ? i - 1 : i - 1 - pick(Math.min(i, 50));
    if (!isReply) counts.threadStarts += 1;
    else if (senders[parent] === sender) counts.selfReplies += 1;
    else counts.replies += 1;
    const text = message(i, sender, parent, Date.UTC(2026, 0, 1) + i * 60_000);
    if (early) {
      await write(text);
      counts.earlyReplies += 1;
    } else {
      if (previous !== null) await write(previous);
      previous = text;
      previousIndex = i;
    }
  }
  if (previous !== null) await write(previous);
  out.end();
  await once(out, 'finish');
  return counts;
}

function message(i: number, sender: number, parent: number, time: number): string {
  const date = new Date(time);
  const address = `person${sender}@example.org`;
  const name = sender % 3 === 0 ? `=?UTF-8?Q?P=C3=A9rson_${sender}?=` : `Person ${sender}`;
  const reply =
    parent < 0
      ? ''
      : `In-Reply-To: <msg${parent}@example.org>\nReferences: <msg${Math.max(0, parent - 3)}@example.org>\n <msg${parent}@example.org>\n`;
  return (
    `From ${address} ${date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (\S+) GMT$/, '$1 $3 $2 $5 $4')}\n` +
    `Received: from mail.example.org (mail.example.org [192.0.2.10])\n\tby lists.example.org with ESMTP\n` +
    `From: ${name} <${address}>\n` +
    `To: dev@lists.example.org\n` +
    `Subject: ${parent < 0 ? '' : 'Re: '}[dev] PLANTED-SUBJECT-TEXT thread ${i}\n` +
    `Date: ${date.toUTCString()}\n` +
    `Message-ID: <msg${i}@example.org>\n` +
    reply +
    `List-Id: Developer discussion <dev.lists.example.org>\n` +
    `Content-Type: text/plain; charset=utf-8\n\n` +
    `${BODY_LINE}\n`.repeat(8) +
    `>From an earlier message, quoted\n\n` +
    `${BODY_LINE}\n`.repeat(2) +
    '\n'
  );
}
