/**
 * Stack Exchange users as accounts. A user Id is only unique within one site, so the account id
 * is the network-wide AccountId the dump gives each user: the same person on every site, and
 * no clash between user 31 of one site and user 31 of another. A user without one (older or
 * Enterprise dumps) is `site/Id`. The Community user (Id -1) is the network's bot.
 */
import type { AccountRecord } from '../types.ts';
import { RowReader } from './dump.ts';
import { xmlRows } from './xml-rows.ts';

export const SOURCE = 'stackexchange';
export const COMMUNITY_USER = -1;

export class UserBook {
  private readonly accountIds = new Map<number, string>();

  constructor(private readonly site: string) {}

  /** Reads Users.xml; yields one account per user. */
  async *read(file: string, limit: number): AsyncGenerator<AccountRecord> {
    for await (const row of xmlRows(file, 'users', limit)) {
      const fields = new RowReader(file, row);
      const id = fields.integer('Id');
      if (this.accountIds.has(id)) throw fields.error(`user Id ${id} appears twice`, 'Id');
      const network = id === COMMUNITY_USER ? null : fields.integer('AccountId', true);
      const accountId = network !== null && network > 0 ? String(network) : this.siteId(id);
      this.accountIds.set(id, accountId);
      yield account(accountId, fields.text('DisplayName'), id === COMMUNITY_USER);
    }
  }

  isBot(userId: number): boolean {
    return userId === COMMUNITY_USER;
  }

  accountId(userId: number): string {
    return this.accountIds.get(userId) ?? this.siteId(userId);
  }

  /**
   * The account to yield for a user that posts name but Users.xml does not list, the first
   * time they appear; null when the user is known.
   */
  admit(userId: number): AccountRecord | null {
    if (this.accountIds.has(userId)) return null;
    const accountId = this.siteId(userId);
    this.accountIds.set(userId, accountId);
    return account(accountId, null, this.isBot(userId));
  }

  private siteId(userId: number): string {
    return `${this.site}/${userId}`;
  }
}

function account(accountId: string, displayName: string | null, isBot: boolean): AccountRecord {
  // Dumps carry no e-mail addresses: identity links these accounts by alias only.
  return { type: 'account', source: SOURCE, accountId, displayName, email: null, isBot };
}
