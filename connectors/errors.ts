/**
 * An import failed because of its input. The message names the file, the record (line or
 * message ts) and the field, so that the person running the import knows what to fix.
 */
export class ImportError extends Error {
  readonly code = 'HELPFLOW_BAD_INPUT';
  readonly file: string;
  readonly record: string | undefined;
  readonly field: string | undefined;

  constructor(file: string, problem: string, where: { record?: string; field?: string } = {}) {
    const place = [file, where.record, where.field && `field "${where.field}"`]
      .filter(Boolean)
      .join(', ');
    super(`${place}: ${problem}`);
    this.name = 'ImportError';
    this.file = file;
    this.record = where.record;
    this.field = where.field;
  }
}

/** The message of anything thrown, to say why a file could not be read. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
