/**
 * The `<row …/>` elements of one data dump file, streamed: saxes reads the file chunk by chunk,
 * so a row's Body or Text is held only while that row is looked at.
 *
 * saxes never reads a DTD: a DOCTYPE is reported and passed over, and an entity it declares
 * (an external one pointing at a file or URL included) stays an undefined entity, which is an
 * error. Only the five predefined entities and character references are expanded, so XXE and
 * entity-expansion bombs cannot happen. A byte-order mark at the start is skipped.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { ImportError, errorMessage } from '../errors.ts';
import { tooLong } from '../shared/record-limit.ts';

export interface XmlRow {
  /** The line the row starts on, 1-based. */
  line: number;
  attributes: Record<string, string>;
}

/**
 * Reads `file`, whose root element must be `root`, and yields its rows in file order. saxes
 * holds a tag's attributes, or text, until the tag ends: more than `limit` characters read
 * since the last tag began or ended fails with the line it began on, before memory runs out.
 */
export async function* xmlRows(file: string, root: string, limit: number): AsyncGenerator<XmlRow> {
  const parser = new SaxesParser({ xmlns: false, position: true } as const);
  let rows: XmlRow[] = [];
  let depth = 0;
  let rowLine = 1;
  // Where the piece being read began: a tag's start or end.
  let mark = { position: 0, line: 1 };
  const setMark = () => (mark = { position: parser.position, line: parser.line });
  parser.on('error', (error) => {
    throw new ImportError(file, `not well-formed XML: ${explain(error.message)}`, {
      record: `line ${parser.line}, column ${parser.column}`,
    });
  });
  parser.on('opentagstart', () => {
    rowLine = parser.line;
    setMark();
  });
  parser.on('opentag', (tag) => {
    depth += 1;
    const where = { record: `line ${rowLine}` };
    if (depth === 1 && tag.name !== root) {
      throw new ImportError(
        file,
        `expected the root element <${root}>, found <${tag.name}>`,
        where,
      );
    }
    if (depth === 2) {
      if (tag.name !== 'row') {
        throw new ImportError(
          file,
          `expected <row> elements in <${root}>, found <${tag.name}>`,
          where,
        );
      }
      rows.push({ line: rowLine, attributes: tag.attributes });
    }
    setMark();
  });
  parser.on('closetag', () => {
    depth -= 1;
    setMark();
  });
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
      parser.write(chunk as string);
      if (parser.position - mark.position > limit) throw tooLong(file, `line ${mark.line}`, limit);
      yield* rows;
      rows = [];
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(file, `cannot read the file (${errorMessage(error)})`);
  }
  parser.close();
  yield* rows;
}

/** saxes prefixes its messages with "line:column: ", which the record already says. */
function explain(message: string): string {
  const problem = message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
  return problem === 'undefined entity'
    ? 'undefined entity (entities a DOCTYPE declares are never expanded)'
    : problem;
}
