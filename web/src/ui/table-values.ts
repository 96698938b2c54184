/**
 * What a table sorts, filters and downloads by, without the DOM (so Node tests can run it):
 * each column's value of a row, the order of two values, and CSV.
 */

export interface ValueColumn<T> {
  label: string;
  /** What the column sorts, filters and downloads by. */
  value: (row: T) => string | number | null;
}

/** Empty values last either way; numbers as numbers; text in the reader's collation. */
export function compare(a: string | number | null, b: string | number | null): number {
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * RFC 4180 CSV. A text cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe: names and topics come from the data, and a download must not run them.
 */
export function toCsv<T>(columns: ValueColumn<T>[], rows: T[]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
