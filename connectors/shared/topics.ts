/**
 * The `topics` option of every connector: a file mapping names (channels, repositories, tags)
 * to topics, either a JSON object `{ "name": "topic" }` or a CSV with rows `name,topic` (a
 * header row `channel,topic` is passed over). What each name is, and what a name the file does
 * not map becomes, is the connector's to say.
 */
import { readFile } from 'node:fs/promises';
import { errorMessage, ImportError } from '../errors.ts';
import { isObject, kindOf, parseJson } from './json.ts';

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
      `expected a JSON object {"name": "topic"}, found ${kindOf(parsed)}`,
    );
  }
  const topics = new Map<string, string>();
  for (const [name, topic] of Object.entries(parsed)) {
    if (typeof topic !== 'string' || topic.trim() === '') {
      throw new ImportError(path, 'expected a non-empty topic string', {
        record: `name "${name}"`,
      });
    }
    topics.set(withoutHash(name), topic.trim());
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
        `expected two non-empty fields "name,topic", found ${fields.length}`,
        {
          record,
        },
      );
    }
    topics.set(withoutHash(fields[0]!), fields[1]!);
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

/** Channel names (and tags) are written with or without a leading #. */
function withoutHash(name: string): string {
  return name.trim().replace(/^#/, '');
}
