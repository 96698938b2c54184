/**
 * The accounts an import has declared, each yielded once: the ingest pipeline keeps an
 * arbitrary one of several records for the same account, so the first (and fullest, when the
 * connector reads its user list first) description wins.
 */
import type { AccountRecord } from './types.ts';

export interface AccountDetails {
  displayName: string | null;
  email: string | null;
  isBot: boolean;
}

export class DeclaredAccounts {
  private readonly bots = new Set<string>();
  private readonly known = new Set<string>();

  constructor(private readonly source: string) {}

  /** The record to yield for an account seen for the first time; null when it is known. */
  admit(accountId: string, details: AccountDetails): AccountRecord | null {
    if (this.known.has(accountId)) return null;
    this.known.add(accountId);
    if (details.isBot) this.bots.add(accountId);
    return {
      type: 'account',
      source: this.source,
      accountId,
      displayName: details.displayName,
      email: details.email?.trim().toLowerCase() || null,
      isBot: details.isBot,
    };
  }

  has(accountId: string): boolean {
    return this.known.has(accountId);
  }

  isBot(accountId: string): boolean {
    return this.bots.has(accountId);
  }
}
