/**
 * A JSONL file read line by line, never whole: each non-empty line parsed on its own, with
 * the bytes read so far for progress. Parse errors name the line and column but never quote
 * the input, which holds message text.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ImportError } from '../errors.ts';
import { errorMessage } from '../slack-export/layout.ts';

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
  /** Bytes of the file read so far (read ahead of `line`, in chunks). */
  bytesRead: number;
}

export async function* jsonLines(file: string, maxLines = Infinity): AsyncGenerator<JsonLine> {
  const stream = createReadStream(file);
  let bytesRead = 0;
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (line > maxLines) return;
      if (text.trim() === '') continue;
      yield { line, value: parseLine(text, file, line), bytesRead };
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseLine(text: string, file: string, line: number): unknown {
  const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const position = /at position (\d+)/.exec(errorMessage(error));
    const where = position ? ` at column ${Number(position[1]) + 1}` : '';
    throw new ImportError(file, `not valid JSON: syntax error${where}`, { record: `line ${line}` });
  }
}
