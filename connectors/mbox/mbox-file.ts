/**
 * The messages of one mbox file (RFC 4155), streamed: each message's header block is read,
 * unfolded, and kept only for the fields asked for; body lines are looked at only to see
 * whether a new message starts, never decoded or kept.
 *
 * A message starts at a "From " line at the start of the file or after an empty line. Writers
 * quote body lines that would look like one (">From ", mboxrd adds one more ">" to lines already
 * quoted); since bodies are never kept, quoted lines need no unquoting. Some writers quote
 * nothing (mboxo): a body line "From …" after an empty line only starts a message when it
 * carries a day of the week and a time, as the date on every "From " line a writer adds does.
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportError, errorMessage } from '../errors.ts';
import { boundedLines } from '../shared/bounded-lines.ts';

export interface RawMessage {
  /** The line of the message's "From " line, 1-based. */
  line: number;
  /** The "From " line (envelope sender and delivery date). */
  envelope: string;
  /** The wanted header fields, by lower-case name, unfolded; the first of a repeated field. */
  headers: Map<string, string>;
}

const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const FROM_ = Buffer.from('From ');
/** A "From " line with a sender, a day of the week and a time, as every writer puts there. */
const ENVELOPE = /^From \S.*\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*\d{1,2}:\d{2}/;

type State = 'before first message' | 'headers' | 'body';

/**
 * Reads `file` and yields its messages in file order, with only the `wanted` header fields. A
 * line longer than `maxLineBytes` fails the import (joining the pieces of an ever-growing line
 * chunk by chunk took time growing with the square of its length).
 */
export async function* mboxMessages(
  file: string,
  wanted: ReadonlySet<string>,
  maxLineBytes: number,
): AsyncGenerator<RawMessage> {
  const reader = new MboxReader(file, wanted);
  try {
    for await (const { bytes } of boundedLines(bytesOf(file), maxLineBytes, file)) {
      reader.line(bytes, 0, bytes.length);
      yield* reader.take();
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  }
  reader.end();
  yield* reader.take();
}

/** The file's bytes; archives are often kept gzipped (pipermail's 2026-May.txt.gz). */
function bytesOf(file: string): Readable {
  const bytes = createReadStream(file);
  if (!file.toLowerCase().endsWith('.gz')) return bytes;
  // pipeline destroys the gunzip stream with the error of either, which ends the loop reading it.
  return pipeline(bytes, createGunzip(), () => {});
}

class MboxReader {
  private state: State = 'before first message';
  private lineNumber = 0;
  private previousEmpty = true;
  private current: RawMessage | null = null;
  /** The field the last header line belonged to, if wanted: continuation lines add to it. */
  private field: string | null = null;
  private done: RawMessage[] = [];

  constructor(
    private readonly file: string,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  /** One line, `buffer[start, end)` without its line feed. */
  line(buffer: Buffer, start: number, end: number): void {
    this.lineNumber += 1;
    if (end > start && buffer[end - 1] === CR) end -= 1;
    const empty = end === start;
    if (this.state === 'headers') {
      if (empty) this.state = 'body';
      else if (buffer[start] === SPACE || buffer[start] === TAB)
        this.continueField(buffer, start, end);
      else if (this.isEnvelope(buffer, start, end)) this.begin(buffer, start, end);
      else this.header(buffer, start, end);
    } else if (!empty && this.previousEmpty && this.isEnvelope(buffer, start, end)) {
      this.begin(buffer, start, end);
    } else if (!empty && this.state === 'before first message') {
      throw new ImportError(
        this.file,
        'not an mbox file: a message must begin with a "From " line (RFC 4155)',
        { record: `line ${this.lineNumber}` },
      );
    }
    this.previousEmpty = empty;
  }

  end(): void {
    if (this.current) this.done.push(this.current);
    this.current = null;
  }

  take(): RawMessage[] {
    const taken = this.done;
    this.done = [];
    return taken;
  }

  private isEnvelope(buffer: Buffer, start: number, end: number): boolean {
    return (
      end - start > FROM_.length &&
      buffer.compare(FROM_, 0, FROM_.length, start, start + FROM_.length) === 0 &&
      ENVELOPE.test(buffer.toString('latin1', start, end))
    );
  }

  private begin(buffer: Buffer, start: number, end: number): void {
    this.end();
    this.current = {
      line: this.lineNumber,
      envelope: buffer.toString('utf8', start, end),
      headers: new Map(),
    };
    this.state = 'headers';
    this.field = null;
  }

  private header(buffer: Buffer, start: number, end: number): void {
    const colon = buffer.indexOf(':', start);
    // A line without a field name (broken writers) ends no message and names no field.
    const name = colon > start && colon < end ? buffer.toString('latin1', start, colon).trim() : '';
    const key = name.toLowerCase();
    if (!this.wanted.has(key) || this.current!.headers.has(key)) {
      this.field = null;
      return;
    }
    this.field = key;
    this.current!.headers.set(key, buffer.toString('utf8', colon + 1, end).trim());
  }

  /** A folded header line (RFC 5322 §2.2.3) goes on with the field before it. */
  private continueField(buffer: Buffer, start: number, end: number): void {
    if (this.field === null) return;
    const headers = this.current!.headers;
    headers.set(
      this.field,
      `${headers.get(this.field)} ${buffer.toString('utf8', start, end).trim()}`,
    );
  }
}
