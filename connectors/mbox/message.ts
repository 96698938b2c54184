/**
 * What helpflow reads of one message's header: who sent it (address and display name, RFC 2047
 * encoded words decoded), its id, the message it replies to, when it was written, whether a
 * program wrote it, and the subject's bracketed tags. The subject itself goes no further.
 */
import { createHash } from 'node:crypto';
import { addressParser } from 'postal-mime';
import { ImportError } from '../errors.ts';
import { parseMailDate } from './mail-date.ts';
import type { RawMessage } from './mbox-file.ts';

export interface Message {
  /** The Message-ID without angle brackets; null when the message has none. */
  id: string | null;
  /** Unique and stable for the message: its Message-ID, else a digest of its header. */
  sourceId: string;
  sender: { address: string; name: string | null } | null;
  /** The Message-ID it replies to: In-Reply-To, else the last of References. */
  parentId: string | null;
  /** The thread's first message: the first of References, else the parent, else itself. */
  thread: string | null;
  occurredAt: string;
  automatic: boolean;
  listId: string | null;
  subjectTags: string[];
}

/** The header fields a message is read for (its subject only for its [tags]). */
export const FIELDS = [
  'from',
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'auto-submitted',
  'list-id',
  'subject',
];

export function readMessage(raw: RawMessage, file: string): Message {
  const id = messageIds(raw.headers.get('message-id'))[0] ?? null;
  const inReplyTo = messageIds(raw.headers.get('in-reply-to'))[0];
  const references = messageIds(raw.headers.get('references'));
  const autoSubmitted = raw.headers.get('auto-submitted')?.toLowerCase();
  return {
    id,
    sourceId: id ?? `no-message-id:${digest(raw)}`,
    sender: sender(raw.headers.get('from')),
    parentId: inReplyTo ?? references.at(-1) ?? null,
    thread: references[0] ?? inReplyTo ?? id,
    occurredAt: occurredAt(raw, id, file),
    automatic: autoSubmitted !== undefined && !autoSubmitted.startsWith('no'),
    listId: messageIds(raw.headers.get('list-id'))[0] ?? null,
    subjectTags: [...(raw.headers.get('subject') ?? '').matchAll(/\[([^\]]+)\]/g)].map((tag) =>
      tag[1]!.trim(),
    ),
  };
}

/**
 * The `<…>` ids of a field. In-Reply-To is often followed by a comment ("<id> (Ann's message
 * of …)"); an id without brackets is accepted when it is the whole field.
 */
function messageIds(field: string | undefined): string[] {
  if (field === undefined) return [];
  const bracketed = [...field.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  if (bracketed.length > 0) return bracketed;
  const bare = field.trim();
  return /^[^\s<>()]+@[^\s<>()]+$/.test(bare) ? [bare] : [];
}

/**
 * The first address of From, lower-cased. Mailing-list archives (pipermail) hide addresses as
 * "ann at example.org (Ann Lee)": that is read as ann@example.org.
 */
function sender(field: string | undefined): Message['sender'] {
  if (field === undefined) return null;
  const unhidden = field.replace(/^\s*([^\s@<>"]+) at ([^\s@<>"]+\.[^\s@<>"]+)(?=\s|$)/, '$1@$2');
  const first = addressParser(unhidden, { flatten: true }).find((a) => a.address?.includes('@'));
  if (!first) return null;
  return { address: first.address!.toLowerCase(), name: first.name.trim() || null };
}

/** The Date field or, when it is missing or unreadable, the delivery date on the "From " line. */
function occurredAt(raw: RawMessage, id: string | null, file: string): string {
  const written = raw.headers.get('date');
  const delivered = raw.envelope.replace(/^From \S+(?: at \S+)?\s+/, '');
  const time = (written === undefined ? null : parseMailDate(written)) ?? parseMailDate(delivered);
  if (time !== null) return new Date(time).toISOString();
  const problem =
    written === undefined
      ? 'Date is missing'
      : `Date ${JSON.stringify(written.slice(0, 60))} cannot be read`;
  throw new ImportError(file, `no readable date: ${problem} and the "From " line has none`, {
    record: `line ${raw.line}${id === null ? '' : ` (Message-ID <${id}>)`}`,
    field: 'Date',
  });
}

/**
 * A stable id for a message without Message-ID: the same message always gets the same one,
 * from the fields that are read whatever the options.
 */
function digest(raw: RawMessage): string {
  const hash = createHash('sha256').update(raw.envelope);
  for (const name of ['from', 'date', 'in-reply-to', 'references']) {
    hash.update(`\n${name}:${raw.headers.get(name) ?? ''}`);
  }
  return hash.digest('hex').slice(0, 32);
}
