import fp from 'fastify-plugin';
import { touchToken, verifyToken } from '../access/tokens.ts';
import type { Store } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenHolders;
  }
}

const TOKEN_TTL_MS = 5_000;

/** Who holds each bearer token, remembered briefly; and the caches of credentials to forget. */
export class TokenHolders {
  private readonly store: Store;
  private readonly holders = new Map<
    string,
    { holder: ReturnType<typeof verifyToken>; expires: number }
  >();
  private readonly touched = new Map<string, number>();
  private readonly credentialCaches: (() => void)[] = [];

  constructor(store: Store) {
    this.store = store;
  }

  /**
   * The holder of a token, remembered for a few seconds so that a busy client costs one query
   * per token, not one per request (a revocation takes effect within `TOKEN_TTL_MS`).
   */
  async holder(token: string) {
    const now = Date.now();
    let entry = this.holders.get(token);
    if (!entry || entry.expires < now) {
      if (this.holders.size > 10_000) this.holders.clear();
      entry = { holder: verifyToken(this.store, token), expires: now + TOKEN_TTL_MS };
      this.holders.set(token, entry);
    }
    const holder = await entry.holder;
    if (holder && (this.touched.get(holder.tokenId) ?? 0) < now - 60_000) {
      this.touched.set(holder.tokenId, now);
      void touchToken(this.store, holder.tokenId).catch(() => undefined);
    }
    return holder;
  }

  /**
   * Drops remembered token holders and sign-in sessions: after a revocation or an erasure, the
   * next request checks again.
   */
  forget(): void {
    this.holders.clear();
    for (const forget of this.credentialCaches) forget();
  }

  /** Another cache of credentials (the sign-in sessions) that `forget` must clear. */
  onForget(forget: () => void): void {
    this.credentialCaches.push(forget);
  }
}

export default fp(
  async (app) => {
    app.decorate('tokens', new TokenHolders(app.store));
  },
  { name: 'helpflow-tokens', dependencies: ['helpflow-settings'] },
);
