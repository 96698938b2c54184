import { join } from 'node:path';
import { orgChart } from '../connectors/org-chart/index.ts';
import type { AccountRecord, Connector, ConnectorRecord } from '../connectors/types.ts';
import type { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { ROOT, snapshot, writeTemp } from './helpers.ts';

/**
 * Inputs for the identity tests. The git, mbox and GitHub connectors are being written at the
 * same time as identity resolution; `recordsConnector` yields what they will (accounts of source
 * `email` keyed by the lower-cased address, `github` keyed by login) through the real pipeline.
 */

export const MINI_SLACK = join(ROOT, 'tests/fixtures/slack/mini-export');
export const SECRET = 'PLANTED-SECRET-TEXT-b7e1';

export function recordsConnector(id: string, records: ConnectorRecord[]): Connector {
  return {
    id,
    description: `test records for ${id}`,
    accepts: 'anything',
    async validate() {},
    async *read() {
      yield* records;
    },
  };
}

export function account(
  source: string,
  accountId: string,
  fields: Partial<Pick<AccountRecord, 'displayName' | 'email' | 'isBot'>> = {},
): AccountRecord {
  return {
    type: 'account',
    source,
    accountId,
    displayName: fields.displayName ?? null,
    email: fields.email ?? null,
    isBot: fields.isBot ?? false,
  };
}

let helpId = 0;
/** One reply of `helper` to `helped` in `source`, on a day of March 2026. */
export function help(source: string, helper: string, helped: string, day = 2): ConnectorRecord {
  helpId += 1;
  return {
    type: 'interaction',
    source,
    sourceId: `t${helpId}`,
    occurredAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00Z`,
    helper,
    helped,
    kind: 'reply',
    context: 'tests',
    topic: null,
    weight: null,
  };
}

/** Imports records as if a connector of that id had read them. */
export async function importRecords(
  store: Store,
  id: string,
  records: ConnectorRecord[],
): Promise<void> {
  await runImport(store, recordsConnector(id, records), { path: `${id}-records`, options: {} });
}

export async function importOrgChart(store: Store, rows: string[]): Promise<void> {
  const text = ['person,name,email,team,manager,title,joined', ...rows].join('\n');
  await runImport(store, orgChart, { path: writeTemp('org.csv', text), options: {} });
}

export interface AccountLink {
  account: string;
  person: string | null;
  linkedBy: string | null;
}

/** Every account with its person and how it was linked, by `source:account_id`. */
export async function links(store: Store): Promise<Record<string, AccountLink>> {
  const rows = await store.all<AccountLink>(
    `SELECT source || ':' || account_id AS account, person_id AS person, linked_by AS "linkedBy"
     FROM accounts ORDER BY ALL`,
  );
  return Object.fromEntries(rows.map((row) => [row.account, row]));
}

export async function personOf(store: Store, name: string): Promise<string | null> {
  return (await links(store))[name]?.person ?? null;
}

/** The data tables and the identity tables, to show that a failed change changed nothing. */
export async function identitySnapshot(store: Store): Promise<string> {
  const extra = [];
  for (const table of ['identity_changes', 'detached_accounts']) {
    extra.push(await store.all(`SELECT * FROM ${table} ORDER BY ALL`));
  }
  return (await snapshot(store)) + JSON.stringify(extra);
}
