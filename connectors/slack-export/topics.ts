/**
 * The `topics` option: a file mapping channel names to topics, either a JSON object
 * `{ "channel-name": "topic" }` or a CSV with rows `channel,topic` (a header row is optional).
 * Channels it does not name keep their own name as topic.
 */
import { readFile } from 'node:fs/promises';
import { ImportError } from '../errors.ts';
import { errorMessage, isObject, kindOf, parseJson } from './layout.ts';

export async function loadTopics(path: string | undefined): Promise<Map<string, string>> {
  if (path === undefined || path === '') return new Map();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ImportError(path, `cannot read the topics file (${errorMessage(error)})`);
  }
  const isJson = path.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
  return isJson ? topicsFromJson(path, text) : topicsFromCsv(path, text);
}

function topicsFromJson(path: string, text: string): Map<string, string> {
  const parsed = parseJson(text, { file: path });
  if (!isObject(parsed)) {
    throw new ImportError(
      path,
      `expected a JSON object {"channel-name": "topic"}, found ${kindOf(parsed)}`,
    );
  }
  const topics = new Map<string, string>();
  for (const [channel, topic] of Object.entries(parsed)) {
    if (typeof topic !== 'string' || topic.trim() === '') {
      throw new ImportError(path, 'expected a non-empty topic string', {
        record: `channel "${channel}"`,
      });
    }
    topics.set(channelName(channel), topic.trim());
  }
  return topics;
}

function topicsFromCsv(path: string, text: string): Map<string, string> {
  const topics = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const record = `line ${index + 1}`;
    const fields = csvFields(line, path, record);
    if (
      index === 0 &&
      fields[0]?.toLowerCase() === 'channel' &&
      fields[1]?.toLowerCase() === 'topic'
    )
      return;
    if (fields.length !== 2 || fields[0] === '' || fields[1] === '') {
      throw new ImportError(
        path,
        `expected two non-empty fields "channel,topic", found ${fields.length}`,
        {
          record,
        },
      );
    }
    topics.set(channelName(fields[0]!), fields[1]!);
  });
  return topics;
}

/** One CSV line (RFC 4180 quoting, no line breaks inside fields), fields trimmed. */
function csvFields(line: string, path: string, record: string): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    while (line[at] === ' ') at++;
    let field = '';
    if (line[at] === '"') {
      at++;
      for (;;) {
        const quote = line.indexOf('"', at);
        if (quote < 0) throw new ImportError(path, 'a quoted field is not closed', { record });
        field += line.slice(at, quote);
        at = quote + 1;
        if (line[at] !== '"') break;
        field += '"';
        at++;
      }
      const comma = line.indexOf(',', at);
      const rest = comma < 0 ? line.slice(at) : line.slice(at, comma);
      if (rest.trim() !== '') throw new ImportError(path, 'text after a closing quote', { record });
      at = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', at);
      field = (comma < 0 ? line.slice(at) : line.slice(at, comma)).trim();
      at = comma < 0 ? line.length : comma;
    }
    fields.push(field);
    if (at >= line.length) return fields;
    at++;
  }
}

/** Channel names are written with or without the leading #. */
function channelName(name: string): string {
  return name.trim().replace(/^#/, '');
}
