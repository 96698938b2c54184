/**
 * A JSONL export read line by line, never whole: each non-empty line parsed on its own, with
 * the bytes read so far for progress. Parse errors name the line and column but never quote
 * the input, which holds message text.
 */
import { isUtf8 } from 'node:buffer';
import { ImportError, errorMessage } from '../errors.ts';
import { boundedLines } from '../shared/bounded-lines.ts';
import type { ExportFile } from './export-file.ts';

export interface JsonLine {
  /** Where the line is, for errors: `line 12`, or `entry import.jsonl, line 12`. */
  record: string;
  line: number;
  value: unknown;
  /** Bytes read so far (read ahead of `line`, in chunks). */
  bytesRead: number;
}

export async function* jsonLines(
  source: ExportFile,
  maxLineBytes: number,
  maxLines = Infinity,
): AsyncGenerator<JsonLine> {
  const { stream, close } = await source.open();
  let bytesRead = 0;
  stream.on('data', (chunk: Buffer) => (bytesRead += chunk.length));
  const where = (line: number) =>
    source.entry ? `entry ${source.entry}, line ${line}` : `line ${line}`;
  try {
    for await (const { number: line, bytes } of boundedLines(
      stream,
      maxLineBytes,
      source.file,
      where,
    )) {
      if (line > maxLines) return;
      const record = where(line);
      // Decoding would turn bad bytes into U+FFFD, and user names with it into phantom accounts.
      if (!isUtf8(bytes)) throw new ImportError(source.file, 'is not valid UTF-8', { record });
      const text = bytes.toString('utf8');
      if (text.trim() === '') continue;
      yield { record, line, value: parseLine(text, source.file, record, line), bytesRead };
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(source.file, `cannot read the file (${errorMessage(error)})`);
  } finally {
    close();
  }
}

function parseLine(text: string, file: string, record: string, line: number): unknown {
  const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const position = /at position (\d+)/.exec(errorMessage(error));
    const where = position ? ` at column ${Number(position[1]) + 1}` : '';
    throw new ImportError(file, `not valid JSON: syntax error${where}`, { record });
  }
}
