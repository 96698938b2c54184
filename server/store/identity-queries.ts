import { DEFAULT_IDENTITY } from '../config.ts';
import type { Store } from './database.ts';

/** What `helpflow identities list` shows: people, their accounts, and why each account is theirs. */

export interface LinkedAccount {
  /** `source:account_id`. */
  account: string;
  name: string | null;
  email: string | null;
  /** alias, merge, email, person id, shared email, noreply, split or auto. */
  linkedBy: string;
}

export interface PersonIdentity {
  person: string;
  name: string | null;
  team: string | null;
  inOrgChart: boolean;
  accounts: LinkedAccount[];
}

export interface RecordedChange {
  changeId: number;
  action: 'merge' | 'split';
  account: string;
  personBefore: string | null;
  personAfter: string | null;
  note: string | null;
  by: string;
  at: string;
  /** The split that reversed this merge. */
  undoneBy: number | null;
}

/** People with at least one account (or the one person asked for), with their accounts. */
export async function readIdentities(
  store: Store,
  filters: { person?: string } = {},
): Promise<PersonIdentity[]> {
  const params: string[] = [];
  const where =
    filters.person === undefined ? '' : `WHERE p.person_id = $${params.push(filters.person)}`;
  const rows = await store.all<PersonIdentity>(
    `SELECT p.person_id AS person, p.display_name AS name, p.team, p.in_org_chart AS "inOrgChart",
            list({'account': a.source || ':' || a.account_id, 'name': a.display_name,
                  'email': a.email, 'linkedBy': a.linked_by}
                 ORDER BY a.source, a.account_id) AS accounts
     FROM people p JOIN accounts a ON a.person_id = p.person_id
     ${where}
     GROUP BY ALL ORDER BY p.person_id`,
    params,
  );
  return rows;
}

/** The recorded merges and splits, newest last; with `person`, those that touched them. */
export async function readIdentityChanges(
  store: Store,
  filters: { person?: string } = {},
): Promise<RecordedChange[]> {
  const params: string[] = [];
  const where =
    filters.person === undefined
      ? ''
      : `WHERE $${params.push(filters.person)} IN (person_before, person_after)`;
  return store.all<RecordedChange>(
    `SELECT change_id AS "changeId", action, source || ':' || account_id AS account,
            person_before AS "personBefore", person_after AS "personAfter", note,
            changed_by AS by, strftime(changed_at, '%Y-%m-%dT%H:%M:%SZ') AS at,
            undone_by AS "undoneBy"
     FROM identity_changes ${where} ORDER BY change_id`,
    params,
  );
}

export interface CrowdedPerson {
  person: string;
  name: string | null;
  accounts: number;
}

/**
 * People with more accounts than one person plausibly has: a sign that a shared address (a
 * team mailbox, a bot without the bot flag) or an alias pulled strangers together.
 */
export async function readCrowdedPeople(
  store: Store,
  options: { maxAccountsPerPerson?: number } = {},
): Promise<CrowdedPerson[]> {
  const max = options.maxAccountsPerPerson ?? DEFAULT_IDENTITY.maxAccountsPerPerson;
  return store.all<CrowdedPerson>(
    `SELECT p.person_id AS person, p.display_name AS name, count(*)::INTEGER AS accounts
     FROM accounts a JOIN people p ON p.person_id = a.person_id
     GROUP BY ALL HAVING count(*) > $1
     ORDER BY accounts DESC, person`,
    [max],
  );
}

/** The warning for crowded people, in words. */
export function crowdedWarning(person: CrowdedPerson, max: number): string {
  return (
    `${person.person} (${person.name ?? 'no name'}) has ${person.accounts} accounts, more than ` +
    `the ${max} one person plausibly has: check \`helpflow identities list --person ${person.person}\``
  );
}
