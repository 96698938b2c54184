/**
 * The repository's .mailmap applied to trailer people, whom `git log` prints as written: one
 * `git check-mailmap --stdin` run maps every distinct `Name <address>` of the import at once.
 */
import { gitOutput } from './git-process.ts';

export interface Identity {
  name: string | null;
  email: string;
}

/** Canonical identities, by the `Name <address>` contact they were looked up with. */
export async function mailmapIdentities(
  repo: string,
  identities: Iterable<Identity>,
): Promise<Map<string, Identity>> {
  const contacts = [...new Set([...identities].map(contactOf))];
  const mapped = new Map<string, Identity>();
  if (contacts.length === 0) return mapped;
  const output = (await gitOutput(repo, ['check-mailmap', '--stdin'], contacts.join('\n') + '\n'))
    .split('\n')
    .slice(0, contacts.length);
  contacts.forEach((contact, index) => {
    const canonical = /^(.*?)\s*<([^<>]*)>$/.exec(output[index] ?? '');
    mapped.set(
      contact,
      canonical ? { name: canonical[1] || null, email: canonical[2]! } : parseContact(contact),
    );
  });
  return mapped;
}

/** The contact line for an identity; a name git could not parse is left out. */
export function contactOf(identity: Identity): string {
  const name = identity.name?.replace(/[<>\n]/g, '').trim();
  return name ? `${name} <${identity.email}>` : `<${identity.email}>`;
}

function parseContact(contact: string): Identity {
  const [, name, email] = /^(.*?)\s*<([^<>]*)>$/.exec(contact)!;
  return { name: name || null, email: email! };
}
