import { REPORT_FILTER_NAMES } from '../reports/filters.ts';
import type { Store } from '../store/database.ts';

/** Every view of a named person's page is written down (docs/privacy.md); `helpflow audit` reads it. */

export interface AuditEntry {
  at: string;
  tokenId: string | null;
  role: string;
  viewer: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
}

export async function readAudit(
  store: Store,
  options: { limit?: number; subject?: string | undefined } = {},
): Promise<AuditEntry[]> {
  const params: (string | number)[] = [options.limit ?? 100];
  let where = '';
  if (options.subject) {
    params.push(options.subject);
    where = 'WHERE subject_person_id = $2';
  }
  return store.all<AuditEntry>(
    `SELECT strftime(viewed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, token_id AS "tokenId", role,
            viewer_person_id AS viewer, action, subject_person_id AS subject, detail
     FROM audit_log ${where} ORDER BY audit_id DESC LIMIT $1`,
    params,
  );
}

/**
 * Audit entries written in batches: a page view must not wait for its own INSERT (one write
 * transaction per request would cap the API at the disk's commit rate), so entries are queued
 * and flushed together every `intervalMs`, and on close. The entry's time is the view's.
 */
export class AuditWriter {
  private readonly store: Store;
  private queue: (Omit<AuditEntry, 'at'> & { at: string })[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;

  constructor(store: Store, intervalMs = 200) {
    this.store = store;
    this.intervalMs = intervalMs;
  }

  write(entry: Omit<AuditEntry, 'at'>): void {
    this.queue.push({ ...entry, at: new Date().toISOString() });
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Writes what is queued; resolves when it is in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      const params: (string | null)[] = [];
      const rows = batch.map((entry) => {
        const fields = [
          entry.at,
          entry.tokenId,
          entry.role,
          entry.viewer,
          entry.action,
          entry.subject,
          entry.detail,
        ];
        const placeholders = fields.map((value) => {
          params.push(value);
          return `$${params.length}`;
        });
        placeholders[0] = `${placeholders[0]}::TIMESTAMPTZ`;
        return `(${placeholders.join(', ')})`;
      });
      await this.store.run(
        `INSERT INTO audit_log (viewed_at, token_id, role, viewer_person_id, action, subject_person_id, detail)
         VALUES ${rows.join(', ')}`,
        params,
      );
    });
    return this.flushing;
  }
}

/** The query parameters an audit entry keeps; anything else a client sends is not written. */
const AUDITED = [...REPORT_FILTER_NAMES, 'minWeight', 'level'] as const;
/** Longest value kept for one parameter: enough for any real filter, not for a dump. */
const MAX_VALUE = 100;

/**
 * What an audit entry says about a request: its route (the pattern, never the URL, which can
 * carry a token or kilobytes of junk in its query string) and the known filters, each bounded.
 */
export function auditDetail(route: string, query: unknown): string {
  const filters: Record<string, string> = {};
  const given = (query ?? {}) as Record<string, unknown>;
  for (const key of AUDITED) {
    const value = given[key];
    if (value === undefined || value === '') continue;
    // Query values are strings, lists of strings, or numbers and booleans after coercion.
    const text =
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? value.join(',')
          : JSON.stringify(value);
    filters[key] = text.slice(0, MAX_VALUE);
  }
  return JSON.stringify({ route, filters });
}

/** A person id as the audit log keeps it: bounded, whatever the client sent. */
export function auditSubject(person: string): string {
  return person.slice(0, 200);
}
