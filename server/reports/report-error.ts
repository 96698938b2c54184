/**
 * A report was asked a question it cannot answer (a bad parameter, an unknown id). Its own
 * module, light, so that the command line can recognise it without loading the analytics.
 */
export class ReportError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  /** The HTTP status the API answers with: 400 for a bad parameter, 404 for an unknown id. */
  readonly status: number;
  constructor(code: string, message: string, field?: string, status = 400) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
    this.field = field;
    this.status = status;
  }
}
