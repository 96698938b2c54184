import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../store/database.ts';
import { readReportingLine } from '../store/people-queries.ts';
import type { Role } from './tokens.ts';

/**
 * Who is looking, and what that lets them see (docs/privacy.md):
 * - admin: everything, by name;
 * - analyst: organisation-wide networks and aggregates, everyone pseudonymised except the
 *   analyst and, when the token names a person, that person's reporting line;
 * - manager: names, flags and ego networks of their reporting line (down the org chart) and
 *   themselves; everyone else pseudonymised;
 * - member: their own network and the expert directory.
 */
export class Viewer {
  readonly role: Role;
  readonly tokenId: string | null;
  readonly person: string | null;
  /** People this viewer may see by name; null means everyone. */
  private readonly named: ReadonlySet<string> | null;
  private readonly pseudonymKey: Buffer;

  constructor(options: {
    role: Role;
    tokenId: string | null;
    person: string | null;
    named: ReadonlySet<string> | null;
    pseudonymKey: Buffer;
  }) {
    this.role = options.role;
    this.tokenId = options.tokenId;
    this.person = options.person;
    this.named = options.named;
    this.pseudonymKey = options.pseudonymKey;
  }

  static async of(
    store: Store,
    holder: { role: Role; tokenId: string | null; person: string | null },
  ): Promise<Viewer> {
    let named: Set<string> | null = null;
    if (holder.role !== 'admin') {
      named = new Set<string>();
      if (holder.person) {
        if (holder.role === 'member') named.add(holder.person);
        else for (const person of await readReportingLine(store, holder.person)) named.add(person);
      }
    }
    return new Viewer({ ...holder, named, pseudonymKey: await pseudonymKey(store) });
  }

  /** True when the viewer may see this person's name, flags and ego network. */
  canName(person: string): boolean {
    return this.named === null || this.named.has(person);
  }

  /** People the viewer may name, or null for everyone. */
  get scope(): ReadonlySet<string> | null {
    return this.named;
  }

  /** The stable alias shown instead of a person id the viewer may not see. */
  pseudonym(person: string): string {
    const digest = createHmac('sha256', this.pseudonymKey).update(person).digest('hex');
    return `anon-${digest.slice(0, 10)}`;
  }

  /**
   * Where a person goes in a list shown to a non-admin: their keyed hash, so that order says
   * nothing about ids (which follow the org chart, and often names).
   */
  orderKey(person: string): string {
    return this.pseudonym(person);
  }

  /** A key that identifies what this viewer may see, for caching shaped responses. */
  get cacheKey(): string {
    if (this.named === null) return 'all';
    return `${this.role}:${this.person ?? ''}:${this.named.size}`;
  }
}

/**
 * The key of the pseudonyms: random per database, so an alias can't be turned back into an id
 * by hashing the org chart's ids, and stable, so the same person keeps the same alias.
 */
async function pseudonymKey(store: Store): Promise<Buffer> {
  const read = () =>
    store.one<{ value: string }>(`SELECT value FROM settings WHERE key = 'pseudonym_key'`);
  let row = await read();
  if (!row) {
    await store.run(
      `INSERT INTO settings VALUES ('pseudonym_key', $1) ON CONFLICT (key) DO NOTHING`,
      [randomBytes(32).toString('hex')],
    );
    row = await read();
  }
  return Buffer.from(row!.value, 'hex');
}
