import type { Store } from '../store/database.ts';

/** Every view of a named person's page is written down (GUIDE §6); `helpflow audit` reads it. */

export interface AuditEntry {
  at: string;
  tokenId: string | null;
  role: string;
  viewer: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
}

export async function writeAudit(store: Store, entry: Omit<AuditEntry, 'at'>): Promise<void> {
  await store.run(
    `INSERT INTO audit_log (token_id, role, viewer_person_id, action, subject_person_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.tokenId, entry.role, entry.viewer, entry.action, entry.subject, entry.detail],
  );
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
