import type { IdentityOptions } from '../config.ts';
import type { Store } from './database.ts';
import { relinkAccounts } from './identity.ts';

/**
 * Merges and splits by hand (`helpflow identities merge|split`). A merge is an alias, so every
 * later import keeps it; each merge and split is a row of `identity_changes` (who, when, what
 * the account had before), which is what lets a split undo a merge.
 */

/** A merge or split named something that is not there, or that cannot be merged. */
export class IdentityError extends Error {
  override name = 'IdentityError';
}

export interface ChangeOptions {
  /** Who made the change, for the record. */
  by: string;
  note?: string | null;
  /** Passed to the relink that follows the change. */
  identity?: Partial<IdentityOptions>;
}

/** One account's change, as recorded. */
export interface IdentityChange {
  changeId: number;
  action: 'merge' | 'split';
  /** `source:account_id`. */
  account: string;
  personBefore: string | null;
  personAfter: string | null;
  /** What the split did: put back the link the merge replaced, or set the account apart. */
  outcome?: 'restored' | 'detached';
}

export interface MergeResult {
  into: string;
  changes: IdentityChange[];
  /** Accounts that already belonged to `into` by a merge or an alias: nothing to record. */
  unchanged: string[];
}

interface AccountRow {
  source: string;
  account_id: string;
  person_id: string | null;
  linked_by: string | null;
  is_bot: boolean;
}

const ACCOUNT_COLUMNS = 'source, account_id, person_id, linked_by, is_bot';

const label = (row: { source: string; account_id: string }) => `${row.source}:${row.account_id}`;

/**
 * Links accounts to the person `into` for good: each name is a person id (all of that person's
 * accounts) or an account `source:account_id`. All or nothing, in one transaction.
 */
export async function mergeIdentities(
  store: Store,
  names: string[],
  into: string,
  options: ChangeOptions,
): Promise<MergeResult> {
  if (names.length === 0) throw new IdentityError('merge needs at least one account or person');
  return store.transaction(async () => {
    const target = await store.one('SELECT 1 FROM people WHERE person_id = $1', [into]);
    if (!target) throw new IdentityError(`--into "${into}" is not a person in the database`);
    const accounts = new Map<string, AccountRow>();
    for (const name of names) {
      for (const row of await resolveNamed(store, name)) accounts.set(label(row), row);
    }
    const result: MergeResult = { into, changes: [], unchanged: [] };
    for (const row of accounts.values()) {
      if (row.is_bot) {
        throw new IdentityError(`${label(row)} is a bot, and bots belong to no person`);
      }
      if (row.person_id === into && (row.linked_by === 'merge' || row.linked_by === 'alias')) {
        result.unchanged.push(label(row));
        continue;
      }
      const alias = await currentAlias(store, row);
      const changeId = await record(store, 'merge', row, alias, into, options);
      await store.run(
        `INSERT INTO aliases (source, account_id, person_id) VALUES ($1, $2, $3)
         ON CONFLICT (source, account_id) DO UPDATE SET person_id = excluded.person_id`,
        [row.source, row.account_id, into],
      );
      result.changes.push({
        changeId,
        action: 'merge',
        account: label(row),
        personBefore: row.person_id,
        personAfter: into,
      });
    }
    await relinkAccounts(store, options.identity);
    return result;
  });
}

/**
 * Takes one account away from its person. An account merged by hand goes back to what linked
 * it before the merge (an earlier alias, or the automatic rules); any other account becomes a
 * person of its own, `source:account_id`, and stays apart from accounts sharing its address.
 * Returns null when the account is already a person of its own.
 */
export async function splitAccount(
  store: Store,
  name: string,
  options: ChangeOptions,
): Promise<IdentityChange | null> {
  return store.transaction(async () => {
    const row = await findAccount(store, name);
    if (!row) {
      const person = await store.one('SELECT 1 FROM people WHERE person_id = $1', [name]);
      throw new IdentityError(
        person
          ? `split takes one account (source:account), not the person "${name}"; ` +
              '`helpflow identities list --person ' +
              name +
              '` shows their accounts'
          : `"${name}" is not an account (source:account) in the database`,
      );
    }
    if (row.is_bot) throw new IdentityError(`${label(row)} is a bot, and bots belong to no person`);
    const alias = await currentAlias(store, row);
    const merge = await store.one<{ change_id: number; alias_before: string | null }>(
      `SELECT change_id, alias_before FROM identity_changes
       WHERE action = 'merge' AND undone_by IS NULL AND source = $1 AND account_id = $2
         AND person_after = $3
       ORDER BY change_id DESC LIMIT 1`,
      [row.source, row.account_id, alias],
    );
    const alone = row.linked_by === 'split' || (row.linked_by === 'auto' && alias === null);
    if (!merge && alone) return null;
    // The person after a split is known once the accounts are relinked: filled in below.
    const changeId = await record(store, 'split', row, alias, null, options);
    if (merge) {
      await store.run('UPDATE identity_changes SET undone_by = $1 WHERE change_id = $2', [
        changeId,
        merge.change_id,
      ]);
      if (merge.alias_before === null) await deleteAlias(store, row);
      else {
        await store.run('UPDATE aliases SET person_id = $1 WHERE source = $2 AND account_id = $3', [
          merge.alias_before,
          row.source,
          row.account_id,
        ]);
      }
    } else {
      await deleteAlias(store, row);
      await store.run('INSERT INTO detached_accounts VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        row.source,
        row.account_id,
      ]);
    }
    await relinkAccounts(store, options.identity);
    const after = (await findAccount(store, label(row)))!.person_id;
    await store.run('UPDATE identity_changes SET person_after = $1 WHERE change_id = $2', [
      after,
      changeId,
    ]);
    return {
      changeId,
      action: 'split',
      account: label(row),
      personBefore: row.person_id,
      personAfter: after,
      outcome: merge ? 'restored' : 'detached',
    };
  });
}

/** A person's accounts when `name` is a person id, else the account `source:account_id`. */
async function resolveNamed(store: Store, name: string): Promise<AccountRow[]> {
  const owned = await store.all<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE person_id = $1 ORDER BY source, account_id`,
    [name],
  );
  if (owned.length > 0) return owned;
  const account = await findAccount(store, name);
  if (account) return [account];
  const person = await store.one('SELECT 1 FROM people WHERE person_id = $1', [name]);
  throw new IdentityError(
    person
      ? `the person "${name}" has no accounts to merge`
      : `"${name}" is neither a person nor an account (source:account) in the database`,
  );
}

/** The account `source:account_id`; the account id's case is forgiven when that is unambiguous. */
async function findAccount(store: Store, name: string): Promise<AccountRow | undefined> {
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const [source, id] = [name.slice(0, colon), name.slice(colon + 1)];
  const rows = await store.all<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts
     WHERE source = $1 AND lower(account_id) = lower($2)`,
    [source, id],
  );
  const exact = rows.find((row) => row.account_id === id);
  return exact ?? (rows.length === 1 ? rows[0] : undefined);
}

async function currentAlias(store: Store, row: AccountRow): Promise<string | null> {
  const alias = await store.one<{ person_id: string }>(
    'SELECT person_id FROM aliases WHERE source = $1 AND account_id = $2',
    [row.source, row.account_id],
  );
  return alias?.person_id ?? null;
}

async function deleteAlias(store: Store, row: AccountRow): Promise<void> {
  await store.run('DELETE FROM aliases WHERE source = $1 AND account_id = $2', [
    row.source,
    row.account_id,
  ]);
}

async function record(
  store: Store,
  action: 'merge' | 'split',
  row: AccountRow,
  alias: string | null,
  personAfter: string | null,
  options: ChangeOptions,
): Promise<number> {
  const { id } = (await store.one<{ id: number }>(
    `INSERT INTO identity_changes (change_id, action, source, account_id, person_before,
                                   person_after, alias_before, note, changed_by)
     VALUES (nextval('identity_change_ids'), $1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING change_id AS id`,
    [
      action,
      row.source,
      row.account_id,
      row.person_id,
      personAfter,
      alias,
      options.note ?? null,
      options.by,
    ],
  ))!;
  return id;
}
