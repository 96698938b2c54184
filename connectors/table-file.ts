import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImportError } from './errors.ts';
import { MAX_RECORD_OPTION, maxRecordBytes } from './shared/record-limit.ts';
import type { Connector, ConnectorInput, TableFileRecord } from './types.ts';

/**
 * Connectors whose input is one interchange table (CSV or NDJSON) hand the whole file to the
 * store, which reads it with DuckDB's readers; this builds such a connector.
 */
export function tableFileConnector(options: {
  id: string;
  description: string;
  entity: TableFileRecord['entity'];
  formats: TableFileRecord['format'][];
}): Connector {
  const accepts = options.formats.map((format) => FORMAT_NAMES[format]).join(' or ');
  return {
    id: options.id,
    description: options.description,
    accepts,
    optionsHelp: {
      ...(options.formats.length > 1
        ? { format: 'csv or ndjson (default: from the file extension)' }
        : {}),
      [MAX_RECORD_OPTION]: `the longest line accepted (default ${MAX_LINE_HELP})`,
      ...(options.entity === 'people'
        ? { [AS_OF_OPTION]: 'the date the chart takes effect, YYYY-MM-DD (default: today, UTC)' }
        : {}),
    },
    async validate(input) {
      await fileFormat(input, options.formats, accepts);
      maxRecordBytes(input, MAX_LINE_BYTES);
      if (options.entity === 'people') effectiveDate(input);
    },
    async *read(input) {
      const format = await fileFormat(input, options.formats, accepts);
      const maxLineBytes = maxRecordBytes(input, MAX_LINE_BYTES);
      const asOf = options.entity === 'people' ? effectiveDate(input) : undefined;
      yield {
        type: 'table-file',
        entity: options.entity,
        path: input.path,
        format,
        maxLineBytes,
        ...(asOf === undefined ? {} : { asOf }),
      };
    },
  };
}

/** An org chart's effective date: each import is the chart as it stands from that day. */
export const AS_OF_OPTION = 'as-of';

/** The `--as-of` date, checked: a real day, not after today (UTC); absent, today. */
function effectiveDate(input: ConnectorInput): string {
  const today = new Date().toISOString().slice(0, 10);
  const value = input.options[AS_OF_OPTION];
  if (value === undefined) return today;
  const day = value.trim();
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new ImportError(input.path, `--${AS_OF_OPTION} "${value}" is not a date like 2026-03-01`);
  }
  if (day > today) {
    throw new ImportError(
      input.path,
      `--${AS_OF_OPTION} ${day} is in the future (today is ${today}); import a chart once it is in force`,
    );
  }
  if (day < '1990-01-01') {
    throw new ImportError(input.path, `--${AS_OF_OPTION} ${day} is before 1990-01-01`);
  }
  return day;
}

/** A row of an interchange table is a few short fields: a megabyte is far beyond any. */
const MAX_LINE_BYTES = 1024 ** 2;
const MAX_LINE_HELP = '1MB';

const FORMAT_NAMES: Record<TableFileRecord['format'], string> = {
  csv: 'a CSV file (.csv)',
  ndjson: 'an NDJSON file (.ndjson, .jsonl)',
};

const EXTENSIONS: Record<string, TableFileRecord['format']> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
};

async function fileFormat(
  input: ConnectorInput,
  formats: TableFileRecord['format'][],
  accepts: string,
): Promise<TableFileRecord['format']> {
  const info = await stat(input.path).catch(() => undefined);
  if (!info) throw new ImportError(input.path, 'no such file');
  if (!info.isFile()) throw new ImportError(input.path, `is not a file; expected ${accepts}`);
  if (info.size === 0) throw new ImportError(input.path, 'is empty');
  const chosen = input.options.format ?? EXTENSIONS[extname(input.path).toLowerCase()];
  if (chosen === undefined || !formats.includes(chosen as TableFileRecord['format'])) {
    throw new ImportError(
      input.path,
      `cannot tell the format; expected ${accepts}${formats.length > 1 ? ' (or say --format csv|ndjson)' : ''}`,
    );
  }
  return chosen as TableFileRecord['format'];
}
