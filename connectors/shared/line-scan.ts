/**
 * Walks a file's lines as bytes, never as strings, in time linear in its size: to enforce the
 * line limit before a reader that would hold a whole line sees the file, and to turn a record's
 * position back into the line it is on.
 */
import { createReadStream } from 'node:fs';
import { tooLong } from './record-limit.ts';

const NEWLINE = 0x0a;

/**
 * Calls `onLine(line, blank)` for every line (numbered from 1; `blank` when it holds only
 * spaces, tabs and a carriage return) until it returns true; fails on the first line longer
 * than `limit` bytes, naming `name`, the line and the limit.
 */
async function eachLine(
  path: string,
  name: string,
  limit: number,
  onLine: (line: number, blank: boolean) => boolean,
  needBlank = false,
): Promise<number> {
  let line = 1;
  let length = 0;
  let blank = true;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const stop = end < 0 ? chunk.length : end;
      length += stop - start;
      if (length > limit) throw tooLong(name, `line ${line}`, limit);
      for (let i = start; needBlank && blank && i < stop; i++) {
        const byte = chunk[i]!;
        if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) blank = false;
      }
      if (end < 0) break;
      if (onLine(line, blank)) return line;
      line += 1;
      length = 0;
      blank = true;
      start = end + 1;
    }
  }
  if (length > 0) onLine(line, blank);
  return length > 0 ? line : line - 1;
}

/** Fails if any line of the file is longer than `limit` bytes; returns the number of lines. */
export function checkLineLengths(path: string, name: string, limit: number): Promise<number> {
  return eachLine(path, name, limit, () => false);
}

/** The line of the `index`-th (from 0) line that is not blank, as NDJSON readers count records. */
export async function lineOfRecord(path: string, index: number): Promise<number> {
  let seen = -1;
  let found = 0;
  await eachLine(
    path,
    path,
    Infinity,
    (line, blank) => {
      if (!blank) seen += 1;
      if (seen === index) found = line;
      return seen === index;
    },
    true,
  );
  return found;
}
