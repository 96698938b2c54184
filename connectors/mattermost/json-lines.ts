/**
 * A JSONL export read line by line, never whole: each non-empty line parsed on its own, with
 * the bytes read so far for progress. Parse errors name the line and column but never quote
 * the input, which holds message text.
 */
import { createInterface } from 'node:readline';
import { ImportError, errorMessage } from '../errors.ts';
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
  maxLines = Infinity,
): AsyncGenerator<JsonLine> {
  const { stream, close } = await source.open();
  let bytesRead = 0;
  stream.on('data', (chunk: Buffer) => (bytesRead += chunk.length));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (line > maxLines) return;
      if (text.trim() === '') continue;
      const record = source.entry ? `entry ${source.entry}, line ${line}` : `line ${line}`;
      yield { record, line, value: parseLine(text, source.file, record, line), bytesRead };
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(source.file, `cannot read the file (${errorMessage(error)})`);
  } finally {
    lines.close();
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
