/**
 * Slack users as accounts: everyone in users.json (deleted users too: they were people), and
 * posters missing from it, admitted once from what their messages say about them.
 */
import { isObject, kindOf, nonEmptyString, parseJson } from '../shared/json.ts';
import { badInput } from '../shared/origin.ts';
import type { AccountRecord } from '../types.ts';
import type { MetadataFile } from './layout.ts';
import type { SlackMessage } from './messages.ts';

export const SOURCE = 'slack';
const SLACKBOT = 'USLACKBOT';

export class AccountBook {
  /** The accounts of users.json, in its order. */
  readonly listed: AccountRecord[] = [];
  private readonly known = new Set<string>();
  private readonly bots = new Set<string>();

  constructor(usersJson: MetadataFile) {
    const users = parseJson(usersJson.text, usersJson.origin);
    if (!Array.isArray(users)) {
      throw badInput(usersJson.origin, `expected an array of users, found ${kindOf(users)}`);
    }
    users.forEach((user: unknown, index) => {
      const record = `user ${index + 1}`;
      if (!isObject(user))
        throw badInput(usersJson.origin, `expected a user object, found ${kindOf(user)}`, {
          record,
        });
      if (typeof user.id !== 'string' || user.id === '') {
        throw badInput(usersJson.origin, 'the user has no id', { record, field: 'id' });
      }
      if (this.known.has(user.id)) return;
      const profile = isObject(user.profile) ? user.profile : {};
      this.listed.push(
        this.add({
          type: 'account',
          source: SOURCE,
          accountId: user.id,
          displayName:
            nonEmptyString(profile.display_name) ??
            nonEmptyString(profile.real_name) ??
            nonEmptyString(user.real_name) ??
            nonEmptyString(user.name),
          email: nonEmptyString(profile.email)?.trim().toLowerCase() || null,
          isBot: user.is_bot === true || user.is_app_user === true || user.id === SLACKBOT,
        }),
      );
    });
  }

  isBot(accountId: string): boolean {
    return this.bots.has(accountId) || accountId === SLACKBOT;
  }

  /**
   * The account to yield for someone missing from users.json, the first time they appear;
   * null when the account is already known.
   */
  admit(accountId: string, message?: SlackMessage): AccountRecord | null {
    if (this.known.has(accountId)) return null;
    return this.add({
      type: 'account',
      source: SOURCE,
      accountId,
      displayName: message?.profileName ?? null,
      email: null,
      isBot: accountId === SLACKBOT || (message !== undefined && message.botId !== null),
    });
  }

  private add(account: AccountRecord): AccountRecord {
    this.known.add(account.accountId);
    if (account.isBot) this.bots.add(account.accountId);
    return account;
  }
}
