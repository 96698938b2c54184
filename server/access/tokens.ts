import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/database.ts';

/**
 * API tokens (docs/privacy.md): `hf_<id>_<secret>`, shown once when made; the store keeps only a
 * SHA-256 of the secret. The secret is 32 random bytes, so a fast hash is enough: there is
 * nothing to guess that a slow hash would protect.
 */

export const ROLES = ['admin', 'analyst', 'manager', 'member'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenInfo {
  tokenId: string;
  role: Role;
  personId: string | null;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class TokenError extends Error {
  override name = 'TokenError';
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Makes a token; returns it whole (the only time it exists outside the caller's hands). */
export async function createToken(
  store: Store,
  options: { role: string; personId?: string | undefined; label?: string | undefined },
): Promise<{ token: string; info: TokenInfo }> {
  if (!isRole(options.role)) {
    throw new TokenError(`role "${options.role}" is not one of ${ROLES.join(', ')}`);
  }
  const needsPerson = options.role === 'manager' || options.role === 'member';
  if (needsPerson && !options.personId) {
    throw new TokenError(`a ${options.role} token needs --person ID: whose reports or network`);
  }
  if (options.personId) {
    const person = await store.one(`SELECT 1 FROM people WHERE person_id = $1`, [options.personId]);
    if (!person) throw new TokenError(`no person with id "${options.personId}"`);
  }
  const tokenId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await store.run(
    `INSERT INTO api_tokens (token_id, secret_hash, role, person_id, label) VALUES ($1, $2, $3, $4, $5)`,
    [tokenId, hashSecret(secret), options.role, options.personId ?? null, options.label ?? null],
  );
  const info = (await listTokens(store)).find((token) => token.tokenId === tokenId)!;
  return { token: `hf_${tokenId}_${secret}`, info };
}

export async function listTokens(store: Store): Promise<TokenInfo[]> {
  return store.all<TokenInfo>(
    `SELECT token_id AS "tokenId", role, person_id AS "personId", label,
            strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS "createdAt",
            strftime(last_used_at, '%Y-%m-%dT%H:%M:%SZ') AS "lastUsedAt",
            strftime(revoked_at, '%Y-%m-%dT%H:%M:%SZ') AS "revokedAt"
     FROM api_tokens ORDER BY created_at, token_id`,
  );
}

export async function revokeToken(store: Store, tokenId: string): Promise<void> {
  const row = await store.one<{ revoked: boolean }>(
    `SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE token_id = $1`,
    [tokenId],
  );
  if (!row) throw new TokenError(`no token with id "${tokenId}"`);
  if (row.revoked) return;
  await store.run(`UPDATE api_tokens SET revoked_at = now() WHERE token_id = $1`, [tokenId]);
}

/** The token's holder, or null when the token is malformed, unknown or revoked. */
export async function verifyToken(
  store: Store,
  token: string,
): Promise<{ tokenId: string; role: Role; personId: string | null } | null> {
  const match = /^hf_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!match) return null;
  const [, tokenId, secret] = match as unknown as [string, string, string];
  const row = await store.one<{ hash: string; role: string; personId: string | null }>(
    `SELECT secret_hash AS hash, role, person_id AS "personId" FROM api_tokens
     WHERE token_id = $1 AND revoked_at IS NULL`,
    [tokenId],
  );
  if (!row || !isRole(row.role)) return null;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (!timingSafeEqual(expected, actual)) return null;
  return { tokenId, role: row.role, personId: row.personId };
}

/** Notes the token's last use; at most once a minute, so reads don't turn into writes. */
export async function touchToken(store: Store, tokenId: string): Promise<void> {
  await store.run(
    `UPDATE api_tokens SET last_used_at = now()
     WHERE token_id = $1 AND (last_used_at IS NULL OR last_used_at < now() - INTERVAL 1 MINUTE)`,
    [tokenId],
  );
}
