import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../access/tokens.ts';
import type { Store } from '../store/database.ts';

/**
 * Sign-in sessions: the cookie carries 32 random bytes; the database keeps their SHA-256, the
 * person, the role decided at sign-in, a CSRF token and when the session ends.
 */
export interface SignInSession {
  /** The SHA-256 of the cookie's secret, hex. */
  hash: string;
  person: string;
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Makes a session; returns the cookie's secret (shown to the browser once) and the session. */
export async function createSession(
  store: Store,
  person: string,
  role: Role,
  hours: number,
): Promise<{ secret: string; session: SignInSession }> {
  const secret = randomBytes(32).toString('base64url');
  const session: SignInSession = {
    hash: hashSecret(secret),
    person,
    role,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
  };
  // Expired sessions are of no use to anyone: they go whenever a new one is made.
  await store.run('DELETE FROM sessions WHERE expires_at < now()');
  await store.run(
    `INSERT INTO sessions (session_hash, person_id, role, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)`,
    [session.hash, person, role, session.csrfToken, session.expiresAt],
  );
  return { secret, session };
}

/** The live session a cookie's secret opens, or null (unknown or expired). */
export async function findSession(store: Store, secret: string): Promise<SignInSession | null> {
  const row = await store.one<SignInSession>(
    `SELECT session_hash AS hash, person_id AS person, role, csrf_token AS "csrfToken",
            strftime(expires_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "expiresAt"
     FROM sessions WHERE session_hash = $1 AND expires_at > now()`,
    [hashSecret(secret)],
  );
  return row ?? null;
}

export async function deleteSession(store: Store, hash: string): Promise<void> {
  await store.run('DELETE FROM sessions WHERE session_hash = $1', [hash]);
}
