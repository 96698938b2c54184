/**
 * Errors that mean the machine ran short (disk, memory, open files), not that the request was
 * wrong or the code broken: they answer 503 with the reason, so clients retry later and
 * operators know what to free, rather than a generic 500.
 */
const SYSTEM_CODES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EMFILE: 'the server has too many open files',
  ENFILE: 'the system has too many open files',
  ENOMEM: 'the server is out of memory',
};

const DUCKDB_MESSAGES: [RegExp, string][] = [
  [/No space left on device|could not write .*(disk|space)/i, 'the disk is full'],
  [/Out of Memory Error|failed to allocate/i, 'the database is out of memory'],
];

/** What ran short, if `error` says a resource ran out; else null. */
export function resourceShortage(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && SYSTEM_CODES[code]) return SYSTEM_CODES[code];
    if (typeof message === 'string') {
      for (const [pattern, reason] of DUCKDB_MESSAGES) if (pattern.test(message)) return reason;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
