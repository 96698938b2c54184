/**
 * Lines of a byte stream, with a limit on their length enforced while reading: a line over the
 * limit fails with the file, the line and the limit before it is ever joined into one buffer or
 * string, so no input can exhaust memory (readline would hold a 1 GB line, then fail with a
 * RangeError). Pieces of a long line are joined once, so the time stays linear in the input.
 */
import type { Readable } from 'node:stream';
import { tooLong } from './record-limit.ts';

const LF = 0x0a;

export interface Line {
  /** 1-based. */
  number: number;
  /** The line's bytes, without its line feed (a carriage return before it is kept). */
  bytes: Buffer;
}

/**
 * Yields every line of `stream`; `name` and `where(line)` name the place in errors (`line 12`,
 * or `entry export.jsonl, line 12`).
 */
export async function* boundedLines(
  stream: Readable,
  limit: number,
  name: string,
  where: (line: number) => string = (line) => `line ${line}`,
): AsyncGenerator<Line> {
  let number = 1;
  let pieces: Buffer[] = [];
  let pending = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      const stop = end < 0 ? chunk.length : end;
      if (pending + stop - start > limit) throw tooLong(name, where(number), limit);
      if (end < 0) {
        if (start < chunk.length) {
          pieces.push(chunk.subarray(start));
          pending += chunk.length - start;
        }
        break;
      }
      const piece = chunk.subarray(start, end);
      const bytes = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece]);
      pieces = [];
      pending = 0;
      yield { number, bytes };
      number += 1;
      start = end + 1;
    }
  }
  if (pending > 0) yield { number, bytes: Buffer.concat(pieces) };
}
