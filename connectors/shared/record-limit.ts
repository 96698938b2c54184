/**
 * The largest line or record a connector reads (`--max-record-size`), so that one huge line
 * can never exhaust memory or stall an import: each connector has a default well above any
 * real record, and fails with the file, the line and the limit beyond it.
 */
import { ImportError } from '../errors.ts';
import type { ConnectorInput } from '../types.ts';

export const MAX_RECORD_OPTION = 'max-record-size';

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** The limit in bytes: `--max-record-size` (`64MB`, `512KB`, `1048576`), else `fallback`. */
export function maxRecordBytes(input: ConnectorInput, fallback: number): number {
  const text = input.options[MAX_RECORD_OPTION];
  if (text === undefined) return fallback;
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]! : NaN;
  if (!(bytes > 0)) {
    throw new ImportError(
      input.path,
      `--${MAX_RECORD_OPTION} "${text}" is not a size like 64MB, 512KB or 1048576`,
    );
  }
  return bytes;
}

/** 1048576 → `1 MB`, for messages. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The error for a line or record over the limit. */
export function tooLong(file: string, record: string, limit: number): ImportError {
  return new ImportError(
    file,
    `longer than the ${formatBytes(limit)} limit on one line or record (raise it with --${MAX_RECORD_OPTION} if this is real data)`,
    { record },
  );
}
